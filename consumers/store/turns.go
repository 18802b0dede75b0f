package store

import (
	"context"
	"fmt"
)

// NextTurn returns the 0-based round-robin turn of queue for one transition:
// the first call for transitionID advances the queue's counter, every later
// call (a redelivery, a retried commit) returns the same turn, for
// Options.AppliedTTL. The counter and the claims share the hash tag {queue}.
//
// A turn taken by a transition that is then never committed (its commit
// conflicted and the retry produced other transitions) is skipped: the queue
// moves on by one, which only shifts the rotation.
func (s *Store) NextTurn(ctx context.Context, queue, transitionID string) (int64, error) {
	if err := checkName("queue", queue); err != nil {
		return 0, err
	}
	if transitionID == "" {
		return 0, fmt.Errorf("store: taking a turn of queue %s: empty transition id", queue)
	}
	base := s.opts.Prefix + "rr:{" + queue + "}"
	turn, err := s.scripts.turn.Run(ctx, s.rdb, []string{base, base + ":t:" + transitionID}, s.ttlMs).Int64()
	if err != nil {
		return 0, fmt.Errorf("store: taking a turn of queue %s: %w", queue, err)
	}
	return turn, nil
}
