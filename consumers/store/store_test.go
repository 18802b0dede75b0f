package store

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// ms truncates t to what the store keeps.
func ms(t time.Time) time.Time { return time.UnixMilli(t.UnixMilli()).UTC() }

func mustCommit(t testing.TB, s *Store, account string, c Commit) {
	t.Helper()
	if err := s.Commit(context.Background(), account, c); err != nil {
		t.Fatalf("commit %s v%d: %v", account, c.Version, err)
	}
}

func mustLoad(t testing.TB, s *Store, account, eventKey string) Snapshot {
	t.Helper()
	snap, err := s.Load(context.Background(), account, eventKey)
	if err != nil {
		t.Fatalf("load %s: %v", account, err)
	}
	return snap
}

func TestLoadAbsentAccount(t *testing.T) {
	s, _, _ := newTestStore(t, Options{})
	snap := mustLoad(t, s, "acme.io", "src/e1")
	if snap.Version != 0 || snap.State != nil || !snap.NextCheck.IsZero() || snap.Outbox != nil || snap.Applied {
		t.Fatalf("absent account: got %+v, want the zero Snapshot", snap)
	}
}

func TestCommitThenLoad(t *testing.T) {
	next := time.Date(2026, 11, 12, 12, 0, 0, 123456789, time.UTC)
	tests := []struct {
		name string
		c    Commit
	}{
		{"state only", Commit{State: []byte(`{"a":1}`), EventKey: "src/e1"}},
		{"binary state", Commit{State: []byte{0, 1, 2, 255, '\n'}, EventKey: "src/e1"}},
		{"empty state", Commit{State: []byte{}, EventKey: "src/e1"}},
		{"next check and outbox", Commit{State: []byte("s"), EventKey: "src/e1", NextCheck: next,
			Outbox: []OutboxEntry{{ID: "t1", Msg: []byte("m1")}, {ID: "t2", Msg: []byte{0, 9}}}}},
		{"no event key", Commit{State: []byte("s"), NextCheck: next}},
	}
	s, _, _ := newTestStore(t, Options{})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := "acct" + string(rune('a'+i)) + ".io"
			mustCommit(t, s, acct, tt.c)
			got := mustLoad(t, s, acct, tt.c.EventKey)
			want := Snapshot{Version: 1, State: tt.c.State, Outbox: tt.c.Outbox, Applied: tt.c.EventKey != ""}
			if !tt.c.NextCheck.IsZero() {
				want.NextCheck = ms(tt.c.NextCheck)
			}
			if got.Version != want.Version || !bytes.Equal(got.State, want.State) ||
				!got.NextCheck.Equal(want.NextCheck) || got.Applied != want.Applied ||
				!slices.EqualFunc(got.Outbox, want.Outbox, entryEqual) {
				t.Fatalf("load after commit:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func entryEqual(a, b OutboxEntry) bool { return a.ID == b.ID && bytes.Equal(a.Msg, b.Msg) }

func TestCommitConflict(t *testing.T) {
	tests := []struct {
		name      string
		committed int // commits made before
		version   int64
	}{
		{"absent account, version ahead", 0, 1},
		{"stale version", 2, 1},
		{"version ahead", 2, 3},
		{"stale zero version", 1, 0},
	}
	s, _, _ := newTestStore(t, Options{})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := "conflict" + string(rune('a'+i)) + ".io"
			for v := range tt.committed {
				mustCommit(t, s, acct, Commit{Version: int64(v), State: []byte("old")})
			}
			err := s.Commit(context.Background(), acct, Commit{Version: tt.version, State: []byte("new"), EventKey: "k"})
			if !errors.Is(err, ErrConflict) {
				t.Fatalf("commit at v%d over %d commits: got %v, want ErrConflict", tt.version, tt.committed, err)
			}
			snap := mustLoad(t, s, acct, "k")
			if snap.Version != int64(tt.committed) || snap.Applied || bytes.Equal(snap.State, []byte("new")) {
				t.Fatalf("a conflicting commit changed the account: %+v", snap)
			}
		})
	}
}

func TestCommitApplied(t *testing.T) {
	ctx := context.Background()
	ttl := 48 * time.Hour
	s, rdb, _ := newTestStore(t, Options{AppliedTTL: ttl})
	before := time.Now()
	mustCommit(t, s, "acme.io", Commit{Version: 0, State: []byte("1"), EventKey: "src/e1"})
	mustCommit(t, s, "acme.io", Commit{Version: 1, State: []byte("2"), EventKey: "src/e2"})

	for _, v := range []int64{2, 1} { // current version, then stale: applied wins either way
		err := s.Commit(ctx, "acme.io", Commit{Version: v, State: []byte("dup"), EventKey: "src/e1"})
		if !errors.Is(err, ErrApplied) {
			t.Fatalf("recommitting src/e1 at v%d: got %v, want ErrApplied", v, err)
		}
	}
	if snap := mustLoad(t, s, "acme.io", "src/e1"); !snap.Applied || snap.Version != 2 || string(snap.State) != "2" {
		t.Fatalf("after duplicate: got %+v, want applied v2 state 2", snap)
	}
	if mustLoad(t, s, "acme.io", "src/e3").Applied {
		t.Fatal("src/e3 reported applied")
	}
	pttl := rdb.PTTL(ctx, s.accountKeys("acme.io")[3]).Val()
	if pttl <= ttl-time.Minute || pttl > ttl {
		t.Fatalf("applied markers PTTL %v, want about %v", pttl, ttl)
	}
	exp := time.UnixMilli(int64(rdb.ZScore(ctx, s.accountKeys("acme.io")[3], marker("src/e1")).Val()))
	if exp.Before(before.Add(ttl-time.Minute)) || exp.After(time.Now().Add(ttl+time.Minute)) {
		t.Fatalf("src/e1 expires at %v, want about now+%v", exp, ttl)
	}
}

func TestAppliedMarkerExpires(t *testing.T) {
	ctx := context.Background()
	ttl := 50 * time.Millisecond
	s, rdb, _ := newTestStore(t, Options{AppliedTTL: ttl})
	mustCommit(t, s, "acme.io", Commit{Version: 0, State: []byte("1"), EventKey: "src/e1"})
	time.Sleep(2 * ttl)
	if mustLoad(t, s, "acme.io", "src/e1").Applied {
		t.Fatal("src/e1 still applied after its TTL")
	}
	// Applying it again is allowed, and prunes the expired member first.
	mustCommit(t, s, "acme.io", Commit{Version: 1, State: []byte("2"), EventKey: "src/e2"})
	if n := rdb.ZCard(ctx, s.accountKeys("acme.io")[3]).Val(); n != 1 {
		t.Fatalf("applied markers after pruning: %d, want 1", n)
	}
	mustCommit(t, s, "acme.io", Commit{Version: 2, State: []byte("3"), EventKey: "src/e1"})
}

func TestCommitWithoutEventKeyMarksNothing(t *testing.T) {
	ctx := context.Background()
	s, rdb, _ := newTestStore(t, Options{})
	mustCommit(t, s, "acme.io", Commit{Version: 0, State: []byte("1")})
	mustCommit(t, s, "acme.io", Commit{Version: 1, State: []byte("2")})
	if n := rdb.Exists(ctx, s.accountKeys("acme.io")[3]).Val(); n != 0 {
		t.Fatal("a commit without event key wrote applied markers")
	}
	if snap := mustLoad(t, s, "acme.io", ""); snap.Applied || snap.Version != 2 {
		t.Fatalf("got %+v, want v2 not applied", snap)
	}
}

func TestConcurrentCommitsNeverLoseUpdates(t *testing.T) {
	const workers, each = 4, 50
	s, _, _ := newTestStore(t, Options{})
	errs := make(chan error, workers)
	for w := range workers {
		go func() { errs <- incrementLoop(s, w, each) }()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	snap := mustLoad(t, s, "hot.io", "")
	if snap.Version != workers*each || len(snap.State) != workers*each {
		t.Fatalf("after %d increments: version %d, state of %d bytes", workers*each, snap.Version, len(snap.State))
	}
}

// incrementLoop appends one byte to the state of hot.io, n times, with the
// reload-and-retry loop of a pipeline.
func incrementLoop(s *Store, worker, n int) error {
	ctx := context.Background()
	for i := range n {
		key := string(rune('a'+worker)) + "/" + string(rune(i+'0'))
		for {
			snap, err := s.Load(ctx, "hot.io", key)
			if err != nil {
				return err
			}
			err = s.Commit(ctx, "hot.io", Commit{Version: snap.Version, State: append(snap.State, 'x'), EventKey: key})
			if errors.Is(err, ErrConflict) {
				continue
			}
			if err != nil {
				return err
			}
			break
		}
	}
	return nil
}

func TestInvalidNamesAndOptions(t *testing.T) {
	s, rdb, _ := newTestStore(t, Options{})
	ctx := context.Background()
	for _, acct := range []string{"", "a{b}.io", "}x", "{"} {
		if _, err := s.Load(ctx, acct, ""); err == nil {
			t.Errorf("Load(%q) accepted", acct)
		}
		if err := s.Commit(ctx, acct, Commit{}); err == nil {
			t.Errorf("Commit(%q) accepted", acct)
		}
	}
	if _, err := s.NextTurn(ctx, "q{1}", "t"); err == nil {
		t.Error("NextTurn accepted a queue with braces")
	}
	if _, err := s.NextTurn(ctx, "q", ""); err == nil {
		t.Error("NextTurn accepted an empty transition id")
	}
	for _, o := range []Options{{Prefix: "x{y}:"}, {AppliedTTL: time.Microsecond}, {AppliedTTL: -time.Hour}} {
		if _, err := New(rdb, o); err == nil {
			t.Errorf("New accepted %+v", o)
		}
	}
}
