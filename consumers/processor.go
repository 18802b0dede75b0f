package consumers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// Store is the account state the processor needs; *store.Store satisfies it.
type Store interface {
	Load(ctx context.Context, account, eventKey string) (store.Snapshot, error)
	Commit(ctx context.Context, account string, c store.Commit) error
	Ack(ctx context.Context, account string, ids ...string) error
	NextTurn(ctx context.Context, queue, transitionID string) (int64, error)
	ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Due, error)
	Done(ctx context.Context, d store.Due, version int64, next time.Time) (bool, error)
	PendingOutboxesBefore(ctx context.Context, t time.Time, limit int) ([]string, error)
	Stats(ctx context.Context) (store.Stats, error)
	Ping(ctx context.Context) error
}

// Publisher publishes outputs to JetStream; jetstream.JetStream satisfies it.
type Publisher interface {
	PublishMsgAsync(msg *nats.Msg, opts ...jetstream.PublishOpt) (jetstream.PubAckFuture, error)
}

// Processor consumes input events from the LEADQ_IN stream, keeps account
// state in the store, and publishes the qualified, routed and unqualified
// transitions (README, Outputs and Guarantees). Build it with New, run it with Run.
type Processor struct {
	cfg     Config
	js      jetstream.JetStream
	pub     Publisher
	dlq     *DeadLetterPublisher
	store   Store
	rules   atomic.Pointer[qualify.Config]
	log     zerolog.Logger // errors and lifecycle
	sampled zerolog.Logger // per-event logs, sampled
	metrics *metrics
	encOpts events.EncodeOptions

	sampleN  atomic.Uint64 // per-event log sampling
	errLimit limiter       // retry warnings rate limit

	// wrapMsg, when set (tests only), wraps every received message, e.g. to
	// withhold acknowledgements.
	wrapMsg func(jetstream.Msg) jetstream.Msg

	running atomic.Bool
	bound   atomic.Bool   // a Consume is active on the durable consumer
	recheck chan struct{} // asks the consume loop to verify its consumer
}

// New builds a Processor. js carries both inputs and outputs; st is the
// Redis state store; rules is the initial qualification config; metrics
// are registered on reg (nil: not registered).
func New(cfg Config, js jetstream.JetStream, st *store.Store, rules *qualify.Config, log zerolog.Logger, reg prometheus.Registerer) (*Processor, error) {
	if st == nil {
		return nil, errors.New("consumers: no store")
	}
	return newProcessor(cfg, js, st, rules, log, reg)
}

func newProcessor(cfg Config, js jetstream.JetStream, st Store, rules *qualify.Config, log zerolog.Logger, reg prometheus.Registerer) (*Processor, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if js == nil || rules == nil {
		return nil, errors.New("consumers: JetStream and rules are required")
	}
	m, err := newMetrics(reg)
	if err != nil {
		return nil, err
	}
	log = log.With().Str("component", "processor").Logger()
	p := &Processor{
		cfg: cfg, js: js, pub: js, store: st, log: log, metrics: m,
		dlq:     NewDeadLetterPublisher(js, StreamsConfig{Subjects: cfg.Subjects}),
		sampled: log.Sample(&zerolog.BasicSampler{N: cfg.LogSample}),
		encOpts: events.EncodeOptions{Source: cfg.Source, Binary: cfg.BinaryOutputs},
		recheck: make(chan struct{}, 1),
	}
	p.rules.Store(rules)
	return p, nil
}

// SetRules replaces the qualification config for the events processed from
// now on. A nil config is ignored: the processor keeps its last good one.
func (p *Processor) SetRules(rules *qualify.Config) {
	if rules != nil {
		p.rules.Store(rules)
	}
}

// Ready reports whether NATS and Redis are reachable and the durable
// consumer is bound.
func (p *Processor) Ready(ctx context.Context) error {
	if st := p.js.Conn().Status(); st != nats.CONNECTED {
		return fmt.Errorf("consumers: nats connection is %s", st)
	}
	if err := p.store.Ping(ctx); err != nil {
		return fmt.Errorf("consumers: %w", err)
	}
	if !p.bound.Load() {
		return errors.New("consumers: consumer not bound")
	}
	return nil
}

// Run consumes inputs, runs the re-check scheduler and the outbox sweeper
// until ctx is done; then it stops fetching, finishes and acknowledges what
// is in flight (at most Config.DrainTimeout) and returns nil. The streams
// must exist (see EnsureStreams); Run creates or updates the durable
// consumer. Run may be called once at a time.
func (p *Processor) Run(ctx context.Context) error {
	if !p.running.CompareAndSwap(false, true) {
		return errors.New("consumers: processor already running")
	}
	defer p.running.Store(false)
	// Work in flight outlives ctx: it is cancelled only past the drain timeout.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	pl := p.startPipeline(work)
	var bg sync.WaitGroup
	bg.Add(2)
	go func() { defer bg.Done(); p.recheckLoop(ctx, work) }()
	go func() { defer bg.Done(); p.sweepLoop(ctx, work) }()

	err := p.consume(ctx, pl.receive)
	pl.close()
	done := make(chan struct{})
	go func() { pl.wait(); bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(p.cfg.DrainTimeout):
		p.log.Warn().Dur("timeout", p.cfg.DrainTimeout).Msg("drain timeout: abandoning in-flight work to redelivery")
		cancelWork()
		<-done
	}
	p.log.Info().Msg("processor stopped")
	return err
}

// pubFuture is one asynchronous publish of an outbox entry.
type pubFuture struct {
	id string
	f  jetstream.PubAckFuture // nil: nothing was published (dropped entry)
}
