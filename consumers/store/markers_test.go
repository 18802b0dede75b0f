package store

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// TestCommitConflictLeavesNoMarker: commit.lua marks the event before it
// checks the version; a conflict must take the mark back, and leave the
// other markers and their set's expiry alone.
func TestCommitConflictLeavesNoMarker(t *testing.T) {
	ctx := context.Background()
	s, rdb, _ := newTestStore(t, Options{AppliedTTL: time.Hour})
	mustCommit(t, s, "acme.io", Commit{Version: 0, State: []byte("1"), EventKey: "e1"})
	key := s.accountKeys("acme.io")[3]
	for _, v := range []int64{0, 2} {
		if err := s.Commit(ctx, "acme.io", Commit{Version: v, State: []byte("x"), EventKey: "k"}); !errors.Is(err, ErrConflict) {
			t.Fatalf("commit at v%d: got %v, want ErrConflict", v, err)
		}
	}
	if err := rdb.ZScore(ctx, key, marker("k")).Err(); !errors.Is(err, redis.Nil) {
		t.Fatalf("conflicting commit left its marker (%v)", err)
	}
	if n := rdb.ZCard(ctx, key).Val(); n != 1 {
		t.Fatalf("%d markers, want 1 (e1)", n)
	}
	if pttl := rdb.PTTL(ctx, key).Val(); pttl <= 0 {
		t.Fatalf("markers PTTL %v after a conflict, want the TTL", pttl)
	}
	mustCommit(t, s, "acme.io", Commit{Version: 1, State: []byte("2"), EventKey: "k"})
}

// TestExpiredMarkerRenewedAndPruned: a marker past its TTL while its set
// lives on (a younger marker keeps it) does not count, is renewed by the
// commit applying its event again, and is pruned by the commit storing a
// version multiple of 16.
func TestExpiredMarkerRenewedAndPruned(t *testing.T) {
	ctx := context.Background()
	ttl := 300 * time.Millisecond
	s, rdb, _ := newTestStore(t, Options{AppliedTTL: ttl})
	key := s.accountKeys("acme.io")[3]
	mustCommit(t, s, "acme.io", Commit{Version: 0, State: []byte("1"), EventKey: "e1"})
	mustCommit(t, s, "acme.io", Commit{Version: 1, State: []byte("2"), EventKey: "old"})
	time.Sleep(ttl / 2)
	mustCommit(t, s, "acme.io", Commit{Version: 2, State: []byte("3"), EventKey: "e2"})
	time.Sleep(ttl/2 + 50*time.Millisecond)
	// "old" and e1 have expired, unless the set did too; e2 keeps it alive.
	before := time.Now()
	mustCommit(t, s, "acme.io", Commit{Version: 3, State: []byte("4"), EventKey: "e1"})
	exp, err := rdb.ZScore(ctx, key, marker("e1")).Result()
	if want := before.UnixMilli() + ttl.Milliseconds(); err != nil || int64(exp) < want {
		t.Fatalf("e1 applied again: marker expires at %v (%v), want at least %v",
			int64(exp), err, want)
	}
	for v := int64(4); v < 16; v++ {
		mustCommit(t, s, "acme.io", Commit{Version: v, State: []byte("n"), EventKey: "n" + strconv.FormatInt(v, 10)})
	}
	if err := rdb.ZScore(ctx, key, marker("old")).Err(); !errors.Is(err, redis.Nil) {
		t.Fatalf("expired marker not pruned at version 16 (%v)", err)
	}
}
