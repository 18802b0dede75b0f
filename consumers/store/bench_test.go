package store

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"testing"
	"time"
)

// benchState is about the size of a typical encoded account.
var benchState = bytes.Repeat([]byte("x"), 1200)

// BenchmarkLoad measures Load of an account with an applied-event check
// (one round trip to a local redis-server).
func BenchmarkLoad(b *testing.B) {
	s, _, _ := newTestStore(b, Options{})
	ctx := context.Background()
	mustCommit(b, s, "acme.io", Commit{Version: 0, State: benchState, EventKey: "src/0", NextCheck: t0})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Load(ctx, "acme.io", "src/1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommit measures Commit, each with a new event key: plain (one
// script), and with the re-check timer and two outbox entries (a pipeline
// of three scripts, as for a qualifying event).
func BenchmarkCommit(b *testing.B) {
	cases := []struct {
		name   string
		next   time.Time
		outbox []OutboxEntry
	}{
		{"plain", time.Time{}, nil},
		{"timer+outbox", t0, []OutboxEntry{
			{ID: "q1", Msg: bytes.Repeat([]byte("m"), 800)}, {ID: "r1", Msg: bytes.Repeat([]byte("m"), 300)}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s, rdb, _ := newTestStore(b, Options{})
			ctx := context.Background()
			var v int64
			b.ReportAllocs()
			defer startRedisMeter(b, rdb, "op", 1)()
			for b.Loop() {
				err := s.Commit(ctx, "acme.io", Commit{Version: v, State: benchState,
					EventKey: "src/" + strconv.FormatInt(v, 10), NextCheck: c.next, Outbox: c.outbox})
				if err != nil && !errors.Is(err, ErrConflict) {
					b.Fatal(err)
				}
				v++
			}
		})
	}
}

// BenchmarkLoadCommit is the per-event store work of a pipeline: Load with
// the event check, then Commit.
func BenchmarkLoadCommit(b *testing.B) {
	s, rdb, _ := newTestStore(b, Options{})
	ctx := context.Background()
	var i int
	b.ReportAllocs()
	defer startRedisMeter(b, rdb, "op", 1)()
	for b.Loop() {
		key := "src/" + strconv.Itoa(i)
		i++
		snap, err := s.Load(ctx, "acme.io", key)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Commit(ctx, "acme.io", Commit{Version: snap.Version, State: benchState, EventKey: key}); err != nil {
			b.Fatal(err)
		}
	}
}
