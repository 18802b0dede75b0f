package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Due is an account whose re-check instant has come, claimed under a lease.
type Due struct {
	// Account is the claimed account.
	Account string
	// At is the due instant claimed. It may be earlier than the account's
	// Snapshot.NextCheck (a timer only ever moves earlier between re-checks,
	// see doc.go): the stored NextCheck is the instant to re-check at, and a
	// re-check finding it zero or still ahead has nothing to do but call
	// Done with it.
	At time.Time
	// Lease is when the claim expires, after which another instance may
	// claim the account.
	Lease time.Time
	// token identifies the claim for Done, with Lease: no two claims share
	// both.
	token int64
}

// timerAddCall proposes due (unix ms, > 0) as the account's re-check
// instant, on behalf of state version.
func (s *Store) timerAddCall(account string, due, version int64) *call {
	return s.timerAdd(new(call), new([3]any), &account, &due, &version)
}

// timerAdd is timerAddCall in c, with argv for its arguments, which point
// to the values (no allocation).
func (s *Store) timerAdd(c *call, argv *[3]any, account *string, due, version *int64) *call {
	argv[0], argv[1], argv[2] = account, due, version
	*c = call{script: s.scripts.timerAdd, keys: s.timerKeys, args: argv[:], idempotent: true}
	return c
}

// ClaimDue claims up to limit accounts due at or before now, earliest first,
// for lease (at least 1ms). A claimed account is not returned again, to this
// or another instance, until its lease expires; then it is claimed again
// with the same At (a claimer that crashed only delays the re-check by the
// lease). Finish every claim with Done.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Due, error) {
	if lease < time.Millisecond || limit <= 0 {
		return nil, fmt.Errorf("store: claiming due accounts: lease %v and limit %d must be positive", lease, limit)
	}
	vals, err := s.scripts.timerClaim.Run(ctx, s.rdb, []string{s.timers, s.claims, s.pending, s.claimSeq},
		now.UnixMilli(), lease.Milliseconds(), limit).Slice()
	if err != nil {
		return nil, fmt.Errorf("store: claiming due accounts: %w", err)
	}
	if len(vals)%4 != 0 {
		return nil, fmt.Errorf("store: claiming due accounts: reply of %d elements", len(vals))
	}
	due := make([]Due, 0, len(vals)/4)
	for i := 0; i < len(vals); i += 4 {
		acct, _ := vals[i].(string)
		at, err1 := replyInt(vals[i+1])
		lease, err2 := replyInt(vals[i+2])
		token, err3 := replyInt(vals[i+3])
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, fmt.Errorf("store: claiming due accounts: %w", err)
		}
		due = append(due, Due{Account: acct, At: fromMs(at), Lease: fromMs(lease), token: token})
	}
	return due, nil
}

// Done finishes the claim d after a re-check that read (or committed) the
// account's state at version and found its next re-check instant next (zero:
// none). It compares-and-sets on the claim: it reports false, changing
// nothing, when the claim is no longer d's (its lease expired and another
// instance claimed the account). Otherwise the account's timer becomes next,
// or an earlier instant proposed meanwhile by a commit of a version after
// version, and the claim is released.
func (s *Store) Done(ctx context.Context, d Due, version int64, next time.Time) (bool, error) {
	if err := checkName("account", d.Account); err != nil {
		return false, err
	}
	n, err := s.scripts.timerDone.Run(ctx, s.rdb, []string{s.timers, s.claims, s.pending},
		d.Account, d.token, version, unixMs(next), d.Lease.UnixMilli()).Int64()
	if err != nil {
		return false, fmt.Errorf("store: finishing re-check of account %s: %w", d.Account, err)
	}
	return n == 1, nil
}
