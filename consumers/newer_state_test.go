package consumers

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leadq/leadq/consumers/statefmt"
)

// TestNewerStateWaitsForANewerRelease: an input whose account state is of a
// newer format version (written by an instance of a newer release during a
// rolling deploy) is neither applied nor dead-lettered, however many times
// it is delivered: the state stays as the newer release wrote it and the
// input unacknowledged. Once its account is readable (as it is by the newer
// release) the input is processed.
func TestNewerStateWaitsForANewerRelease(t *testing.T) {
	rg := newRig(t)
	cfg := rg.config()
	cfg.MaxDeliveries = 2
	r := rg.start(cfg)
	groups := spec9Groups(t, rg.subjects)
	rg.publish(groups[0]...)
	rg.settle(30 * time.Second)

	ctx := context.Background()
	key := rg.keys + "{" + spec9Account + "}:s"
	stored, err := rg.rdb.Get(ctx, key).Result()
	if err != nil {
		t.Fatal(err)
	}
	// "<version>:<next check>:<state>": a newer release's commit moves the
	// version and writes its format.
	parts := strings.SplitN(stored, ":", 3)
	version, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || len(parts) != 3 || parts[2] == "" || parts[2][0] != statefmt.Version {
		t.Fatalf("stored state %.40q", stored)
	}
	newer := strings.Join([]string{strconv.FormatInt(version+1, 10), parts[1], string(rune(statefmt.Version+1)) + parts[2][1:]}, ":")
	if err := rg.rdb.Set(ctx, key, newer, 0).Err(); err != nil {
		t.Fatal(err)
	}

	rg.publish(groups[1]...)
	refusals := func() float64 { return r.counter(t, "leadq_events_total", map[string]string{"outcome": "newer_state"}) }
	deadLettered := func() bool { return len(rg.streamMsgs(rg.names.DLQ)) > 0 }
	if !poll(60*time.Second, func() bool { return refusals() > float64(cfg.MaxDeliveries)+1 || deadLettered() }) {
		t.Fatalf("%v refusals of the newer state, want more than MaxDeliveries (%d)", refusals(), cfg.MaxDeliveries)
	}
	if dlq := rg.streamMsgs(rg.names.DLQ); len(dlq) != 0 {
		t.Fatalf("%d dead letters (first on %s), want none", len(dlq), dlq[0].Subject)
	}
	if got, err := rg.rdb.Get(ctx, key).Result(); err != nil || got != newer {
		t.Fatalf("the newer release's state was overwritten (%v)", err)
	}
	if why := rg.busy(); why != "inputs pending or unacknowledged" {
		t.Fatalf("pipeline state %q, want the input unacknowledged", why)
	}

	// The newer release would read it: here, the state becomes readable.
	readable := strings.Join([]string{strconv.FormatInt(version+2, 10), parts[1], parts[2]}, ":")
	if err := rg.rdb.Set(ctx, key, readable, 0).Err(); err != nil {
		t.Fatal(err)
	}
	rg.settle(60 * time.Second)
	if got := string(rg.accountState(spec9Account)); got == parts[2] {
		t.Error("the waiting input was not applied")
	}
	if dlq := rg.streamMsgs(rg.names.DLQ); len(dlq) != 0 {
		t.Errorf("%d dead letters, want none", len(dlq))
	}
}
