package consumers

import (
	"testing"
	"time"
)

// TestThreeInstancesMatchOne processes 10,000 events concentrated on 10
// accounts once with one processor and once with three processors sharing
// the streams and Redis: the final account states and the set of output
// ids must be equal, with nothing dead-lettered.
func TestThreeInstancesMatchOne(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 events twice")
	}
	rg := newRig(t)
	o := genOptions{Accounts: 10, Events: 10000, Leads: 20, Base: spec9Now.Add(-90 * time.Minute), Span: time.Hour, Seed: 1}

	run := func(name string, instances int) (map[string]string, []string, []*running) {
		rg.use(name, name+":")
		var rs []*running
		for range instances {
			rs = append(rs, rg.start(rg.config()))
		}
		start := time.Now()
		rg.publish(genEvents(rg.subjects, o)...)
		rg.settle(5 * time.Minute)
		t.Logf("%s: %d instances processed %d events in %s", name, instances, o.Events, time.Since(start).Round(time.Millisecond))
		states := map[string]string{}
		for _, a := range genAccounts(o) {
			states[a] = string(rg.accountState(a))
		}
		if dl := rg.streamMsgs(rg.names.DLQ); len(dl) > 0 {
			t.Errorf("%s: %d dead letters, first on %s: %s", name, len(dl), dl[0].Subject, dl[0].Header.Get("leadq-error"))
		}
		return states, msgIDs(rg.outputs()), rs
	}
	wantStates, wantIDs, _ := run("single", 1)
	gotStates, gotIDs, rs := run("triple", 3)

	if len(wantIDs) == 0 {
		t.Fatal("the single instance published no output: the event set qualifies nobody")
	}
	if !equalStrings(gotIDs, wantIDs) {
		t.Errorf("output ids differ: %d with three instances, %d with one", len(gotIDs), len(wantIDs))
	}
	for a, want := range wantStates {
		if want == "" || gotStates[a] != want {
			t.Errorf("account %s: state with three instances\n%s\nwith one\n%s", a, gotStates[a], want)
		}
	}
	conflicts := 0.0
	for i, r := range rs {
		n := r.counter(t, "leadq_events_total", nil)
		if n == 0 {
			t.Errorf("instance %d processed no event", i)
		}
		conflicts += r.counter(t, "leadq_commit_conflicts_total", nil)
		t.Logf("instance %d: %v events", i, n)
	}
	t.Logf("%d outputs; %v commit conflicts between instances", len(gotIDs), conflicts)
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
