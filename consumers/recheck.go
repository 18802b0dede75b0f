package consumers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/leadq/leadq/consumers/store"
)

// The re-check scheduler (README, Scoring): every RecheckEvery it claims the
// accounts whose re-check instant has come (a claim hides an account from
// every other instance for RecheckLease), advances each account's clock to
// its due instant, evaluates it there and publishes the transitions through
// the same commit-and-outbox path as an input, then finishes the claim with
// the next instant (a compare-and-set in the store).

// recheckLoop runs until ctx is done; each round's work runs under work, so
// a round in progress is finished at shutdown.
func (p *Processor) recheckLoop(ctx, work context.Context) {
	t := time.NewTicker(p.cfg.RecheckEvery)
	defer t.Stop()
	for {
		if err := p.recheckDue(work); err != nil {
			p.log.Warn().Err(err).Msg("re-check round failed")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// recheckDue claims and re-checks the accounts due now, until none is left
// (at most a few rounds of RecheckLimit).
func (p *Processor) recheckDue(ctx context.Context) error {
	for range 8 {
		now := p.cfg.Now()
		dues, err := p.store.ClaimDue(ctx, now, p.cfg.RecheckLease, p.cfg.RecheckLimit)
		if err != nil {
			return err
		}
		for _, d := range dues {
			p.metrics.timerLag.Observe(max(0, now.Sub(d.At).Seconds()))
			result, err := p.recheckAccount(ctx, d)
			if err != nil {
				p.log.Warn().Err(err).Str("account", d.Account).Msg("re-check failed; retried after the lease")
				result = "failed"
			}
			p.metrics.rechecks.WithLabelValues(result).Inc()
		}
		if len(dues) < p.cfg.RecheckLimit {
			return nil
		}
	}
	return nil
}

// recheckAccount evaluates one claimed account at its due instant. An
// account whose stored next check is later than the claim (an early timer
// proposed by a commit that failed, or a state changed since) is only
// rescheduled. On error the claim is left to expire: another round retries.
func (p *Processor) recheckAccount(ctx context.Context, d store.Due) (string, error) {
	for conflicts := 0; ; conflicts++ {
		snap, err := p.store.Load(ctx, d.Account, "")
		if err != nil {
			return "", err
		}
		if snap.NextCheck.IsZero() || snap.NextCheck.After(d.At) {
			ferr := p.flush(ctx, d.Account, snap.Outbox)
			return "early", errors.Join(p.done(ctx, d, snap.Version, snap.NextCheck), ferr)
		}
		acct, err := decodeAccount(snap, d.Account)
		if err != nil {
			return "", err
		}
		rules := p.rules.Load()
		acct.Advance(rules, maxTime(d.At, acct.Clock.Time()))
		u, err := p.evaluate(ctx, acct, rules, snap.Version, "", "")
		if err != nil {
			return "", err
		}
		err = p.store.Commit(ctx, d.Account, u.Commit)
		switch {
		case err == nil:
			p.countOutputs(u)
			// The outbox is safe in Redis: a failed flush is retried by the
			// sweeper or the account's next input; the claim is finished anyway.
			ferr := p.flush(ctx, d.Account, append(snap.Outbox, u.Outbox...))
			return "evaluated", errors.Join(p.done(ctx, d, snap.Version+1, u.NextCheck), ferr)
		case errors.Is(err, store.ErrConflict) && conflicts < p.cfg.MaxConflicts:
			p.metrics.conflicts.Inc()
		default:
			return "", err
		}
	}
}

// done finishes a claim; a claim lost to another instance (lease expired)
// is not an error: that instance finishes it.
func (p *Processor) done(ctx context.Context, d store.Due, version int64, next time.Time) error {
	ok, err := p.store.Done(ctx, d, version, next)
	if err != nil {
		return fmt.Errorf("consumers: finishing the re-check of %s: %w", d.Account, err)
	}
	if !ok {
		p.metrics.rechecks.WithLabelValues("lost").Inc()
	}
	return nil
}
