package qualify

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// exported is e without the memory EvaluateInto keeps, for comparisons.
func exported(e Evaluation) Evaluation {
	e.buf = evalBuffers{}
	return e
}

// TestEvaluateIntoEqualsEvaluate is a property test: one Evaluation reused
// for growing random accounts under two configurations, evaluated at their
// clock or later, equals a fresh Evaluate every time, nil slices included,
// and so do its explanations and signals.
func TestEvaluateIntoEqualsEvaluate(t *testing.T) {
	second := `  - name: second
    attributes:
      - {field: industry, in: [software, retail], weight: 10}
      - {field: country,  in: [JP],               weight: 5}
    disqualify:
      - {field: industry, in: [education]}
      - {field: domain,   matches: '\.io$'}
grades:`
	attrs := `- {field: employees, between: [100, null], dimension: able, points: 50}
    - {field: industry, in: [software], dimension: ready, points: 10}`
	text := strings.Replace(readSpec(t), "grades:", second, 1)
	text = strings.Replace(text, "- {field: annual_revenue, between: [20000000, null], dimension: able, points: 50}", attrs, 1)
	cfgs := []*Config{specConfig(t), mustConfig(t, text)}
	var into Evaluation
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		evs := randomEvents(r, 1+r.IntN(60))
		var a Account
		for i, ev := range evs {
			mustApply(t, &a, cfgs[0], ev)
			cfg := cfgs[(i+int(seed))%len(cfgs)]
			at := a.Clock.Time().Add(time.Duration(r.IntN(3)) * 10 * 24 * time.Hour)
			want := Evaluate(&a, cfg, at)
			EvaluateInto(&into, &a, cfg, at)
			if !reflect.DeepEqual(exported(into), exported(want)) {
				t.Fatalf("seed %d event %d: EvaluateInto\n%s\nwant\n%s", seed, i, mustJSON(t, into), mustJSON(t, want))
			}
			checkAccountReason(t, &into, cfg)
			for _, l := range a.Leads {
				x, _ := into.Explain(l.Email)
				wx, _ := want.Explain(l.Email)
				if !reflect.DeepEqual(x, wx) {
					t.Fatalf("seed %d event %d: explanation of %s\n%s\nwant\n%s", seed, i, l.Email, mustJSON(t, x), mustJSON(t, wx))
				}
			}
			for d := Dimension(0); d < numDimensions; d++ {
				if got, w := into.Signals(d), want.Signals(d); !reflect.DeepEqual(got, w) {
					t.Fatalf("seed %d event %d: signals of %s %v, want %v", seed, i, d, got, w)
				}
			}
		}
	}
}

// checkAccountReason checks the account-level reasons of e's leads against
// their definition (doc.go).
func checkAccountReason(t *testing.T, e *Evaluation, cfg *Config) {
	t.Helper()
	want := ""
	switch {
	case e.Disqualified:
		want = "account disqualified: " + strings.Join(e.ICPs[e.best].DisqualifiedBy, "; ")
	case !e.Grade.AtLeast(cfg.Qualify.MinGrade):
		want = "grade " + string(e.Grade) + " below " + string(cfg.Qualify.MinGrade)
	default:
		return
	}
	for _, l := range e.Leads {
		if l.Reason != want {
			t.Fatalf("lead %s: reason %q, want %q", l.Email, l.Reason, want)
		}
	}
}
