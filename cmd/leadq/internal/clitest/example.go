package clitest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// The README's worked example (testdata/spec9 and testdata/config/spec.yaml
// at the repository root), run through the engine as the pipeline runs it.
var (
	exampleFiles = []string{"1-lead-content-download.json", "2-trigger-funding-round.json",
		"3-usage-u1.json", "3-usage-u2.json", "3-usage-u3.json", "4-lead-demo-request.json"}
	exampleWall = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) // the wall clock of decoding
)

// ExampleConfig is the path of the worked example's configuration.
func ExampleConfig(t testing.TB) string {
	t.Helper()
	return RepoFile(t, "testdata", "config", "spec.yaml")
}

// ExampleLine returns an input of the worked example (a file of
// testdata/spec9) as one NDJSON line.
func ExampleLine(t testing.TB, file string) string {
	t.Helper()
	data, err := os.ReadFile(RepoFile(t, "testdata", "spec9", file))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return buf.String()
}

// WorkedExample is the account after the six inputs: the stored state (lead
// qualified and routed, re-check due at Next) and the outputs published so
// far and at the re-check.
type WorkedExample struct {
	Config  *qualify.Config
	Account *qualify.Account
	Next    time.Time
	Outputs []events.Output
}

func loadExampleConfig(t testing.TB) *qualify.Config {
	t.Helper()
	cfg, _, err := rules.Load(ExampleConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// RunWorkedExample applies the inputs in time order as the pipeline does
// (apply, evaluate at the clock, transitions, route) and then the re-check,
// on a copy, for its lead.unqualified output.
func RunWorkedExample(t testing.TB) *WorkedExample {
	t.Helper()
	s := &WorkedExample{Config: loadExampleConfig(t), Account: &qualify.Account{}}
	turns := map[string]int64{}
	for _, f := range exampleFiles {
		msg := &nats.Msg{Data: []byte(ExampleLine(t, f)), Header: nats.Header{}}
		ev, err := events.Decode(msg, events.DecodeOptions{Now: exampleWall})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if _, err := s.Account.Apply(s.Config, toEngineEvent(ev)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		s.Outputs = append(s.Outputs, transitionOutputs(t, s.Config, s.Account, turns)...)
	}
	next, ok := qualify.NextRecheck(s.Account, s.Config)
	if !ok {
		t.Fatal("worked example: no re-check scheduled after the demo request")
	}
	s.Next = next
	later := &qualify.Account{}
	b, _ := json.Marshal(s.Account)
	if err := json.Unmarshal(b, later); err != nil {
		t.Fatal(err)
	}
	later.Advance(s.Config, next)
	s.Outputs = append(s.Outputs, transitionOutputs(t, s.Config, later, turns)...)
	return s
}

// transitionOutputs returns the outputs of the account's transitions at its
// clock (updating its lead flags and owner), as the pipeline encodes them.
func transitionOutputs(t testing.TB, cfg *qualify.Config, acct *qualify.Account, turns map[string]int64) []events.Output {
	t.Helper()
	var outs []events.Output
	eval := qualify.Evaluate(acct, cfg, acct.Clock.Time())
	for _, tr := range qualify.Transitions(acct, &eval) {
		expl, err := json.Marshal(tr.Explanation)
		if err != nil {
			t.Fatal(err)
		}
		r := tr.Readiness
		data := events.QualifiedData{
			Lead:    events.LeadSummary{Email: tr.Email, Title: tr.Lead.Title, Role: tr.Lead.Role},
			Account: events.AccountSummary{Domain: acct.Domain, Name: eval.Name}, EvaluatedAt: tr.EvaluatedAt.UTC(),
			ConfigVersion: cfg.Version, ICP: tr.ICP, Fit: events.Round2(tr.Fit), Grade: string(tr.Grade),
			Readiness:   events.Readiness{Ready: events.Round2(r.Ready), Willing: events.Round2(r.Willing), Able: events.Round2(r.Able)},
			Explanation: expl,
		}
		out := events.Output{ID: tr.ID, Subject: acct.Domain, Time: tr.EvaluatedAt.UTC()}
		if tr.Type == qualify.BecameUnqualified {
			out.Type, out.Data = events.TypeLeadUnqualified, events.UnqualifiedData{QualifiedData: data, Reason: tr.Reason}
			outs = append(outs, out)
			continue
		}
		out.Type, out.Data = events.TypeLeadQualified, data
		outs = append(outs, out)
		p, _ := qualify.RouteQueue(cfg, acct, tr.Email)
		a, _ := qualify.Route(cfg, acct, tr.Email, turns[p.Queue])
		turns[p.Queue]++
		outs = append(outs, events.Output{Type: events.TypeLeadRouted, ID: tr.RoutedID, Subject: acct.Domain,
			Time: out.Time, Data: events.RoutedData{Lead: events.LeadSummary{Email: tr.Email},
				Account: events.AccountSummary{Domain: acct.Domain}, Segment: a.Segment, Region: a.Region,
				Queue: a.Queue, Rep: a.Rep, Reason: string(a.Reason), ConfigVersion: cfg.Version}})
	}
	return outs
}

// toEngineEvent maps a decoded input to the engine's event, as the
// pipeline's consumers do.
func toEngineEvent(e *events.Event) qualify.Event {
	q := qualify.Event{ID: e.ID, Source: e.Source, Time: e.Time, Account: e.Account()}
	company := func(c *events.Company) qualify.Company {
		if c == nil {
			return qualify.Company{}
		}
		return qualify.Company{Name: c.Name, Industry: c.Industry, Country: c.Country, GrowthStage: c.GrowthStage,
			BusinessModel: c.BusinessModel, Employees: c.Employees, AnnualRevenue: c.AnnualRevenue, TechStack: c.TechStack}
	}
	switch {
	case e.Lead != nil:
		p := e.Lead.Lead
		q.Kind, q.Company = qualify.LeadCaptured, company(e.Lead.Company)
		q.Lead = qualify.Person{Email: p.Email, FirstName: p.FirstName, LastName: p.LastName,
			Title: p.Title, Department: p.Department, Country: p.Country}
		if e.Lead.Form != nil {
			q.FormKind = e.Lead.Form.Kind
		}
	case e.Trigger != nil:
		q.Kind, q.Company, q.TriggerKind = qualify.TriggerDetected, company(e.Trigger.Company), e.Trigger.Kind
	case e.Usage != nil:
		q.Kind, q.User, q.UsageEvent, q.Count = qualify.UsageRecorded, e.Usage.User, e.Usage.Event, e.Usage.Count
	}
	return q
}

// Store commits the worked example's state to a real Redis (of the test
// bench) and returns the flags explain needs to read it.
func (s *WorkedExample) Store(t testing.TB) []string {
	t.Helper()
	r := testbench.Redis(t)
	st, err := store.New(r.Client(t), store.Options{Prefix: r.Prefix})
	if err != nil {
		t.Fatal(err)
	}
	state, err := json.Marshal(s.Account)
	if err != nil {
		t.Fatal(err)
	}
	err = st.Commit(context.Background(), s.Account.Domain, store.Commit{Version: 0, State: state, NextCheck: s.Next})
	if err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return []string{"--config", ExampleConfig(t), "--redis-url", r.URL, "--key-prefix", r.Prefix}
}
