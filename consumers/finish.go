package consumers

import (
	"context"
	"errors"
	"time"

	"github.com/leadq/leadq/consumers/statefmt"
	"github.com/leadq/leadq/events"
)

// outcome is how an input was handled, for metrics and logs.
type outcome uint8

const (
	outcomeFailed    outcome = iota // an error says why
	outcomeProcessed                // applied and committed
	outcomeUnchanged                // applied, changed nothing: no commit
	outcomeDuplicate                // already applied: its outbox flushed
	outcomeNoAccount                // a free-mail lead: nothing to store
)

var outcomeNames = [...]string{"failed", "processed", "unchanged", "duplicate", "no_account"}

func (o outcome) String() string { return outcomeNames[o] }

// finish is the one place that acknowledges an input:
//
//   - nil error: ack;
//   - a *events.Rejection (bad input): dead letter, then term;
//   - any other error (transient: Redis or NATS unavailable, publish not
//     acknowledged, too many conflicts): NakWithDelay with a backoff by
//     delivery count, or, once the input has failed MaxDeliveries
//     deliveries while Redis answers, dead letter as poison, then term;
//   - an account state of a newer format version (statefmt.ErrNewerVersion:
//     a newer release wrote it, during a rolling deploy): NakWithDelay,
//     never poison, so that an instance of that release processes it;
//   - ctx done (abandoned at the drain timeout): nak at once, so another
//     instance takes it.
func (p *Processor) finish(ctx context.Context, j *job, out outcome, err error) {
	j.finished = true
	typ := "unknown"
	if j.ev != nil {
		typ = j.ev.Type
	}
	var rej *events.Rejection
	switch {
	case err == nil:
		if aerr := j.msg.Ack(); aerr != nil {
			p.jobLog(j).Warn().Err(aerr).Msg("acknowledging input failed; it will be redelivered")
		}
		p.metrics.observe(typ, out, time.Since(j.received))
		p.sampledLog(j).Debug().Str("outcome", out.String()).Msg("processed")
		return
	case errors.As(err, &rej):
		p.deadLetter(ctx, j, typ, rej)
		return
	case ctx.Err() != nil:
		_ = j.msg.Nak()
		p.metrics.events.WithLabelValues(typ, "abandoned").Inc()
		return
	case errors.Is(err, statefmt.ErrNewerVersion):
		delay := p.cfg.backoff(j.delivered)
		p.errLog(j).Error().Err(err).Dur("retry_in", delay).
			Msg("account state written by a newer leadq release: input left for an instance of that release")
		_ = j.msg.NakWithDelay(delay)
		p.metrics.events.WithLabelValues(typ, "newer_state").Inc()
		return
	case j.delivered >= uint64(p.cfg.MaxDeliveries) && p.store.Ping(ctx) == nil:
		p.jobLog(j).Error().Err(err).Uint64("deliveries", j.delivered).Msg("poison input")
		p.deadLetter(ctx, j, typ, Poison(j.delivered, err))
		return
	}
	delay := p.cfg.backoff(j.delivered)
	p.errLog(j).Warn().Err(err).Uint64("deliveries", j.delivered).Dur("retry_in", delay).Msg("processing failed; retrying")
	_ = j.msg.NakWithDelay(delay)
	p.metrics.events.WithLabelValues(typ, "retried").Inc()
}

// deadLetter publishes the input unchanged to leadq.dlq.<reason> with the
// leadq-error and leadq-source-subject headers (DeadLetterPublisher), then
// terminates it. When the dead letter cannot be published the input is
// retried later.
func (p *Processor) deadLetter(ctx context.Context, j *job, typ string, rej *events.Rejection) {
	pctx, cancel := context.WithTimeout(ctx, p.cfg.PublishWait)
	defer cancel()
	if _, err := p.dlq.Publish(pctx, natsMsg(j.msg), rej); err != nil {
		p.errLog(j).Warn().Err(err).Msg("publishing dead letter failed; retrying")
		_ = j.msg.NakWithDelay(p.cfg.backoff(j.delivered))
		p.metrics.events.WithLabelValues(typ, "retried").Inc()
		return
	}
	if err := j.msg.TermWithReason(string(rej.Reason)); err != nil {
		p.jobLog(j).Warn().Err(err).Msg("terminating dead-lettered input failed")
	}
	p.metrics.deadLetters.WithLabelValues(string(rej.Reason)).Inc()
	p.metrics.events.WithLabelValues(typ, "dead_letter").Inc()
	p.sampledLog(j).Info().Str("reason", string(rej.Reason)).Err(rej).Msg("dead-lettered")
}
