package qualify

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestCapsOrderIndependence overflows the signal, user and observation caps:
// whatever the order, the newest entries by (time, source, id) are kept.
func TestCapsOrderIndependence(t *testing.T) {
	cfg := specConfig(t)
	base := ts("2026-03-01T00:00:00Z")
	var evs []Event
	for i := 0; i < MaxSignals+150; i++ {
		evs = append(evs, Event{ID: fmt.Sprintf("t%04d", i), Source: "news", Account: "acme.io",
			Time: base.Add(time.Duration(i/3) * time.Hour), Kind: TriggerDetected, TriggerKind: "tender"})
	}
	for i := 0; i < MaxUsers+100; i++ {
		evs = append(evs, Event{ID: fmt.Sprintf("u%04d", i), Source: "app", Account: "acme.io",
			Time: base.Add(time.Duration(i/2) * time.Second), Kind: UsageRecorded,
			User: fmt.Sprintf("user%04d", i), UsageEvent: "report.exported", Count: 1})
	}
	r := rand.New(rand.NewPCG(3, 4))
	var want string
	for round := 0; round < 4; round++ {
		order := slices.Clone(evs)
		if round > 0 {
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		var a Account
		mustApply(t, &a, cfg, order...)
		if len(a.Signals) != MaxSignals || len(a.Users) != MaxUsers {
			t.Fatalf("round %d: %d signals, %d users; want the caps", round, len(a.Signals), len(a.Users))
		}
		if got := a.Signals[0].At.I; got != "t0150" {
			t.Fatalf("round %d: oldest kept signal %s, want t0150", round, got)
		}
		if got := stateJSON(t, &a); round == 0 {
			want = got
		} else if got != want {
			t.Fatalf("round %d: state differs from the in-order run", round)
		}
	}
}

// TestStateJSONRoundTrip stores the state half-way (as the pipeline does in
// Redis) and continues: the result equals an uninterrupted run.
func TestStateJSONRoundTrip(t *testing.T) {
	cfg := specConfig(t)
	evs := randomEvents(rand.New(rand.NewPCG(11, 12)), 200)
	var direct Account
	mustApply(t, &direct, cfg, evs...)
	var a Account
	for i, e := range evs {
		mustApply(t, &a, cfg, e)
		if i%10 == 0 {
			b, err := json.Marshal(&a)
			if err != nil {
				t.Fatal(err)
			}
			a = Account{}
			if err := json.Unmarshal(b, &a); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got, want := stateJSON(t, &a), stateJSON(t, &direct); got != want {
		t.Fatalf("after round trips\n%s\nwant\n%s", got, want)
	}
}

func TestApplyErrors(t *testing.T) {
	cfg := specConfig(t)
	ok := specEvents()[0]
	cases := []struct {
		name string
		edit func(*Event)
		want error
	}{
		{"no id", func(e *Event) { e.ID = "" }, ErrInvalidEvent},
		{"no time", func(e *Event) { e.Time = time.Time{} }, ErrInvalidEvent},
		{"lead without email", func(e *Event) { e.Lead.Email = "" }, ErrInvalidEvent},
		{"no kind", func(e *Event) { e.Kind = 0 }, ErrInvalidEvent},
		{"usage without account", func(e *Event) { e.Kind, e.User, e.UsageEvent, e.Account = UsageRecorded, "u", "x", "" }, ErrInvalidEvent},
		{"other account", func(e *Event) { e.Account = "other.io" }, ErrAccountMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Account{Domain: "acme.io", Clock: 1}
			e := ok
			c.edit(&e)
			if _, err := a.Apply(cfg, e); err != c.want {
				t.Fatalf("Apply = %v, want %v", err, c.want)
			}
		})
	}
}

func TestApplyReportsChange(t *testing.T) {
	cfg := specConfig(t)
	var a Account
	for _, e := range specEvents() {
		if ch, _ := a.Apply(cfg, e); !ch {
			t.Errorf("first Apply of %s: no change reported", e.ID)
		}
		if ch, _ := a.Apply(cfg, e); ch {
			t.Errorf("second Apply of %s: change reported", e.ID)
		}
	}
}
