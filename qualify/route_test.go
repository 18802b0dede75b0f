package qualify

import "testing"

func TestRouteQueue(t *testing.T) {
	cfg := specConfig(t)
	cases := []struct {
		name string
		firm Firmographics
		lead string // lead country
		want Placement
	}{
		{"smb emea", Firmographics{Employees: num(300), Country: text("DE")}, "", Placement{"smb", "emea", "sdr-smb-emea", true}},
		{"smb in na falls to general", Firmographics{Employees: num(300), Country: text("US")}, "", Placement{"smb", "na", "sdr-general", true}},
		{"midmarket any region", Firmographics{Employees: num(500), Country: text("JP")}, "", Placement{"midmarket", "apac", "sdr-midmarket", true}},
		{"employees win over revenue", Firmographics{Employees: num(2001), AnnualRevenue: num(1e6)}, "", Placement{"enterprise", "", "sdr-general", true}},
		{"revenue when employees unknown", Firmographics{AnnualRevenue: num(60e6), Country: text("de")}, "", Placement{"midmarket", "emea", "sdr-midmarket", true}},
		{"nothing known", Firmographics{}, "", Placement{"", "", "sdr-general", true}},
		{"lead country when the account has none", Firmographics{Employees: num(10)}, "fr", Placement{"smb", "emea", "sdr-smb-emea", true}},
		{"country in no region", Firmographics{Employees: num(10), Country: text("BR")}, "", Placement{"smb", "", "sdr-general", true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &Account{Domain: "x.io", Firm: c.firm, Leads: []Lead{{Email: "p@x.io"}}}
			if c.lead != "" {
				a.Leads[0].Country = text(c.lead)
			}
			if got, ok := RouteQueue(cfg, a, "p@x.io"); !ok || got != c.want {
				t.Errorf("RouteQueue = %+v, %v; want %+v", got, ok, c.want)
			}
		})
	}
}

func TestRouteRoundRobinAndStickyOwner(t *testing.T) {
	cfg := specConfig(t)
	for turn, want := range map[int64]string{0: "cy", 1: "dee", 2: "eve", 3: "cy", -1: "eve"} {
		a := &Account{Domain: "x.io", Firm: Firmographics{Employees: num(1000)}}
		got, ok := Route(cfg, a, "p@x.io", turn)
		if !ok || got.Rep != want || got.Reason != ReasonRoundRobin || a.Owner != want {
			t.Errorf("turn %d: %+v owner %q, want %s", turn, got, a.Owner, want)
		}
	}
	a := &Account{Domain: "x.io", Firm: Firmographics{Employees: num(1000)}, Owner: "ana"}
	p, _ := RouteQueue(cfg, a, "p@x.io")
	got, _ := Route(cfg, a, "p@x.io", 7)
	if p.NeedsTurn || got.Rep != "ana" || got.Reason != ReasonAccountOwner || got.Queue != "sdr-midmarket" {
		t.Errorf("sticky owner: placement %+v, assignment %+v", p, got)
	}
	cfg.Routing.StickyOwner = false
	got, _ = Route(cfg, a, "p@x.io", 1)
	if got.Rep != "dee" || got.Reason != ReasonRoundRobin || a.Owner != "ana" {
		t.Errorf("without sticky_owner: %+v, owner %q", got, a.Owner)
	}
}

func TestRouteUnmatchedDrop(t *testing.T) {
	cfg := mustConfig(t, `version: t
icps: [{name: i, attributes: [{field: industry, in: [software], weight: 1}]}]
grades: {A: 80, B: 60, C: 40}
readiness: {thresholds: {ready: 0, willing: 0, able: 0}}
qualify: {min_grade: D, personas: [none]}
routing:
  segments: [{name: smb, employees: [0, 499]}]
  queues: [{name: smb, when: {segment: smb}, reps: [a]}]
  unmatched: drop
`)
	a := &Account{Domain: "x.io", Firm: Firmographics{Employees: num(5000)}}
	if p, ok := RouteQueue(cfg, a, "p@x.io"); ok {
		t.Errorf("RouteQueue = %+v, want no queue", p)
	}
	if _, ok := Route(cfg, a, "p@x.io", 0); ok || a.Owner != "" {
		t.Error("Route of an unmatched lead succeeded")
	}
}
