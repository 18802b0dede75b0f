package consumers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
)

// TestBadInputAndPoisonAreDeadLettered: bad inputs go to leadq.dlq.<reason>
// at once; an input whose processing fails on every delivery goes to
// leadq.dlq.poison after MaxDeliveries, with the failure in leadq-error;
// the others are processed; nothing stays pending.
func TestBadInputAndPoisonAreDeadLettered(t *testing.T) {
	rg := newRig(t)
	cfg := rg.config()
	cfg.MaxDeliveries = 3
	r := rg.start(cfg, func(p *Processor) { p.store = &failingStore{Store: p.store, account: "poison.example"} })

	notJSON := nats.NewMsg(rg.subjects.Lead())
	notJSON.Header.Set("Content-Type", "application/cloudevents+json")
	notJSON.Data = []byte(`{"specversion": "1.0", "id": `)
	future := recheckEvents(t, rg.subjects, rg.clock.Now().Add(time.Hour))[1]
	poison := recheckEvents(t, rg.subjects, rg.clock.Now().Add(-time.Hour))[1]
	poison.Data = []byte(strings.ReplaceAll(string(poison.Data), "recheck.example", "poison.example"))
	good := spec9Groups(t, rg.subjects)
	rg.publish(notJSON, future, poison)
	for _, g := range good {
		rg.publish(g...)
	}
	waitOutputs(t, rg, 3)
	rg.settle(60 * time.Second)

	reasons := map[string]string{}
	for _, m := range rg.streamMsgs(rg.names.DLQ) {
		reasons[strings.TrimPrefix(m.Subject, rg.subjects.Prefix+".dlq.")] = m.Header.Get(events.HeaderError)
	}
	for _, want := range []string{"malformed", "future_time", "poison"} {
		if _, ok := reasons[want]; !ok {
			t.Errorf("no dead letter on %s: %v", want, reasons)
		}
	}
	if len(reasons) != 3 {
		t.Errorf("dead letters %v, want malformed, future_time and poison", reasons)
	}
	if e := reasons["poison"]; !strings.Contains(e, "injected load failure") || !strings.Contains(e, "3 deliveries") {
		t.Errorf("poison leadq-error = %q", e)
	}
	if got := r.counter(t, "leadq_dead_letters_total", nil); got != 3 {
		t.Errorf("leadq_dead_letters_total = %v, want 3", got)
	}
}

// TestConsumptionResumes deletes the durable consumer, then restarts the
// NATS server, each time with inputs flowing: the processor binds again
// and every input is processed.
func TestConsumptionResumes(t *testing.T) {
	rg := newRig(t)
	r := rg.start(rg.config())
	groups := spec9Groups(t, rg.subjects)
	rg.publish(groups[0]...)
	rg.settle(30 * time.Second)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	t0 := time.Now()
	if err := rg.nats.JS.DeleteConsumer(ctx, rg.names.In, DefaultDurable); err != nil {
		t.Fatalf("deleting the consumer: %v", err)
	}
	rg.publish(groups[1]...)
	waitFor(t, "the consumer bound again", func() bool { return r.p.Ready(context.Background()) == nil && rg.busy() == "" })

	t.Logf("rebound after %s", time.Since(t0))
	rg.nats.Restart(t)
	t.Logf("restarted after %s", time.Since(t0))
	rg.publish(groups[2]...)
	rg.publish(groups[3]...)
	t.Logf("published after %s", time.Since(t0))
	waitOutputs(t, rg, 3)
	t.Logf("outputs after %s", time.Since(t0))
	rg.settle(60 * time.Second)
	if n := len(rg.outputs()); n != 3 {
		t.Errorf("%d outputs, want 3", n)
	}
	if err := r.p.Ready(context.Background()); err != nil {
		t.Errorf("Ready after a restart: %v", err)
	}
}

// failingStore fails every Load of one account.
type failingStore struct {
	Store
	account string
}

func (f *failingStore) Load(ctx context.Context, account, key string) (store.Snapshot, error) {
	if account == f.account {
		return store.Snapshot{}, errors.New("injected load failure")
	}
	return f.Store.Load(ctx, account, key)
}
