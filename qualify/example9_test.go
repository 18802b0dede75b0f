package qualify

import (
	"fmt"
	"testing"
	"time"
)

// TestWorkedExample replays the README's worked example step by step, checking every number to
// two decimals, the transitions, the routing and the re-check instant.
func TestWorkedExample(t *testing.T) {
	cfg := specConfig(t)
	evs := specEvents()
	steps := []struct {
		name      string
		events    []Event
		ready     float64
		willing   float64
		able      float64
		qualified bool
		reason    string
	}{
		{"content download", evs[0:1], 0, 15, 50, false, "readiness.ready below 40"},
		{"funding round", evs[1:2], 0, 13.61, 100, false, "readiness.ready below 40"},
		{"three users", evs[2:5], 50, 12.25, 100, false, "readiness.willing below 40"},
		{"demo request", evs[5:6], 50, 71.76, 100, true, ""},
	}
	var a Account
	var transitions []Transition
	for _, s := range steps {
		mustApply(t, &a, cfg, s.events...)
		ev := Evaluate(&a, cfg, a.Clock.Time())
		got := Scores{Round2(ev.Readiness.Ready), Round2(ev.Readiness.Willing), Round2(ev.Readiness.Able)}
		if want := (Scores{s.ready, s.willing, s.able}); got != want {
			t.Errorf("%s: readiness %+v, want %+v", s.name, got, want)
		}
		if ev.ICP != "midmarket-saas" || ev.Fit != 100 || ev.Grade != GradeA || ev.Disqualified {
			t.Errorf("%s: icp %s fit %v grade %s disqualified %v", s.name, ev.ICP, ev.Fit, ev.Grade, ev.Disqualified)
		}
		l := ev.Leads[0]
		if l.Role != "decision_maker" || l.Qualified != s.qualified || l.Reason != s.reason {
			t.Errorf("%s: lead %+v, want qualified %v reason %q", s.name, l, s.qualified, s.reason)
		}
		transitions = append(transitions, Transitions(&a, &ev)...)
	}
	if len(transitions) != 1 || transitions[0].Type != BecameQualified {
		t.Fatalf("transitions %+v, want one qualified", transitions)
	}
	q := transitions[0]
	if q.EvaluatedAt != ts("2026-11-06T08:00:00Z") || q.Readiness != (Scores{50, 71.76, 100}) || q.Fit != 100 {
		t.Errorf("qualified %+v", q)
	}
	checkRoute(t, cfg, &a, Assignment{Placement{"smb", "emea", "sdr-smb-emea", true}, "ana", ReasonRoundRobin})
	checkUnqualified(t, cfg, &a)
}

// checkUnqualified lets the usage window of the worked example pass.
func checkUnqualified(t *testing.T, cfg *Config, a *Account) {
	t.Helper()
	due, ok := NextRecheck(a, cfg)
	if want := ts("2026-11-12T12:00:00Z"); !ok || !due.Equal(want) {
		t.Fatalf("NextRecheck = %v, %v; want %v", due, ok, want)
	}
	a.Advance(cfg, due)
	ev := Evaluate(a, cfg, due)
	u := Transitions(a, &ev)
	if len(u) != 1 || u[0].Type != BecameUnqualified || u[0].Reason != "readiness.ready below 40" ||
		!u[0].EvaluatedAt.Equal(due) || u[0].Readiness.Ready != 0 {
		t.Fatalf("after the window: %+v", u)
	}
	if _, ok := NextRecheck(a, cfg); ok {
		t.Error("NextRecheck after unqualifying: want none")
	}
}

func checkRoute(t *testing.T, cfg *Config, a *Account, want Assignment) {
	t.Helper()
	p, ok := RouteQueue(cfg, a, "jane.doe@acme.io")
	if !ok || p != want.Placement {
		t.Errorf("RouteQueue = %+v, %v; want %+v", p, ok, want.Placement)
	}
	got, ok := Route(cfg, a, "jane.doe@acme.io", 0)
	if !ok || got != want {
		t.Errorf("Route = %+v, want %+v", got, want)
	}
	if a.Owner != want.Rep {
		t.Errorf("owner %q, want %q", a.Owner, want.Rep)
	}
}

// TestWorkedExampleFormulas checks the arithmetic of the worked example (README, Scoring).
func TestWorkedExampleFormulas(t *testing.T) {
	day := float64(24 * time.Hour)
	cases := []struct {
		name string
		got  float64
		want float64
	}{
		{"able after funding", min(100, 50+decay(60, UnixNano(0.9583*day), UnixNano(90*day))), 100},
		{"willing at usage", decay(15, UnixNano(4.0833*day), UnixNano(14*day)), 12.25},
		{"willing at demo", decay(15, UnixNano(4.9167*day), UnixNano(14*day)) + 60, 71.76},
		{"one half-life", decay(60, UnixNano(14*day), UnixNano(14*day)), 30},
	}
	for _, c := range cases {
		if fmt.Sprintf("%.2f", c.got) != fmt.Sprintf("%.2f", c.want) {
			t.Errorf("%s = %.4f, want %.2f", c.name, c.got, c.want)
		}
	}
}
