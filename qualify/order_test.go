package qualify

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// outcome is what a run publishes, minus the scores (which reflect the
// events applied when the output was made).
type outcome struct {
	Type        TransitionType
	Email, ID   string
	EvaluatedAt time.Time
	Queue, Rep  string
}

// run plays events like the pipeline: Apply, Evaluate, Transitions, routing
// with per-queue turn counters from 0, then every due re-check.
func run(t testing.TB, cfg *Config, evs []Event) (Account, []outcome) {
	t.Helper()
	var a Account
	var out []outcome
	turns := map[string]int64{}
	step := func(now time.Time) {
		ev := Evaluate(&a, cfg, now)
		for _, tr := range Transitions(&a, &ev) {
			o := outcome{Type: tr.Type, Email: tr.Email, ID: tr.ID, EvaluatedAt: tr.EvaluatedAt}
			if p, ok := RouteQueue(cfg, &a, tr.Email); ok && tr.Type == BecameQualified {
				turn := turns[p.Queue]
				if p.NeedsTurn {
					turns[p.Queue]++
				}
				as, _ := Route(cfg, &a, tr.Email, turn)
				o.Queue, o.Rep = as.Queue, as.Rep
			}
			out = append(out, o)
		}
	}
	for _, e := range evs {
		mustApply(t, &a, cfg, e)
		step(a.Clock.Time())
	}
	for i := 0; i < 100; i++ {
		due, ok := NextRecheck(&a, cfg)
		if !ok {
			break
		}
		a.Advance(cfg, due)
		step(due)
	}
	return a, out
}

func stateJSON(t testing.TB, a *Account) string {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// permutations calls f with every ordering of n indexes (Heap's algorithm).
func permutations(n int, f func([]int)) {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var gen func(k int)
	gen = func(k int) {
		if k == 1 {
			f(p)
			return
		}
		for i := 0; i < k; i++ {
			gen(k - 1)
			if k%2 == 0 {
				p[i], p[k-1] = p[k-1], p[i]
			} else {
				p[0], p[k-1] = p[k-1], p[0]
			}
		}
	}
	gen(n)
}

// TestWorkedExampleEveryOrder applies the six events of the README's worked example in all 720
// orders, each also followed by a redelivery of every event: the final state
// and the published transitions (type, lead, evaluated_at, id, queue, rep)
// are always the same.
func TestWorkedExampleEveryOrder(t *testing.T) {
	cfg := specConfig(t)
	evs := specEvents()
	refState, refOut := run(t, cfg, evs)
	if len(refOut) != 2 || refOut[0].Rep != "ana" || refOut[1].Type != BecameUnqualified ||
		!refOut[1].EvaluatedAt.Equal(ts("2026-11-12T12:00:00Z")) {
		t.Fatalf("reference run: %+v", refOut)
	}
	ref := stateJSON(t, &refState)
	count := 0
	permutations(len(evs), func(p []int) {
		count++
		order := make([]Event, 0, 2*len(evs))
		for _, i := range p {
			order = append(order, evs[i])
		}
		for _, i := range slices.Backward(p) {
			order = append(order, evs[i]) // redeliveries change nothing
		}
		a, out := run(t, cfg, order)
		if got := stateJSON(t, &a); got != ref {
			t.Fatalf("order %v: state\n%s\nwant\n%s", p, got, ref)
		}
		if !slices.Equal(out, refOut) {
			t.Fatalf("order %v: outputs %+v, want %+v", p, out, refOut)
		}
	})
	if count != 720 {
		t.Fatalf("%d orders, want 720", count)
	}
}

// randomEvents makes n events for one account with colliding times, several
// leads with changing titles, partial firmographics, triggers and usage.
func randomEvents(r *rand.Rand, n int) []Event {
	base := ts("2026-01-01T00:00:00Z")
	titles := []string{"", "VP Sales", "Intern", "Engineering Manager", "Engineer", "CTO"}
	forms := []string{"", "demo_request", "pricing", "content_download", "webinar"}
	triggers := []string{"funding_round", "tender", "scaling_issue", "negative_review", "layoffs"}
	evs := make([]Event, n)
	for i := range evs {
		e := Event{ID: fmt.Sprintf("e%d", i), Source: []string{"a", "b"}[r.IntN(2)], Account: "acme.io",
			Time: base.Add(time.Duration(r.IntN(400*24)) * time.Hour)}
		if r.IntN(4) == 0 {
			e.Time = base.Add(time.Duration(r.IntN(3)) * time.Hour) // ties
		}
		switch r.IntN(3) {
		case 0:
			e.Kind, e.FormKind = LeadCaptured, forms[r.IntN(len(forms))]
			e.Lead = Person{Email: fmt.Sprintf("p%d@acme.io", r.IntN(4)), Title: titles[r.IntN(len(titles))]}
			e.Company = randomCompany(r)
		case 1:
			e.Kind, e.TriggerKind = TriggerDetected, triggers[r.IntN(len(triggers))]
			e.Company = randomCompany(r)
		default:
			e.Kind, e.User, e.Count = UsageRecorded, fmt.Sprintf("u%d", r.IntN(30)), int64(r.IntN(3))
			e.UsageEvent = []string{"report.exported", "dashboard.viewed"}[r.IntN(2)]
		}
		evs[i] = e
	}
	return evs
}

func randomCompany(r *rand.Rand) Company {
	var c Company
	if r.IntN(2) == 0 {
		c.Industry = []string{"software", "education", "Retail"}[r.IntN(3)]
	}
	if r.IntN(2) == 0 {
		c.Employees = ptr(int64(r.IntN(3000)))
	}
	if r.IntN(2) == 0 {
		c.Country = []string{"DE", "us", "JP"}[r.IntN(3)]
	}
	if r.IntN(3) == 0 {
		c.TechStack = []string{"slack", "jira", "excel"}[:r.IntN(4)]
	}
	return c
}

// TestApplyOrderIndependence is a property test: random events applied in
// random orders, with random duplicates, give equal state and evaluation.
func TestApplyOrderIndependence(t *testing.T) {
	cfg := specConfig(t)
	for seed := uint64(1); seed <= 30; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		evs := randomEvents(r, 5+r.IntN(120))
		var want string
		for round := 0; round < 6; round++ {
			order := slices.Clone(evs)
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for k := r.IntN(len(evs)); k > 0; k-- { // redeliveries anywhere
				i := r.IntN(len(order) + 1)
				order = slices.Insert(order, i, evs[r.IntN(len(evs))])
			}
			var a Account
			mustApply(t, &a, cfg, order...)
			ev := Evaluate(&a, cfg, a.Clock.Time())
			got := stateJSON(t, &a) + "\n" + mustJSON(t, ev)
			if round == 0 {
				want = got
			} else if got != want {
				t.Fatalf("seed %d round %d: state differs\n%s\nwant\n%s", seed, round, got, want)
			}
		}
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
