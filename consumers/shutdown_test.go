package consumers

import (
	"context"
	"testing"
	"time"
)

// TestGracefulShutdownUnderLoad cancels Run while inputs flow: Run returns,
// no outbox is left pending, and a second run finishes the rest with the
// states and outputs of an uninterrupted run.
func TestGracefulShutdownUnderLoad(t *testing.T) {
	rg := newRig(t)
	o := genOptions{Accounts: 50, Events: 3000, Leads: 10, Base: spec9Now.Add(-90 * time.Minute), Span: time.Hour, Seed: 3}
	rg.use("whole", "whole:")
	r := rg.start(rg.config())
	rg.publish(genEvents(rg.subjects, o)...)
	rg.settle(3 * time.Minute)
	r.stop(t)
	wantStates, wantIDs := rg.collect(o)

	rg.use("halves", "halves:")
	first := rg.start(rg.config())
	rg.publish(genEvents(rg.subjects, o)...)
	waitFor(t, "a third of the inputs processed", func() bool {
		return first.counter(t, "leadq_events_total", nil) >= float64(o.Events)/3
	})
	first.stop(t) // fails the test if Run does not return
	done := first.counter(t, "leadq_events_total", nil)
	st, err := rg.st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Outboxes != 0 {
		t.Errorf("%d outboxes pending after a graceful shutdown", st.Outboxes)
	}
	if done >= float64(o.Events) {
		t.Fatalf("the first run finished all %d inputs before it was stopped: nothing left to test", o.Events)
	}
	t.Logf("the first run handled %v of %d inputs before stopping", done, o.Events)

	rg.start(rg.config())
	rg.settle(3 * time.Minute)
	gotStates, gotIDs := rg.collect(o)
	if len(wantIDs) == 0 {
		t.Fatal("the uninterrupted run published nothing")
	}
	if !equalStrings(gotIDs, wantIDs) {
		t.Errorf("output ids: %d in two runs, %d in one", len(gotIDs), len(wantIDs))
	}
	for a, want := range wantStates {
		if gotStates[a] != want {
			t.Errorf("account %s differs after a shutdown and restart", a)
		}
	}
}
