package store

import (
	"context"
	"testing"
	"time"
)

func TestStatsAndPing(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestStore(t, Options{})
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Stats(ctx); err != nil || st != (Stats{}) {
		t.Fatalf("empty store: %+v, %v; want zero Stats", st, err)
	}
	before := time.Now().Add(-time.Second)
	mustCommit(t, s, "a.io", Commit{Version: 0, NextCheck: t0.Add(time.Hour), Outbox: entries("x")})
	mustCommit(t, s, "b.io", Commit{Version: 0, NextCheck: t0})
	mustCommit(t, s, "c.io", Commit{Version: 0, Outbox: entries("y")})
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Outboxes != 2 || st.Timers != 2 || !st.EarliestDue.Equal(t0) ||
		st.OldestOutbox.Before(before) || st.OldestOutbox.After(time.Now().Add(time.Second)) {
		t.Fatalf("stats %+v: want 2 outboxes indexed about now, 2 timers, earliest %v", st, t0)
	}
}
