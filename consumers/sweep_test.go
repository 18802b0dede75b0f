package consumers

import (
	"context"
	"testing"
	"time"

	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
)

// TestSweeperFlushesOrphanedOutbox commits an outbox entry as a processor
// that crashed after its commit would have left it, with no input that will
// come back for it: the sweeper publishes it once it is older than SweepAge
// and empties the outbox.
func TestSweeperFlushesOrphanedOutbox(t *testing.T) {
	rg := newRig(t)
	msg, err := events.Encode(events.Output{
		Type: events.TypeLeadRouted, ID: "orphan-1", Subject: "orphan.example", Time: spec9Now,
		NATSSubject: rg.subjects.Routed("sdr-general"),
		Data: events.RoutedData{Lead: events.LeadSummary{Email: "a@orphan.example"},
			Account: events.AccountSummary{Domain: "orphan.example"}, Queue: "sdr-general", Rep: "fay",
			Reason: events.RouteRoundRobin, ConfigVersion: "v"},
	}, events.EncodeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	err = rg.st.Commit(context.Background(), "orphan.example", store.Commit{
		State: []byte(`{"d":"orphan.example","c":0,"f":{}}`), EventKey: "k",
		Outbox: []store.OutboxEntry{{ID: "orphan-1", Msg: marshalMsg(msg)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := rg.start(rg.config())
	waitOutputs(t, rg, 1)
	rg.settle(30 * time.Second)
	outs := rg.outputs()
	if len(outs) != 1 || outs[0].Subject != rg.subjects.Routed("sdr-general") || string(outs[0].Data) != string(msg.Data) {
		t.Fatalf("outputs %v, want the orphaned entry", outs)
	}
	if n := r.counter(t, "leadq_outputs_swept_total", nil); n != 1 {
		t.Errorf("leadq_outputs_swept_total = %v, want 1", n)
	}
}
