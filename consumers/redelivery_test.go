package consumers

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestDuplicatesAndRedeliveriesChangeNothing runs the worked example once cleanly, then
// again under each fault, each on streams and state of its own: the outputs
// (ids, subjects, payloads) and the final account state must be the clean
// run's.
func TestDuplicatesAndRedeliveriesChangeNothing(t *testing.T) {
	rg := newRig(t)
	rg.use("clean", "clean:")
	r := rg.start(rg.config())
	for _, g := range spec9Groups(t, rg.subjects) {
		rg.publish(g...)
	}
	waitOutputs(t, rg, 3)
	rg.settle(30 * time.Second)
	r.stop(t)
	wantOuts, wantState := rg.outputsByID(), string(rg.accountState(spec9Account))
	if len(wantOuts) != 3 || wantState == "" {
		t.Fatalf("clean run: %d outputs, state %q", len(wantOuts), wantState)
	}

	tests := []struct {
		name string
		// run processes the worked-example inputs under a fault and returns one of the
		// processors that ran, for its metrics.
		run           func(t *testing.T, rg *rig) *running
		minRedelivery float64
		minDuplicates float64
	}{
		{"each input published three times", publishThrice, 0, 12},
		{"acks withheld", withholdAcks, 6, 6},
		{"outputs not acknowledged by the stream", failPublishes, 1, 0},
		{"processor stopped before acking", stopBeforeAcking, 6, 6},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rg.t = t
			rg.use(fmt.Sprintf("fault%d", i), fmt.Sprintf("fault%d:", i))
			r := tt.run(t, rg)
			waitOutputs(t, rg, 3)
			rg.settle(60 * time.Second)
			diffOutputs(t, rg.outputsByID(), wantOuts)
			if got := string(rg.accountState(spec9Account)); got != wantState {
				t.Errorf("state differs from the clean run:\n%s\nwant\n%s", got, wantState)
			}
			if got := r.counter(t, "leadq_redeliveries_total", nil); got < tt.minRedelivery {
				t.Errorf("%v redeliveries, want at least %v", got, tt.minRedelivery)
			}
			if got := r.counter(t, "leadq_events_total", map[string]string{"outcome": "duplicate"}); got < tt.minDuplicates {
				t.Errorf("%v duplicates, want at least %v", got, tt.minDuplicates)
			}
		})
	}
}

// publishThrice publishes every input three times: once with its id as
// Nats-Msg-Id, then twice without (the stream cannot drop those copies).
func publishThrice(t *testing.T, rg *rig) *running {
	r := rg.start(rg.config())
	for _, g := range spec9Groups(t, rg.subjects) {
		for copy := 0; copy < 3; copy++ {
			for _, m := range g {
				c := nats.NewMsg(m.Subject)
				c.Data = m.Data
				c.Header.Set("Content-Type", m.Header.Get("Content-Type"))
				if copy == 0 {
					c.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("%x", sha256.Sum256(m.Data)))
				}
				rg.publish(c)
			}
		}
	}
	return r
}

// withholdAcks drops the ack of every first delivery: the server redelivers
// each input after AckWait, and the processor finds it applied.
func withholdAcks(t *testing.T, rg *rig) *running {
	cfg := rg.config()
	cfg.AckWait = time.Second
	r := rg.start(cfg, func(p *Processor) {
		p.wrapMsg = func(m jetstream.Msg) jetstream.Msg { return &ackFilter{Msg: m, drop: firstDelivery} }
	})
	for _, g := range spec9Groups(t, rg.subjects) {
		rg.publish(g...)
	}
	return r
}

// failPublishes makes the first output publishes fail after their commit:
// the outbox stays in Redis, the input is retried, found applied, and its
// outbox published then.
func failPublishes(t *testing.T, rg *rig) *running {
	r := rg.start(rg.config(), func(p *Processor) {
		f := &flakyPublisher{Publisher: p.pub}
		f.fail.Store(2)
		p.pub = f
	})
	for _, g := range spec9Groups(t, rg.subjects) {
		rg.publish(g...)
	}
	return r
}

// stopBeforeAcking runs a processor that never acknowledges, stops it once
// it has committed every input, and lets a second processor finish.
func stopBeforeAcking(t *testing.T, rg *rig) *running {
	cfg := rg.config()
	cfg.AckWait = time.Second
	first := rg.start(cfg, func(p *Processor) {
		p.wrapMsg = func(m jetstream.Msg) jetstream.Msg { return &ackFilter{Msg: m, drop: always} }
	})
	for _, g := range spec9Groups(t, rg.subjects) {
		rg.publish(g...)
	}
	if !poll(30*time.Second, func() bool {
		return first.counter(t, "leadq_events_total", map[string]string{"outcome": "processed"}) >= 6
	}) {
		t.Fatal("the first processor did not commit the six inputs")
	}
	first.stop(t)
	return rg.start(cfg)
}

func firstDelivery(m jetstream.Msg) bool {
	md, err := m.Metadata()
	return err == nil && md.NumDelivered == 1
}

func always(jetstream.Msg) bool { return true }

// ackFilter swallows Ack when drop says so, as if the ack were lost.
type ackFilter struct {
	jetstream.Msg
	drop func(jetstream.Msg) bool
}

func (m *ackFilter) Ack() error {
	if m.drop(m.Msg) {
		return nil
	}
	return m.Msg.Ack()
}

// flakyPublisher fails the first fail asynchronous publishes.
type flakyPublisher struct {
	Publisher
	fail atomic.Int64
}

var errInjected = errors.New("injected publish failure")

func (f *flakyPublisher) PublishMsgAsync(m *nats.Msg, opts ...jetstream.PublishOpt) (jetstream.PubAckFuture, error) {
	if f.fail.Add(-1) >= 0 {
		return nil, errInjected
	}
	return f.Publisher.PublishMsgAsync(m, opts...)
}

// diffOutputs reports outputs that differ from want by id.
func diffOutputs(t *testing.T, got, want map[string]string) {
	t.Helper()
	for id, w := range want {
		if g, ok := got[id]; !ok {
			t.Errorf("output %s missing", id)
		} else if g != w {
			t.Errorf("output %s differs:\n%s\nwant\n%s", id, g, w)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("unexpected output %s: %s", id, got[id])
		}
	}
}
