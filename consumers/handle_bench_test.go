package consumers

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"
)

// BenchmarkHandle measures the per-event path decode → load → apply →
// evaluate → commit → (publish) → ack against a real redis-server and an
// embedded JetStream for the outputs; the input message is in memory. The
// events are the synthetic stream of the concurrency tests over 1,000
// accounts, each processed once.
func BenchmarkHandle(b *testing.B) {
	rg := newRig(b)
	cfg := rg.config()
	p, err := New(cfg, rg.nats.JS, rg.st, rg.rules, zerolog.Nop(), nil)
	if err != nil {
		b.Fatal(err)
	}
	msgs := genEvents(rg.subjects, genOptions{Accounts: 1000, Events: b.N, Leads: 4,
		Base: spec9Now.Add(-90 * time.Minute), Span: time.Hour, Seed: 9})
	ctx := context.Background()
	cache := newAccountCache(cfg.WithDefaults().CacheAccounts)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := &job{msg: &memMsg{m: msgs[i]}, received: time.Now(), cache: cache}
		if err := p.prepare(j); err != nil {
			b.Fatal(err)
		}
		out, err := p.handle(ctx, j)
		if err != nil {
			b.Fatal(err)
		}
		p.finish(ctx, j, out, nil)
	}
}

// memMsg is an input delivered once, whose acknowledgements go nowhere.
type memMsg struct {
	jetstream.Msg
	m *nats.Msg
}

func (m *memMsg) Metadata() (*jetstream.MsgMetadata, error) {
	return &jetstream.MsgMetadata{NumDelivered: 1}, nil
}
func (m *memMsg) Data() []byte                     { return m.m.Data }
func (m *memMsg) Headers() nats.Header             { return m.m.Header }
func (m *memMsg) Subject() string                  { return m.m.Subject }
func (m *memMsg) Ack() error                       { return nil }
func (m *memMsg) Nak() error                       { return nil }
func (m *memMsg) NakWithDelay(time.Duration) error { return nil }
func (m *memMsg) InProgress() error                { return nil }
func (m *memMsg) TermWithReason(string) error      { return nil }

// BenchmarkPipeline measures the whole pipeline: b.N inputs over 1,000
// accounts are published first, then one processor (default Workers)
// consumes them from JetStream until every input is acknowledged and every
// outbox published. It reports events/s.
func BenchmarkPipeline(b *testing.B) {
	rg := newRig(b)
	o := genOptions{Accounts: 1000, Events: b.N, Leads: 4, Base: spec9Now.Add(-90 * time.Minute), Span: time.Hour, Seed: 11}
	rg.publish(genEvents(rg.subjects, o)...)
	cfg := rg.config()
	cfg.Workers = 0 // the default
	cfg.Batch = 0
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	r := rg.start(cfg, func(p *Processor) { p.log = zerolog.Nop() })
	if !poll(10*time.Minute, func() bool { return rg.ackFloor() >= uint64(b.N) }) {
		b.Fatalf("inputs not acknowledged: %s", rg.busy())
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
	r.stop(b)
}
