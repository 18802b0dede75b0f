package qualify_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/leadq/leadq/qualify"
)

func specConfig() *qualify.Config {
	data, err := os.ReadFile("../testdata/config/spec.yaml")
	if err != nil {
		panic(err)
	}
	cfg, _, err := qualify.LoadConfig("spec.yaml", data, nil)
	if err != nil {
		panic(err)
	}
	return cfg
}

func at(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// account replays the README's worked example up to the demo request.
func account(cfg *qualify.Config) *qualify.Account {
	employees, revenue := int64(300), 40e6
	acme := qualify.Company{Name: "Acme", Industry: "software", Employees: &employees, AnnualRevenue: &revenue,
		Country: "DE", GrowthStage: "scaleup", TechStack: []string{"slack", "notion"}}
	jane := qualify.Person{Email: "jane.doe@acme.io", Title: "VP Marketing"}
	evs := []qualify.Event{
		{ID: "1", Source: "crm", Time: at("2026-11-01T10:00:00Z"), Kind: qualify.LeadCaptured, Account: "acme.io", Company: acme, Lead: jane, FormKind: "content_download"},
		{ID: "2", Source: "news", Time: at("2026-11-03T09:00:00Z"), Kind: qualify.TriggerDetected, Account: "acme.io", TriggerKind: "funding_round"},
		{ID: "6", Source: "crm", Time: at("2026-11-06T08:00:00Z"), Kind: qualify.LeadCaptured, Account: "acme.io", Lead: jane, FormKind: "demo_request"},
	}
	for i, u := range []string{"u1", "u2", "u3"} {
		evs = append(evs, qualify.Event{ID: fmt.Sprint(3 + i), Source: "app", Time: at("2026-11-05T12:00:00Z"),
			Kind: qualify.UsageRecorded, Account: "acme.io", User: u, UsageEvent: "dashboard.viewed", Count: 1})
	}
	var a qualify.Account
	for _, e := range evs {
		if _, err := a.Apply(cfg, e); err != nil {
			panic(err)
		}
	}
	return &a
}

func ExampleLoadConfig() {
	cfg, warnings, err := qualify.LoadConfig("leadq.yaml", []byte(`version: "1"
icps:
  - name: saas
    attributes:
      - {field: industry, in: [software, saas], weight: 2}
      - {field: employees, between: [50, null], weight: 1}
grades: {A: 80, B: 60, C: 40}
personas: [{role: buyer, title_matches: '(?i)\bhead\b'}]
readiness:
  thresholds: {ready: 0, willing: 40, able: 0}
  signals: [{kind: form.pricing, dimension: willing, points: 40, half_life: 7d}]
qualify: {min_grade: B, personas: [buyer]}
routing:
  queues: [{name: sales, when: {}, reps: [ana]}]
`), nil)
	fmt.Println(err)
	fmt.Println(warnings[0])
	fmt.Print(cfg.Summary())
	// Output:
	// <nil>
	// leadq.yaml:4: icps[0].attributes: 2 attributes; 5 to 10 are recommended
	// version 1
	// 1 ICP(s):
	//   saas: 2 attributes, 0 disqualifiers
	//     industry in [software, saas] (weight 2)
	//     employees between [50, null] (weight 1)
	// grades: A ≥ 80, B ≥ 60, C ≥ 40; qualify: grade ≥ B, personas buyer
	// 1 signal kind(s): form.pricing
	// 0 usage rule(s)
	// 1 queue(s):
	//   sales: segment any, region any, reps ana
}

func ExampleLoadConfig_error() {
	_, _, err := qualify.LoadConfig("leadq.yaml", []byte(`version: "1"
icps:
  - name: saas
    attributes:
      - {field: industry, in: [software], wieght: 2}
`), nil)
	fmt.Println(err)
	// Output:
	// leadq.yaml:1: grades: is required (A, B and C)
	// leadq.yaml:1: qualify: is required (min_grade and personas)
	// leadq.yaml:1: readiness: is required (thresholds at least)
	// leadq.yaml:1: routing: is required (queues at least)
	// leadq.yaml:5: icps[0].attributes[0].weight: is required
	// leadq.yaml:5: icps[0].attributes[0].wieght: unknown field
}

func ExampleEvaluate() {
	cfg := specConfig()
	a := account(cfg)
	ev := qualify.Evaluate(a, cfg, a.Clock.Time())
	fmt.Println(ev.ICP, ev.Fit, ev.Grade)
	fmt.Printf("ready %.2f willing %.2f able %.2f\n", ev.Readiness.Ready, ev.Readiness.Willing, ev.Readiness.Able)
	for _, s := range ev.Signals(qualify.Willing) {
		fmt.Printf("%s %s %.0f → %.2f\n", s.Kind, s.Time.Format(time.DateOnly), s.Points, s.Decayed)
	}
	l := ev.Leads[0]
	fmt.Println(l.Email, l.Role, l.Qualified)
	// Output:
	// midmarket-saas 100 A
	// ready 50.00 willing 71.76 able 100.00
	// form.content_download 2026-11-01 15 → 11.76
	// form.demo_request 2026-11-06 60 → 60.00
	// jane.doe@acme.io decision_maker true
}

func ExampleTransitions() {
	cfg := specConfig()
	a := account(cfg)
	ev := qualify.Evaluate(a, cfg, a.Clock.Time())
	for _, tr := range qualify.Transitions(a, &ev) {
		fmt.Println(tr.Type, tr.Email, tr.Seq, tr.EvaluatedAt.Format(time.RFC3339), tr.ID)
		b, _ := json.Marshal(tr.Explanation.Readiness.Ready)
		fmt.Println(string(b))
	}
	// Output:
	// qualified jane.doe@acme.io 1 2026-11-06T08:00:00Z da0c20a63071cdbb85825ba53bf9fc62
	// {"dimension":"ready","score":50,"threshold":40,"passed":true,"signals":[],"attributes":[],"usage":[{"name":"team_adoption","metric":"active_users","window":"7d","value":3,"at_least":3,"dimension":"ready","points":50,"passed":true}]}
}

func ExampleRoute() {
	cfg := specConfig()
	a := account(cfg)
	p, _ := qualify.RouteQueue(cfg, a, "jane.doe@acme.io")
	fmt.Println(p.Segment, p.Region, p.Queue, p.NeedsTurn)
	turn := int64(0) // the caller's turn counter for p.Queue
	r, _ := qualify.Route(cfg, a, "jane.doe@acme.io", turn)
	fmt.Println(r.Rep, r.Reason, a.Owner)
	r, _ = qualify.Route(cfg, a, "jane.doe@acme.io", 1) // sticky owner
	fmt.Println(r.Rep, r.Reason)
	// Output:
	// smb emea sdr-smb-emea true
	// ana round_robin ana
	// ana account_owner
}

func ExampleNextRecheck() {
	cfg := specConfig()
	a := account(cfg)
	ev := qualify.Evaluate(a, cfg, a.Clock.Time())
	qualify.Transitions(a, &ev)
	due, ok := qualify.NextRecheck(a, cfg)
	fmt.Println(due, ok)
	a.Advance(cfg, due)
	ev = qualify.Evaluate(a, cfg, due)
	for _, tr := range qualify.Transitions(a, &ev) {
		fmt.Println(tr.Type, tr.Reason)
	}
	// Output:
	// 2026-11-12 12:00:00 +0000 UTC true
	// unqualified readiness.ready below 40
}
