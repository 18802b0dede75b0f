// Throwaway cross-check of the synthetic stream with the real engine (not committed).
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
	"github.com/leadq/leadq/qualify"
)

func main() {
	data, _ := os.ReadFile("/work/main/testdata/config/spec.yaml")
	cfg, _, err := qualify.LoadConfig("spec.yaml", data, nil)
	if err != nil {
		panic(err)
	}
	for _, o := range []synth.Options{{Seed: 1}, {Seed: 2}, {Seed: 3}, {Seed: 1, Events: 6000}, {Seed: 1, Accounts: 1000}, {Seed: 1, Accounts: 10000, Events: 400000}} {
		g := synth.New(o)
		opts := g.Options()
		dec := events.DecodeOptions{Now: opts.Start.Add(opts.Span + time.Hour)}
		accts := map[string]*qualify.Account{}
		qual := map[string]bool{}
		nq, nu := 0, 0
		for it := range g.All() {
			ev, err := events.Decode(it.Msg(), dec)
			if err != nil {
				panic(err)
			}
			if ev.Account() == "" {
				continue
			}
			q := toQ(ev)
			a := accts[q.Account]
			if a == nil {
				a = &qualify.Account{Domain: q.Account}
				accts[q.Account] = a
			}
			if _, err := a.Apply(cfg, q); err != nil {
				panic(err)
			}
			e := qualify.Evaluate(a, cfg, q.Time)
			for _, tr := range qualify.Transitions(a, &e) {
				if tr.Type == qualify.BecameQualified {
					nq++
					qual[q.Account] = true
				} else {
					nu++
				}
			}
		}
		fmt.Printf("accounts %d events %d: %d accounts qualified (%.1f%%), %d qualified transitions, %d unqualified\n",
			opts.Accounts, opts.Events, len(qual), 100*float64(len(qual))/float64(opts.Accounts), nq, nu)
	}
}

func toQ(e *events.Event) qualify.Event {
	q := qualify.Event{ID: e.ID, Source: e.Source, Time: e.Time, Account: e.Account()}
	comp := func(c *events.Company) qualify.Company {
		if c == nil {
			return qualify.Company{}
		}
		return qualify.Company{Name: c.Name, Industry: c.Industry, Country: c.Country, GrowthStage: c.GrowthStage,
			BusinessModel: c.BusinessModel, Employees: c.Employees, AnnualRevenue: c.AnnualRevenue, TechStack: c.TechStack}
	}
	switch {
	case e.Lead != nil:
		q.Kind = qualify.LeadCaptured
		q.Company = comp(e.Lead.Company)
		p := e.Lead.Lead
		q.Lead = qualify.Person{Email: p.Email, FirstName: p.FirstName, LastName: p.LastName, Title: p.Title, Department: p.Department, Country: p.Country}
		if e.Lead.Form != nil {
			q.FormKind = e.Lead.Form.Kind
		}
	case e.Trigger != nil:
		q.Kind = qualify.TriggerDetected
		q.Company = comp(e.Trigger.Company)
		q.TriggerKind = e.Trigger.Kind
	default:
		q.Kind = qualify.UsageRecorded
		q.User, q.UsageEvent, q.Count = e.Usage.User, e.Usage.Event, e.Usage.Count
	}
	return q
}
