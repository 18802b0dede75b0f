package store

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The pending-outbox index is a ZSET of accounts (score: when first indexed,
// Redis time, unix ms) with a companion hash of the highest state version
// that proposed each account and when. Commit adds to it; Ack removes an
// account only when its outbox was seen empty at a version no recent
// proposal exceeds, so an account with pending entries does not leave the
// index. Stale entries are allowed: the sweeper finds their outbox empty
// and calls Ack, which tidies them.

// indexGrace is how long a proposal of a version beyond the one Ack read
// keeps the account indexed (its commit may still be on its way).
const indexGrace = time.Minute

// indexAddCall proposes account to the pending-outbox index for version.
func (s *Store) indexAddCall(account string, version int64) *call {
	return s.indexAdd(new(call), new([2]any), &account, &version)
}

// indexAdd is indexAddCall in c, with argv for its arguments, which point
// to the values (no allocation).
func (s *Store) indexAdd(c *call, argv *[2]any, account *string, version *int64) *call {
	argv[0], argv[1] = account, version
	*c = call{script: s.scripts.indexAdd, keys: s.indexKeys, args: argv[:], idempotent: true}
	return c
}

// Ack removes the published entries ids from the account's outbox. When the
// outbox is left empty it also removes the account from the pending-outbox
// index (a second round trip), best effort: once the entries are removed,
// Ack succeeds, as a stale index entry only costs the sweeper a look. With
// no ids Ack only does the latter, and reports its errors: that is how the
// sweeper tidies an index entry whose outbox it found empty.
func (s *Store) Ack(ctx context.Context, account string, ids ...string) error {
	if err := checkName("account", account); err != nil {
		return err
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	r, err := replyInts(s.scripts.ack.Run(ctx, s.rdb, s.accountKeys(account)[:3], args...), 2)
	if err != nil {
		return fmt.Errorf("store: acknowledging outbox of account %s: %w", account, err)
	}
	if left, version := r[0], r[1]; left > 0 {
		return nil
	} else if err := s.scripts.indexTidy.Run(ctx, s.rdb,
		[]string{s.outboxes, s.generations}, account, version, s.indexGrace.Milliseconds()).Err(); err != nil && len(ids) == 0 {
		return fmt.Errorf("store: tidying outbox index of account %s: %w", account, err)
	}
	return nil
}

// PendingOutboxes returns up to limit accounts of the pending-outbox index,
// oldest first. An account may turn out to have an empty outbox already.
func (s *Store) PendingOutboxes(ctx context.Context, limit int) ([]string, error) {
	return s.pendingOutboxes(ctx, "+inf", limit)
}

// PendingOutboxesBefore is PendingOutboxes restricted to accounts indexed
// before t, so a sweeper can leave the outboxes that live pipelines are
// about to flush alone.
func (s *Store) PendingOutboxesBefore(ctx context.Context, t time.Time, limit int) ([]string, error) {
	return s.pendingOutboxes(ctx, "("+strconv.FormatInt(t.UnixMilli(), 10), limit)
}

func (s *Store) pendingOutboxes(ctx context.Context, maxScore string, limit int) ([]string, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("store: listing pending outboxes: limit %d must be positive", limit)
	}
	accts, err := s.rdb.ZRangeByScore(ctx, s.outboxes, &redis.ZRangeBy{
		Min: "-inf", Max: maxScore, Count: int64(min(limit, math.MaxInt32)),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("store: listing pending outboxes: %w", err)
	}
	return accts, nil
}
