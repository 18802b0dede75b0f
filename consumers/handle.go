package consumers

import (
	"context"
	"errors"
	"fmt"

	"github.com/leadq/leadq/consumers/statefmt"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// handle applies one decoded input to its account: load (with the
// de-duplication check), Apply, Evaluate at the account clock, Transitions,
// routing, then one atomic commit of the state, the applied marker, the
// outbox and the re-check instant; then the outbox is published. A version
// conflict reloads and recomputes (at most MaxConflicts times). An input
// already applied only flushes the account's outbox. It never touches the
// message: finish maps the result.
func (p *Processor) handle(ctx context.Context, j *job) (outcome, error) {
	snap, err := p.store.Load(ctx, j.account, j.key)
	if err != nil {
		return outcomeFailed, err
	}
	for conflicts := 0; ; {
		if snap.Applied {
			return outcomeDuplicate, p.flush(ctx, j.account, snap.Outbox)
		}
		c, err := p.applyEvent(ctx, j, snap)
		if err != nil {
			j.cache.drop(j.account)
			return outcomeFailed, err
		}
		if c == nil {
			return outcomeUnchanged, p.flush(ctx, j.account, snap.Outbox)
		}
		err = p.store.Commit(ctx, j.account, c.Commit)
		if err != nil {
			j.cache.drop(j.account)
		}
		switch {
		case err == nil:
			j.cache.put(j.account, snap.Version+1, c.acct)
			p.countOutputs(c)
			return outcomeProcessed, p.flush(ctx, j.account, append(snap.Outbox, c.Outbox...))
		case errors.Is(err, store.ErrConflict):
			p.metrics.conflicts.Inc()
			if conflicts++; conflicts > p.cfg.MaxConflicts {
				return outcomeFailed, fmt.Errorf("consumers: committing account %s: %d conflicts: %w", j.account, conflicts, err)
			}
		case errors.Is(err, store.ErrApplied):
			// Another instance applied it meanwhile: the reload says Applied.
		default:
			return outcomeFailed, err
		}
		if snap, err = p.store.Load(ctx, j.account, j.key); err != nil {
			return outcomeFailed, err
		}
	}
}

// applyEvent folds the input into the snapshot's account (the shard's
// cached copy when it is of the snapshot's version) and computes the commit;
// nil when the input changes nothing (the account is then unchanged).
func (p *Processor) applyEvent(ctx context.Context, j *job, snap store.Snapshot) (*update, error) {
	acct, ok := j.cache.get(j.account, snap.Version)
	if !ok {
		var err error
		if acct, err = decodeAccount(snap, j.account); err != nil {
			return nil, err
		}
		j.cache.put(j.account, snap.Version, acct)
	}
	rules := p.rules.Load()
	changed, err := acct.Apply(rules, j.in)
	if err != nil {
		if errors.Is(err, qualify.ErrInvalidEvent) || errors.Is(err, qualify.ErrAccountMismatch) {
			return nil, &events.Rejection{Reason: events.ReasonSchema, Err: err}
		}
		return nil, fmt.Errorf("consumers: applying event to %s: %w", j.account, err)
	}
	if !changed {
		return nil, nil
	}
	return p.evaluate(ctx, acct, rules, snap.Version, j.key, j.ev.TraceParent)
}

// decodeAccount decodes a stored account; a new one when nothing is stored.
func decodeAccount(snap store.Snapshot, account string) (*qualify.Account, error) {
	acct := &qualify.Account{Domain: account}
	if len(snap.State) == 0 {
		return acct, nil
	}
	if err := statefmt.Decode(snap.State, acct); err != nil {
		return nil, fmt.Errorf("consumers: decoding account %s at version %d: %w", account, snap.Version, err)
	}
	return acct, nil
}

// countOutputs counts committed outputs by type.
func (p *Processor) countOutputs(u *update) {
	for _, k := range u.kinds {
		p.metrics.transitions.WithLabelValues(k).Inc()
	}
}
