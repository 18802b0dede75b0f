package store_test

import (
	"context"
	"errors"
	"time"

	"github.com/leadq/leadq/consumers/store"
	"github.com/redis/go-redis/v9"
)

// The per-event work of a pipeline, with the engine and the publisher left
// out: compute stands for decode, apply, evaluate and encode.
func ExampleStore_Commit() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	s, err := store.New(rdb, store.Options{})
	if err != nil {
		return
	}
	ctx := context.Background()
	compute := func(state []byte) ([]byte, []store.OutboxEntry, time.Time) { return state, nil, time.Time{} }
	for {
		snap, err := s.Load(ctx, "acme.io", "crm/evt-42")
		if err != nil {
			return // transient: nak the input
		}
		if snap.Applied {
			break // redelivery: publish snap.Outbox, Ack, then ack the input
		}
		state, outbox, next := compute(snap.State)
		err = s.Commit(ctx, "acme.io", store.Commit{
			Version: snap.Version, State: state, EventKey: "crm/evt-42", Outbox: outbox, NextCheck: next,
		})
		if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrApplied) {
			continue // another instance moved the account on: load again
		}
		if err != nil {
			return // unknown outcome: nak; the redelivery finds it applied or not
		}
		break // publish outbox with Nats-Msg-Id = entry ID, Ack(ids), ack the input
	}
}

// A re-check scheduler's loop body.
func ExampleStore_ClaimDue() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	s, err := store.New(rdb, store.Options{})
	if err != nil {
		return
	}
	ctx := context.Background()
	due, err := s.ClaimDue(ctx, time.Now(), 30*time.Second, 100)
	if err != nil {
		return
	}
	for _, d := range due {
		snap, err := s.Load(ctx, d.Account, "")
		if err != nil {
			continue // the lease expires and the account is claimed again
		}
		if snap.NextCheck.IsZero() || snap.NextCheck.After(time.Now()) {
			_, _ = s.Done(ctx, d, snap.Version, snap.NextCheck) // early timer: reschedule
			continue
		}
		// ... evaluate as of snap.NextCheck, Commit, publish, Ack, then
		// Done(ctx, d, snap.Version+1, newNextCheck).
	}
}
