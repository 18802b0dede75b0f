package qualify

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

const recheckConfig = `version: r
icps: [{name: any, attributes: [{field: domain, matches: '.', weight: 1}]}]
grades: {A: 80, B: 60, C: 40}
qualify: {min_grade: D, personas: [none]}
routing: {queues: [{name: all, when: {}, reps: [a]}]}
readiness:
  thresholds: {ready: %v, willing: %v, able: %v}
  signals:
    - {kind: form.demo_request, dimension: willing, points: 60, half_life: 14d}
    - {kind: trigger.tender, dimension: able, points: 2000, half_life: 1h}
  attributes:
    - {field: domain, in: [static.io], dimension: ready, points: 50}
  usage:
    - {name: exports, metric: events, event: report.exported, window: 7d, at_least: 5, dimension: ready, points: 50}
`

func recheckCfg(t *testing.T, ready, willing, able float64) *Config {
	t.Helper()
	return mustConfig(t, fmt.Sprintf(recheckConfig, ready, willing, able))
}

// qualifiedAccount applies evs and records the lead's qualification.
func qualifiedAccount(t *testing.T, cfg *Config, domain string, evs ...Event) *Account {
	t.Helper()
	a := &Account{}
	lead := Event{ID: "lead", Source: "crm", Time: evs[0].Time, Kind: LeadCaptured, Account: domain, Lead: Person{Email: "p@" + domain}}
	mustApply(t, a, cfg, append([]Event{lead}, evs...)...)
	ev := Evaluate(a, cfg, a.Clock.Time())
	if tr := Transitions(a, &ev); len(tr) != 1 || tr[0].Type != BecameQualified {
		t.Fatalf("lead not qualified: %+v", ev.Leads)
	}
	return a
}

func qualifiesAt(a *Account, cfg *Config, t time.Time) bool {
	return Evaluate(a, cfg, t).Leads[0].Qualified
}

func TestNextRecheckDecayCrossing(t *testing.T) {
	cfg := recheckCfg(t, 0, 40, 0)
	t0 := ts("2026-01-01T00:00:00Z")
	demo := Event{ID: "d", Source: "crm", Time: t0, Kind: LeadCaptured, Account: "x.io", Lead: Person{Email: "p@x.io"}, FormKind: "demo_request"}
	a := qualifiedAccount(t, cfg, "x.io", demo)
	due, ok := NextRecheck(a, cfg)
	crossing := t0.Add(time.Duration(float64(14*day) * math.Log2(1.5)))
	if !ok || due.Before(crossing) || due.Sub(crossing) > time.Second {
		t.Fatalf("NextRecheck = %v, %v; crossing at %v", due, ok, crossing)
	}
	if qualifiesAt(a, cfg, due) || !qualifiesAt(a, cfg, due.Add(-time.Second)) {
		t.Errorf("at %v the lead still qualifies, or a second before it does not", due)
	}
}

func TestNextRecheckSignalExpiry(t *testing.T) {
	cfg := recheckCfg(t, 0, 0, 1) // 2000 points at 10 half-lives are still 1.95
	t0 := ts("2026-01-01T00:00:00Z")
	tender := Event{ID: "t", Source: "news", Time: t0, Kind: TriggerDetected, Account: "x.io", TriggerKind: "tender"}
	a := qualifiedAccount(t, cfg, "x.io", tender)
	due, ok := NextRecheck(a, cfg)
	if want := t0.Add(10 * time.Hour); !ok || !due.Equal(want) {
		t.Fatalf("NextRecheck = %v, %v; want the expiry %v", due, ok, want)
	}
}

func TestNextRecheckUsageWindow(t *testing.T) {
	cfg := recheckCfg(t, 40, 0, 0)
	t1, t2 := ts("2026-01-01T00:00:00Z"), ts("2026-01-02T06:30:00Z")
	u := func(id string, at time.Time) Event {
		e := usageEvent(id, "u", "report.exported", at)
		e.Count, e.Account = 3, "x.io"
		return e
	}
	a := qualifiedAccount(t, cfg, "x.io", u("1", t1), u("2", t2))
	due, ok := NextRecheck(a, cfg)
	if want := t1.Add(7 * day); !ok || !due.Equal(want) {
		t.Fatalf("NextRecheck = %v, %v; want %v (first observation leaves the window)", due, ok, want)
	}
}

func TestNextRecheckNone(t *testing.T) {
	t0 := ts("2026-01-01T00:00:00Z")
	static := recheckCfg(t, 40, 0, 0)
	other := usageEvent("1", "u", "other", t0)
	other.Account = "static.io"
	a := qualifiedAccount(t, static, "static.io", other)
	if due, ok := NextRecheck(a, static); ok {
		t.Errorf("static points only: NextRecheck = %v, want none", due)
	}
	var b Account
	mustApply(t, &b, static, Event{ID: "l", Source: "s", Time: t0, Kind: LeadCaptured, Account: "x.io", Lead: Person{Email: "p@x.io"}})
	if due, ok := NextRecheck(&b, static); ok {
		t.Errorf("no qualified lead: NextRecheck = %v, want none", due)
	}
	b.Leads[0].Qualified = true // flagged, but fails now (ready 0 < 40)
	if due, ok := NextRecheck(&b, static); !ok || !due.Equal(t0) {
		t.Errorf("stale flag: NextRecheck = %v, %v; want the clock", due, ok)
	}
}

// TestNextRecheckAgreesWithEvaluate: for random accounts with a qualified
// lead, every lead qualifying at the clock still qualifies one second before
// the re-check instant, and one of them no longer does at it.
func TestNextRecheckAgreesWithEvaluate(t *testing.T) {
	cfg := specConfig(t)
	checked := 0
	for seed := uint64(1); seed <= 300; seed++ {
		var a Account
		evs := randomEvents(rand.New(rand.NewPCG(seed, 99)), 60)
		for i := range evs {
			evs[i].Company.Industry, evs[i].Company.Employees = "software", ptr(int64(300))
		}
		mustApply(t, &a, cfg, evs...)
		ev := Evaluate(&a, cfg, a.Clock.Time())
		Transitions(&a, &ev)
		due, ok := NextRecheck(&a, cfg)
		if !ok {
			continue
		}
		checked++
		before, at := Evaluate(&a, cfg, due.Add(-time.Second)), Evaluate(&a, cfg, due)
		stops := false
		for i, l := range a.Leads {
			if l.Qualified && !before.Leads[i].Qualified && due.After(a.Clock.Time()) {
				t.Errorf("seed %d: %s stops qualifying before %v", seed, l.Email, due)
			}
			stops = stops || (l.Qualified && !at.Leads[i].Qualified)
		}
		if !stops {
			t.Errorf("seed %d: every qualified lead still qualifies at %v", seed, due)
		}
	}
	t.Logf("%d accounts with a qualified lead", checked)
	if checked < 10 {
		t.Fatalf("only %d random accounts had a qualified lead", checked)
	}
}

// TestNextRecheckReusedMemory: NextRecheck's recycled working memory, used
// for one random account after another under two configurations, gives
// the answers of fresh memory.
func TestNextRecheckReusedMemory(t *testing.T) {
	cfgs := []*Config{specConfig(t), recheckCfg(t, 20, 30, 0)}
	var reused recheckMemory
	checked, fast := 0, 0
	for seed := uint64(1); seed <= 1500; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		evs := randomEvents(r, 1+r.IntN(80))
		for i := range evs {
			evs[i].Company.Industry, evs[i].Company.Employees = "software", ptr(int64(300))
		}
		cfg := cfgs[seed%2]
		var a Account
		mustApply(t, &a, cfg, evs...)
		ev := Evaluate(&a, cfg, a.Clock.Time())
		Transitions(&a, &ev)
		if seed%7 == 0 && len(a.Leads) > 0 {
			a.Leads[0].Qualified = true // a stale flag
		}
		if !slices.ContainsFunc(a.Leads, func(l Lead) bool { return l.Qualified }) {
			continue
		}
		checked++
		reused.rc = rechecker{}
		fresh := new(recheckMemory)
		due, ok := reused.nextRecheck(&a, cfg)
		wantDue, wantOK := fresh.nextRecheck(&a, cfg)
		if ok != wantOK || !due.Equal(wantDue) {
			t.Fatalf("seed %d: reused memory gives %v, %v; fresh memory %v, %v", seed, due, ok, wantDue, wantOK)
		}
		if fresh.rc.fast != nil { // the fast search ran: its steps agree too
			if !slices.Equal(reused.rc.breaks, fresh.rc.breaks) {
				t.Fatalf("seed %d: breaks %v, want %v", seed, reused.rc.breaks, fresh.rc.breaks)
			}
			if got, want := fastParts(&reused.fast), fastParts(&fresh.fast); !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d: fast score\n%+v\nwant\n%+v", seed, got, want)
			}
			fast++
		}
		if got, gotOK := NextRecheck(&a, cfg); gotOK != wantOK || !got.Equal(wantDue) {
			t.Fatalf("seed %d: NextRecheck %v, %v; fresh memory %v, %v", seed, got, gotOK, wantDue, wantOK)
		}
	}
	if checked < 20 || fast < 10 {
		t.Fatalf("only %d random accounts had a qualified lead, %d searched", checked, fast)
	}
}

// fastParts is what f computes, without its memory.
func fastParts(f *fastScore) fastScore {
	return fastScore{now: f.now, series: f.series, usage: f.usage, static: f.static, thresholds: f.thresholds}
}
