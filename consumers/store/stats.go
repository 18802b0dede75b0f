package store

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Stats are gauges for metrics.
type Stats struct {
	// Outboxes counts the accounts in the pending-outbox index (an upper
	// bound of the accounts with unpublished entries).
	Outboxes int64
	// OldestOutbox is when the oldest of them was indexed (zero: none).
	OldestOutbox time.Time
	// Timers counts the accounts with a re-check scheduled or claimed.
	Timers int64
	// EarliestDue is the earliest timer score (a due instant, or a lease
	// expiry for a claimed account; zero: none). Now minus it is the lag.
	EarliestDue time.Time
}

// Stats reads the gauges in one round trip.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	pipe := s.rdb.Pipeline()
	outboxes := pipe.ZCard(ctx, s.outboxes)
	oldest := pipe.ZRangeWithScores(ctx, s.outboxes, 0, 0)
	timers := pipe.ZCard(ctx, s.timers)
	earliest := pipe.ZRangeWithScores(ctx, s.timers, 0, 0)
	if _, err := pipe.Exec(ctx); err != nil {
		return Stats{}, fmt.Errorf("store: reading stats: %w", err)
	}
	return Stats{
		Outboxes:     outboxes.Val(),
		OldestOutbox: firstScore(oldest.Val()),
		Timers:       timers.Val(),
		EarliestDue:  firstScore(earliest.Val()),
	}, nil
}

func firstScore(zs []redis.Z) time.Time {
	if len(zs) == 0 {
		return time.Time{}
	}
	return fromMs(int64(zs[0].Score))
}
