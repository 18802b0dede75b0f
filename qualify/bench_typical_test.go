package qualify

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// deployConfig loads the example configuration the pipeline benchmark runs
// with (deploy/leadq.yaml: two ICPs, 16 signal kinds, three usage rules).
func deployConfig(b *testing.B) *Config {
	b.Helper()
	path := filepath.Join("..", "deploy", "leadq.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	cfg, _, err := LoadConfig(path, data, nil)
	if err != nil {
		b.Fatalf("loading %s: %v", path, err)
	}
	return cfg
}

// typicalAccount is the pipeline's typical account: 3 leads (one of them
// qualified), 20 live signals, 10 users and 10 counted observations, with
// the Qualified flags Transitions keeps.
func typicalAccount(b *testing.B, cfg *Config) *Account {
	b.Helper()
	t0 := ts("2026-11-01T00:00:00Z")
	titles := []string{"VP Sales", "Engineer", "Engineering Manager"}
	kinds := []string{"demo_request", "pricing", "webinar", "content_download"}
	triggers := []string{"tender", "scaling_issue", "new_project", "hiring_surge"}
	var a Account
	for i := range titles {
		mustApply(b, &a, cfg, Event{ID: "l" + strconv.Itoa(i), Source: "crm", Time: t0.Add(time.Duration(i) * time.Minute),
			Kind: LeadCaptured, Account: "acme.io", Company: acme(),
			Lead: Person{Email: "p" + strconv.Itoa(i) + "@acme.io", Title: titles[i]}})
	}
	for i := 0; i < 20; i++ {
		e := Event{ID: "s" + strconv.Itoa(i), Source: "src", Time: t0.Add(time.Duration(i) * 6 * time.Hour), Account: "acme.io"}
		if i%2 == 0 {
			e.Kind, e.FormKind, e.Lead = LeadCaptured, kinds[i/2%len(kinds)], Person{Email: "p" + strconv.Itoa(i%3) + "@acme.io"}
		} else {
			e.Kind, e.TriggerKind = TriggerDetected, triggers[i/2%len(triggers)]
		}
		mustApply(b, &a, cfg, e)
	}
	end := a.Clock.Time()
	for i := 0; i < 10; i++ {
		mustApply(b, &a, cfg, Event{ID: "u" + strconv.Itoa(i), Source: "app", Time: end.Add(-time.Duration(i) * time.Hour),
			Kind: UsageRecorded, Account: "acme.io", User: "user" + strconv.Itoa(i), UsageEvent: "report.exported", Count: 1})
	}
	ev := Evaluate(&a, cfg, a.Clock.Time())
	Transitions(&a, &ev)
	q := 0
	for _, l := range a.Leads {
		if l.Qualified {
			q++
		}
	}
	if len(a.Leads) != 3 || len(a.Signals) != 20 || len(a.Users) != 10 || len(a.Usage) != 10 || q == 0 {
		b.Fatalf("typical account: %d leads (%d qualified), %d signals, %d users, %d observations",
			len(a.Leads), q, len(a.Signals), len(a.Users), len(a.Usage))
	}
	return &a
}

// reset makes a equal to tmpl again, reusing a's slices (the leads' field
// values stay shared, as in the pipeline's cached accounts).
func (a *Account) resetTo(tmpl *Account) {
	a.Domain, a.Clock, a.Firm, a.Owner = tmpl.Domain, tmpl.Clock, tmpl.Firm, tmpl.Owner
	a.Leads = append(a.Leads[:0], tmpl.Leads...)
	a.Signals = append(a.Signals[:0], tmpl.Signals...)
	a.Users = append(a.Users[:0], tmpl.Users...)
	a.Usage = append(a.Usage[:0], tmpl.Usage...)
}

// typicalEvents are new events for the typical account, a second apart
// after its clock: forms of known leads, triggers and usage.
func typicalEvents(a *Account) []Event {
	evs := make([]Event, 64)
	t0 := a.Clock.Time()
	for i := range evs {
		e := &evs[i]
		*e = Event{ID: "b" + strconv.Itoa(i), Source: "bench", Account: "acme.io", Time: t0.Add(time.Duration(i+1) * time.Second)}
		switch i % 3 {
		case 0:
			e.Kind, e.FormKind, e.Lead = LeadCaptured, "pricing", Person{Email: "p" + strconv.Itoa(i%3) + "@acme.io"}
		case 1:
			e.Kind, e.TriggerKind = TriggerDetected, "tender"
		default:
			e.Kind, e.User, e.UsageEvent, e.Count = UsageRecorded, "user"+strconv.Itoa(i%12), "report.exported", 1
		}
	}
	return evs
}

// BenchmarkTypical measures the engine's per-event work on the typical
// account as the pipeline does it: Apply, Evaluate, Transitions and
// NextRecheck, each alone and all together.
func BenchmarkTypical(b *testing.B) {
	cfg := deployConfig(b)
	tmpl := typicalAccount(b, cfg)
	evs := typicalEvents(tmpl)
	b.Run("Apply", func(b *testing.B) {
		var a Account
		b.ReportAllocs()
		m := startCPU()
		i := 0
		for b.Loop() {
			a.resetTo(tmpl)
			if ch, err := a.Apply(cfg, evs[i%len(evs)]); err != nil || !ch {
				b.Fatal(err, ch)
			}
			i++
		}
		m.report(b)
	})
	b.Run("Evaluate", func(b *testing.B) {
		now := tmpl.Clock.Time()
		b.ReportAllocs()
		m := startCPU()
		for b.Loop() {
			ev := Evaluate(tmpl, cfg, now)
			if len(ev.Leads) != 3 {
				b.Fatal("leads")
			}
		}
		m.report(b)
	})
	b.Run("EvaluateInto", func(b *testing.B) {
		now := tmpl.Clock.Time()
		var ev Evaluation
		b.ReportAllocs()
		m := startCPU()
		for b.Loop() {
			EvaluateInto(&ev, tmpl, cfg, now)
			if len(ev.Leads) != 3 {
				b.Fatal("leads")
			}
		}
		m.report(b)
	})
	b.Run("NextRecheck", func(b *testing.B) {
		b.ReportAllocs()
		m := startCPU()
		for b.Loop() {
			if _, ok := NextRecheck(tmpl, cfg); !ok {
				b.Fatal("no recheck")
			}
		}
		m.report(b)
	})
	b.Run("Event", func(b *testing.B) {
		var a Account
		b.ReportAllocs()
		m := startCPU()
		i := 0
		for b.Loop() {
			a.resetTo(tmpl)
			if _, err := a.Apply(cfg, evs[i%len(evs)]); err != nil {
				b.Fatal(err)
			}
			ev := Evaluate(&a, cfg, a.Clock.Time())
			if len(Transitions(&a, &ev)) != 0 {
				b.Fatal("transition")
			}
			NextRecheck(&a, cfg)
			i++
		}
		m.report(b)
	})
	b.Run("EventInto", func(b *testing.B) { // as Event, with EvaluateInto
		var a Account
		var ev Evaluation
		b.ReportAllocs()
		m := startCPU()
		i := 0
		for b.Loop() {
			a.resetTo(tmpl)
			if _, err := a.Apply(cfg, evs[i%len(evs)]); err != nil {
				b.Fatal(err)
			}
			EvaluateInto(&ev, &a, cfg, a.Clock.Time())
			if len(Transitions(&a, &ev)) != 0 {
				b.Fatal("transition")
			}
			NextRecheck(&a, cfg)
			i++
		}
		m.report(b)
	})
}
