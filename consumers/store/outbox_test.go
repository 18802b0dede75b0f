package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func entries(ids ...string) []OutboxEntry {
	out := make([]OutboxEntry, len(ids))
	for i, id := range ids {
		out[i] = OutboxEntry{ID: id, Msg: []byte("msg-" + id)}
	}
	return out
}

func outboxIDs(snap Snapshot) []string {
	ids := make([]string, len(snap.Outbox))
	for i, e := range snap.Outbox {
		ids[i] = e.ID
	}
	return ids
}

func pending(t testing.TB, s *Store) []string {
	t.Helper()
	accts, err := s.PendingOutboxes(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	return accts
}

func TestOutboxKeepsCommitOrder(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestStore(t, Options{})
	mustCommit(t, s, "acme.io", Commit{Version: 0, Outbox: entries("e", "b")})
	mustCommit(t, s, "acme.io", Commit{Version: 1, Outbox: entries("z")})
	// "b" is pending already: neither re-queued nor overwritten.
	mustCommit(t, s, "acme.io", Commit{Version: 2, Outbox: append(entries("a"),
		OutboxEntry{ID: "b", Msg: []byte("other")})})
	snap := mustLoad(t, s, "acme.io", "")
	if got, want := outboxIDs(snap), []string{"e", "b", "z", "a"}; !slices.Equal(got, want) {
		t.Fatalf("outbox order %v, want %v", got, want)
	}
	if string(snap.Outbox[1].Msg) != "msg-b" {
		t.Fatalf("pending entry b overwritten with %q", snap.Outbox[1].Msg)
	}
	if err := s.Ack(ctx, "acme.io", "b", "a", "unknown"); err != nil {
		t.Fatal(err)
	}
	if got, want := outboxIDs(mustLoad(t, s, "acme.io", "")), []string{"e", "z"}; !slices.Equal(got, want) {
		t.Fatalf("after Ack(b, a): %v, want %v", got, want)
	}
	if err := s.Ack(ctx, "acme.io", "e", "z"); err != nil {
		t.Fatal(err)
	}
	if snap := mustLoad(t, s, "acme.io", ""); snap.Outbox != nil || snap.Version != 3 {
		t.Fatalf("after acking all: %+v, want no outbox at v3", snap)
	}
}

func TestOutboxIndex(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestStore(t, Options{})
	mustCommit(t, s, "a.io", Commit{Version: 0, Outbox: entries("a1", "a2")})
	time.Sleep(3 * time.Millisecond) // distinct index times
	mustCommit(t, s, "quiet.io", Commit{Version: 0})
	mustCommit(t, s, "b.io", Commit{Version: 0, Outbox: entries("b1")})
	if got := pending(t, s); !slices.Equal(got, []string{"a.io", "b.io"}) {
		t.Fatalf("pending outboxes %v, want [a.io b.io] (oldest first)", got)
	}
	if got, _ := s.PendingOutboxes(ctx, 1); !slices.Equal(got, []string{"a.io"}) {
		t.Fatalf("limit 1: %v", got)
	}
	if got, _ := s.PendingOutboxesBefore(ctx, time.Now().Add(-time.Hour), 10); len(got) != 0 {
		t.Fatalf("indexed an hour ago: %v, want none", got)
	}
	if got, _ := s.PendingOutboxesBefore(ctx, time.Now().Add(time.Second), 10); len(got) != 2 {
		t.Fatalf("indexed before now: %v, want both", got)
	}
	if err := s.Ack(ctx, "a.io", "a1"); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, s); !slices.Equal(got, []string{"a.io", "b.io"}) {
		t.Fatalf("after a partial ack: %v, want a.io still indexed", got)
	}
	if err := s.Ack(ctx, "a.io", "a2"); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, s); !slices.Equal(got, []string{"b.io"}) {
		t.Fatalf("after acking all of a.io: %v, want [b.io]", got)
	}
	if _, err := s.PendingOutboxes(ctx, 0); err == nil {
		t.Fatal("limit 0 accepted")
	}
}

func TestOutboxIndexStaleEntries(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestStore(t, Options{})
	mustCommit(t, s, "a.io", Commit{Version: 0, EventKey: "e1"})

	// A conflicting commit proposes its account, then fails: stale entry,
	// which the sweeper's Ack without ids removes.
	err := s.Commit(ctx, "a.io", Commit{Version: 0, EventKey: "e2", Outbox: entries("x")})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	if got := pending(t, s); !slices.Equal(got, []string{"a.io"}) {
		t.Fatalf("stale entry expected, got %v", got)
	}
	if err := s.Ack(ctx, "a.io"); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, s); len(got) != 0 {
		t.Fatalf("stale entry not tidied: %v", got)
	}

	// A redelivered event committed concurrently proposes the version after
	// the current one: kept for the grace period, as its commit might come.
	err = s.Commit(ctx, "a.io", Commit{Version: 1, EventKey: "e1", Outbox: entries("x")})
	if !errors.Is(err, ErrApplied) {
		t.Fatalf("got %v, want ErrApplied", err)
	}
	if err := s.Ack(ctx, "a.io"); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, s); !slices.Equal(got, []string{"a.io"}) {
		t.Fatalf("a proposal of a later version within the grace was dropped: %v", got)
	}
	s.indexGrace = 0
	if err := s.Ack(ctx, "a.io"); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, s); len(got) != 0 {
		t.Fatalf("a proposal past the grace kept the entry: %v", got)
	}
}

// An Ack that saw the outbox empty must not drop the index entry of a
// commit that appended entries meanwhile: here the commit's proposal landed
// between Ack's two steps.
func TestOutboxIndexSurvivesAckRace(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestStore(t, Options{})
	mustCommit(t, s, "a.io", Commit{Version: 0, Outbox: entries("x")})
	if err := s.Ack(ctx, "a.io", "x"); err != nil {
		t.Fatal(err)
	}
	// The racing commit (version 1 -> 2): proposal first, as in Commit.
	runPipelined(ctx, s.rdb, []*call{s.indexAddCall("a.io", 2)})
	// Ack's tidy step with the version it read before that commit (1).
	if err := s.scripts.indexTidy.Run(ctx, s.rdb, []string{s.outboxes, s.generations},
		"a.io", 1, s.indexGrace.Milliseconds()).Err(); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, s); !slices.Equal(got, []string{"a.io"}) {
		t.Fatalf("index entry of an in-flight commit dropped: %v", got)
	}
	mustCommit(t, s, "a.io", Commit{Version: 1, Outbox: entries("y")})
	if err := s.Ack(ctx, "a.io", "y"); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, s); len(got) != 0 {
		t.Fatalf("index entry left after the outbox emptied at v2: %v", got)
	}
}

func TestLoadOfAppliedEventReassertsIndexAndTimer(t *testing.T) {
	ctx := context.Background()
	s, rdb, _ := newTestStore(t, Options{})
	next := time.Now().Add(time.Hour)
	mustCommit(t, s, "a.io", Commit{Version: 0, EventKey: "e1", NextCheck: next, Outbox: entries("x")})
	// The proposals were lost (reply lost, cluster node unreachable...).
	rdb.Del(ctx, s.timers, s.pending, s.outboxes, s.generations)

	if snap := mustLoad(t, s, "a.io", "e2"); snap.Applied {
		t.Fatal("e2 applied")
	}
	if rdb.Exists(ctx, s.timers, s.outboxes).Val() != 0 {
		t.Fatal("Load of an event not applied wrote the index")
	}
	if snap := mustLoad(t, s, "a.io", "e1"); !snap.Applied {
		t.Fatal("e1 not applied")
	}
	if got := pending(t, s); !slices.Equal(got, []string{"a.io"}) {
		t.Fatalf("index not re-asserted: %v", got)
	}
	if got := timerOf(t, s, "a.io"); !got.Equal(ms(next)) {
		t.Fatalf("timer not re-asserted: %v, want %v", got, ms(next))
	}
}
