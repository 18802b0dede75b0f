package consumers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
)

// TestPanicIsContained: an input whose processing panics on every delivery
// does not crash the processor; it is retried, then dead-lettered as poison,
// and the other inputs are processed.
func TestPanicIsContained(t *testing.T) {
	rg := newRig(t)
	cfg := rg.config()
	cfg.MaxDeliveries = 3
	rg.start(cfg, func(p *Processor) { p.store = &panickingStore{Store: p.store, account: "poison.example"} })

	poison := recheckEvents(t, rg.subjects, rg.clock.Now().Add(-time.Hour))[1]
	poison.Data = []byte(strings.ReplaceAll(string(poison.Data), "recheck.example", "poison.example"))
	rg.publish(poison)
	for _, g := range spec9Groups(t, rg.subjects) {
		rg.publish(g...)
	}
	waitOutputs(t, rg, 3)
	rg.settle(60 * time.Second)

	dlq := rg.streamMsgs(rg.names.DLQ)
	if len(dlq) != 1 || dlq[0].Subject != rg.subjects.DLQ(events.ReasonPoison) {
		t.Fatalf("dead letters %d, want the one poison input", len(dlq))
	}
	if e := dlq[0].Header.Get(events.HeaderError); !strings.Contains(e, "panicked") || !strings.Contains(e, "injected panic") {
		t.Errorf("leadq-error = %q, want the panic", e)
	}
}

// panickingStore panics on loading one account, as a bug in processing would.
type panickingStore struct {
	Store
	account string
}

func (f *panickingStore) Load(ctx context.Context, account, key string) (store.Snapshot, error) {
	if account == f.account {
		panic("injected panic")
	}
	return f.Store.Load(ctx, account, key)
}
