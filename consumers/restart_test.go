package consumers

import (
	"context"
	"testing"
	"time"

	"github.com/leadq/leadq/deploy/embedded"
)

// TestRedisFailuresMidStream kills Redis (append-only, so nothing it
// acknowledged is lost) and starts it again while inputs flow, then flushes
// its script cache while they still flow: processing resumes, and the final
// account states and output ids equal a fault-free run's.
func TestRedisFailuresMidStream(t *testing.T) {
	rg := newRigWith(t, embedded.RedisOptions{AppendOnly: true})
	o := genOptions{Accounts: 20, Events: 3000, Leads: 10, Base: spec9Now.Add(-90 * time.Minute), Span: time.Hour, Seed: 2}

	rg.use("clean", "clean:")
	r := rg.start(rg.config())
	rg.publish(genEvents(rg.subjects, o)...)
	rg.settle(3 * time.Minute)
	r.stop(t)
	wantStates, wantIDs := rg.collect(o)

	rg.use("faulty", "faulty:")
	r = rg.start(rg.config())
	rg.publish(genEvents(rg.subjects, o)...)
	processed := func() float64 { return r.counter(t, "leadq_events_total", map[string]string{"outcome": "processed"}) }
	waitFor(t, "a third of the inputs processed", func() bool { return processed() >= float64(o.Events)/3 })
	rg.redis.Kill(t)
	waitFor(t, "failures while Redis is down", func() bool {
		return r.counter(t, "leadq_events_total", map[string]string{"outcome": "retried"}) > 0
	})
	rg.redis.Start(t)
	before := processed()
	waitFor(t, "processing resumed", func() bool { return processed() > before })
	for i := 0; i < 3; i++ {
		if err := rg.rdb.ScriptFlush(context.Background()).Err(); err != nil {
			t.Fatalf("SCRIPT FLUSH: %v", err)
		}
		n := processed()
		waitFor(t, "processing after SCRIPT FLUSH", func() bool { return processed() > n || rg.busy() == "" })
	}
	rg.settle(3 * time.Minute)
	gotStates, gotIDs := rg.collect(o)

	if len(wantIDs) == 0 {
		t.Fatal("the clean run published nothing")
	}
	if !equalStrings(gotIDs, wantIDs) {
		t.Errorf("output ids: %d after Redis failures, %d in the clean run", len(gotIDs), len(wantIDs))
	}
	for a, want := range wantStates {
		if gotStates[a] != want {
			t.Errorf("account %s differs after Redis failures", a)
		}
	}
	if dl := rg.streamMsgs(rg.names.DLQ); len(dl) > 0 {
		t.Errorf("%d dead letters: %s", len(dl), dl[0].Header.Get("leadq-error"))
	}
	t.Logf("%d events, %d outputs, %v retried deliveries", o.Events, len(gotIDs),
		r.counter(t, "leadq_events_total", map[string]string{"outcome": "retried"}))
}

// waitFor polls cond for up to two minutes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if !poll(2*time.Minute, cond) {
		t.Fatalf("timed out waiting for %s", what)
	}
}
