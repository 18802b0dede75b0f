package consumers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers/clock"
)

// consume binds the durable pull consumer and feeds every delivered message
// to receive until ctx is done; then it drains the subscription (messages
// already fetched are still handed to receive) and returns. A consumer that
// disappears (deleted, or a server restarted without its state) is created
// again; reconnects after a server restart are handled by nats.go.
func (p *Processor) consume(ctx context.Context, receive func(jetstream.Msg)) error {
	for attempt := 0; ; attempt++ {
		cons, err := p.bind(ctx)
		if err != nil {
			return nil // ctx is done
		}
		cc, err := cons.Consume(receive,
			jetstream.PullMaxMessages(p.cfg.Batch),
			// Short pulls: after a server restart a pull refused while
			// JetStream recovers is renewed within seconds, not 30s.
			jetstream.PullExpiry(pullExpiry),
			jetstream.ConsumeErrHandler(p.consumeError))
		if err != nil {
			p.log.Warn().Err(err).Msg("starting to consume; retrying")
			if !clock.Sleep(ctx, p.cfg.backoff(uint64(attempt+1))) {
				return nil
			}
			continue
		}
		attempt = 0
		p.bound.Store(true)
		p.log.Info().Str("consumer", p.cfg.Durable).Msg("consuming")
		stop := p.watch(ctx, cons, cc)
		p.bound.Store(false)
		if stop {
			return nil
		}
	}
}

// watch waits while cc consumes. It returns true after draining cc when ctx
// is done, false when cc stopped or its consumer is gone and must be bound
// again.
func (p *Processor) watch(ctx context.Context, cons jetstream.Consumer, cc jetstream.ConsumeContext) bool {
	for {
		select {
		case <-ctx.Done():
			cc.Drain()
			select {
			case <-cc.Closed():
			case <-time.After(p.cfg.DrainTimeout):
				cc.Stop()
			}
			return true
		case <-cc.Closed():
			p.log.Warn().Msg("consumption stopped; binding the consumer again")
			return false
		case <-p.recheck:
			ictx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := cons.Info(ictx)
			cancel()
			if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
				p.log.Warn().Err(err).Msg("consumer lost; creating it again")
				cc.Stop()
				return false
			}
		}
	}
}

// consumeError is the ConsumeErrHandler: it logs, and asks watch to verify
// the consumer after errors that may mean it is gone.
func (p *Processor) consumeError(_ jetstream.ConsumeContext, err error) {
	p.metrics.consumeErrors.Inc()
	p.log.Warn().Err(err).Msg("consume error")
	if errors.Is(err, jetstream.ErrConsumerDeleted) || errors.Is(err, jetstream.ErrConsumerNotFound) ||
		errors.Is(err, jetstream.ErrNoHeartbeat) || errors.Is(err, jetstream.ErrConsumerLeadershipChanged) {
		select {
		case p.recheck <- struct{}{}:
		default:
		}
	}
}

// bind creates or updates the durable consumer, retrying with backoff until
// it succeeds or ctx is done.
func (p *Processor) bind(ctx context.Context) (jetstream.Consumer, error) {
	for attempt := 1; ; attempt++ {
		cons, err := p.ensureConsumer(ctx)
		if err == nil {
			return cons, nil
		}
		p.log.Warn().Err(err).Int("attempt", attempt).Msg("binding the consumer; retrying")
		if !clock.Sleep(ctx, p.cfg.backoff(uint64(attempt))) {
			return nil, ctx.Err()
		}
	}
}

func (p *Processor) ensureConsumer(ctx context.Context) (jetstream.Consumer, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	stream := p.cfg.Stream
	if stream == "" {
		name, err := p.js.StreamNameBySubject(ctx, p.cfg.Subjects.In())
		if err != nil {
			return nil, fmt.Errorf("consumers: finding the stream of %s: %w", p.cfg.Subjects.In(), err)
		}
		stream = name
	}
	cons, err := p.js.CreateOrUpdateConsumer(ctx, stream, jetstream.ConsumerConfig{
		Durable:       p.cfg.Durable,
		Description:   "leadq processor",
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       p.cfg.AckWait,
		MaxDeliver:    -1, // poison is decided here, after MaxDeliveries
		MaxAckPending: p.cfg.MaxAckPending,
		FilterSubject: p.cfg.Subjects.In(),
	})
	if err != nil {
		return nil, fmt.Errorf("consumers: creating consumer %s on %s: %w", p.cfg.Durable, stream, err)
	}
	return cons, nil
}

// pullExpiry is how long one pull request waits on the server; its idle
// heartbeat is half of it.
const pullExpiry = 4 * time.Second
