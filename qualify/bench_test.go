package qualify

import (
	"strconv"
	"testing"
	"time"
)

// benchAccount is an account with 20 leads, 300 signals and 200 users
// (plus 200 counted observations), all live at the clock.
func benchAccount(b *testing.B, cfg *Config) *Account {
	b.Helper()
	t0 := ts("2026-11-01T00:00:00Z")
	titles := []string{"VP Sales", "Engineer", "Engineering Manager", "Intern", "CTO"}
	forms := []string{"demo_request", "pricing", "content_download", "webinar"}
	triggers := []string{"funding_round", "tender", "scaling_issue", "negative_review"}
	var a Account
	for i := 0; i < 20; i++ {
		mustApply(b, &a, cfg, Event{ID: "l" + strconv.Itoa(i), Source: "crm", Time: t0.Add(time.Duration(i) * time.Minute),
			Kind: LeadCaptured, Account: "acme.io", Company: acme(),
			Lead: Person{Email: "p" + strconv.Itoa(i) + "@acme.io", Title: titles[i%len(titles)]}})
	}
	for i := 0; i < 300; i++ {
		e := Event{ID: "s" + strconv.Itoa(i), Source: "src", Time: t0.Add(time.Duration(i) * 2 * time.Hour), Account: "acme.io"}
		if i%2 == 0 {
			e.Kind, e.FormKind, e.Lead = LeadCaptured, forms[i%len(forms)], Person{Email: "p" + strconv.Itoa(i%20) + "@acme.io"}
		} else {
			e.Kind, e.TriggerKind = TriggerDetected, triggers[i%len(triggers)]
		}
		mustApply(b, &a, cfg, e)
	}
	end := a.Clock.Time()
	for i := 0; i < 200; i++ {
		mustApply(b, &a, cfg, Event{ID: "u" + strconv.Itoa(i), Source: "app", Time: end.Add(-time.Duration(i) * 10 * time.Minute),
			Kind: UsageRecorded, Account: "acme.io", User: "user" + strconv.Itoa(i), UsageEvent: "report.exported", Count: 1})
	}
	if len(a.Leads) != 20 || len(a.Signals) != 300 || len(a.Users) != 200 {
		b.Fatalf("bench account: %d leads, %d signals, %d users", len(a.Leads), len(a.Signals), len(a.Users))
	}
	return &a
}

func BenchmarkEvaluate(b *testing.B) {
	cfg := specConfig(b)
	a := benchAccount(b, cfg)
	now := a.Clock.Time()
	b.ReportAllocs()
	m := startCPU()
	for b.Loop() {
		ev := Evaluate(a, cfg, now)
		if len(ev.Leads) != 20 {
			b.Fatal("leads")
		}
	}
	m.report(b)
}

// BenchmarkApply applies one new event per iteration, a second apart, to
// the bench account; the signal list stays near its cap.
func BenchmarkApply(b *testing.B) {
	cfg := specConfig(b)
	kinds := []struct {
		name string
		make func(e *Event, i int)
	}{
		{"lead", func(e *Event, i int) {
			e.Kind, e.FormKind, e.Company = LeadCaptured, "pricing", acme()
			e.Lead = Person{Email: "p" + strconv.Itoa(i%20) + "@acme.io", Title: "VP Sales"}
		}},
		{"trigger", func(e *Event, i int) { e.Kind, e.TriggerKind = TriggerDetected, "tender" }},
		{"usage", func(e *Event, i int) {
			e.Kind, e.User, e.UsageEvent, e.Count = UsageRecorded, "user"+strconv.Itoa(i%250), "report.exported", 1
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			a := benchAccount(b, cfg)
			evs := make([]Event, 1<<12)
			for i := range evs {
				evs[i] = Event{ID: "b" + strconv.Itoa(i), Source: "bench", Account: "acme.io"}
				k.make(&evs[i], i)
			}
			t0 := a.Clock.Time()
			b.ReportAllocs()
			m := startCPU()
			i := 0
			for b.Loop() {
				i++
				e := &evs[i%len(evs)]
				e.Time = t0.Add(time.Duration(i) * time.Second) // always a new event
				if ch, err := a.Apply(cfg, *e); err != nil || !ch {
					b.Fatal(err, ch)
				}
			}
			m.report(b)
		})
	}
}

func BenchmarkNextRecheck(b *testing.B) {
	cfg := specConfig(b)
	a := benchAccount(b, cfg)
	ev := Evaluate(a, cfg, a.Clock.Time())
	Transitions(a, &ev)
	b.ReportAllocs()
	m := startCPU()
	for b.Loop() {
		NextRecheck(a, cfg)
	}
	m.report(b)
}
