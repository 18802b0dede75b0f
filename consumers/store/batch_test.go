package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// TestLoadBatchMatchesLoad loads, in one batch, accounts absent, committed,
// with an applied event (whose index entries must be re-asserted), twice the
// same account, and an invalid name: each result is what Load returns.
func TestLoadBatchMatchesLoad(t *testing.T) {
	ctx := context.Background()
	s, rdb, _ := newTestStore(t, Options{})
	mustCommit(t, s, "a.io", Commit{State: []byte("A"), EventKey: "e1", NextCheck: t0, Outbox: entries("x")})
	mustCommit(t, s, "b.io", Commit{State: []byte("B"), EventKey: "e2"})
	rdb.Del(ctx, s.timers, s.pending, s.outboxes, s.generations) // proposals lost
	rdb.RPush(ctx, s.accountKeys("a.io")[2], "ghost")            // an id without a message
	reqs := []LoadRequest{
		{"absent.io", "e9"}, {"a.io", "e1"}, {"a.io", "e2"}, {"b.io", ""}, {"bad{name}", "e1"}, {"b.io", "e2"},
	}
	got := s.LoadBatch(ctx, reqs)
	if len(got) != len(reqs) {
		t.Fatalf("%d results for %d requests", len(got), len(reqs))
	}
	for i, r := range reqs {
		want, werr := s.Load(ctx, r.Account, r.EventKey)
		if (got[i].Err != nil) != (werr != nil) {
			t.Errorf("request %d %+v: error %v, Load's %v", i, r, got[i].Err, werr)
			continue
		}
		g := got[i].Snapshot
		if g.Version != want.Version || !bytes.Equal(g.State, want.State) || g.Applied != want.Applied ||
			!g.NextCheck.Equal(want.NextCheck) || !slices.EqualFunc(g.Outbox, want.Outbox, entryEqual) {
			t.Errorf("request %d %+v:\n got %+v\nwant %+v", i, r, g, want)
		}
	}
	rdb.Del(ctx, s.timers, s.pending, s.outboxes, s.generations)
	s.LoadBatch(ctx, reqs[:2])
	if !slices.Contains(pending(t, s), "a.io") || !timerOf(t, s, "a.io").Equal(t0) {
		t.Fatal("LoadBatch of an applied event did not re-assert its index and timer")
	}
}

// TestLoadBatchAppliedMarkerExpires: past the applied TTL an event is no
// longer applied, as for Load.
func TestLoadBatchAppliedMarkerExpires(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestStore(t, Options{AppliedTTL: 50 * time.Millisecond})
	mustCommit(t, s, "a.io", Commit{State: []byte("A"), EventKey: "e1"})
	if r := s.LoadBatch(ctx, []LoadRequest{{"a.io", "e1"}}); r[0].Err != nil || !r[0].Snapshot.Applied {
		t.Fatalf("just committed: %+v", r[0])
	}
	time.Sleep(100 * time.Millisecond)
	if r := s.LoadBatch(ctx, []LoadRequest{{"a.io", "e1"}}); r[0].Err != nil || r[0].Snapshot.Applied {
		t.Fatalf("past the TTL: %+v", r[0])
	}
}

// TestCommitBatch commits several accounts in one batch: each outcome is
// Commit's (success, conflict, applied, invalid name) and the successful
// ones are stored, indexed and scheduled as by Commit.
func TestCommitBatch(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestStore(t, Options{})
	mustCommit(t, s, "conflict.io", Commit{State: []byte("v1")})
	mustCommit(t, s, "applied.io", Commit{State: []byte("v1"), EventKey: "dup"})
	reqs := []CommitRequest{
		{"new.io", Commit{State: []byte("N"), EventKey: "n1", NextCheck: t0, Outbox: entries("o1", "o2")}},
		{"conflict.io", Commit{Version: 0, State: []byte("lost"), EventKey: "c1"}},
		{"applied.io", Commit{Version: 1, State: []byte("lost"), EventKey: "dup"}},
		{"bad}", Commit{State: []byte("x")}},
		{"plain.io", Commit{State: []byte("P"), EventKey: "p1"}},
	}
	errs := s.CommitBatch(ctx, reqs)
	wants := []error{nil, ErrConflict, ErrApplied, errors.New("invalid name"), nil}
	for i, want := range wants {
		switch {
		case want == nil && errs[i] != nil, want != nil && errs[i] == nil:
			t.Errorf("request %d: error %v, want %v", i, errs[i], want)
		case want != nil && !errors.Is(errs[i], want) && (want == ErrConflict || want == ErrApplied):
			t.Errorf("request %d: error %v, want %v", i, errs[i], want)
		}
	}
	if snap := mustLoad(t, s, "new.io", "n1"); snap.Version != 1 || string(snap.State) != "N" || !snap.Applied ||
		!slices.Equal(outboxIDs(snap), []string{"o1", "o2"}) || !snap.NextCheck.Equal(t0) {
		t.Errorf("new.io after the batch: %+v", snap)
	}
	if !slices.Contains(pending(t, s), "new.io") || !timerOf(t, s, "new.io").Equal(t0) {
		t.Error("new.io not indexed or not scheduled")
	}
	for acct, state := range map[string]string{"conflict.io": "v1", "applied.io": "v1", "plain.io": "P"} {
		if snap := mustLoad(t, s, acct, ""); string(snap.State) != state {
			t.Errorf("%s holds %q, want %q", acct, snap.State, state)
		}
	}
}

// TestCommitBatchAfterScriptFlush: a batch whose scripts Redis lost runs
// every commit exactly once (versions advance by one).
func TestCommitBatchAfterScriptFlush(t *testing.T) {
	ctx := context.Background()
	s, rdb, _ := newTestStore(t, Options{})
	flushScripts(t, rdb)
	reqs := []CommitRequest{
		{"a.io", Commit{State: []byte("A"), EventKey: "a1", NextCheck: t0, Outbox: entries("x")}},
		{"b.io", Commit{State: []byte("B"), EventKey: "b1"}},
	}
	for i, err := range s.CommitBatch(ctx, reqs) {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	flushScripts(t, rdb)
	for _, r := range s.LoadBatch(ctx, []LoadRequest{{"a.io", "a1"}, {"b.io", "b1"}}) {
		if r.Err != nil || r.Snapshot.Version != 1 || !r.Snapshot.Applied {
			t.Fatalf("after the batch: %+v", r)
		}
	}
}

// BenchmarkLoadCommitBatch is the per-event store work of a consumer that
// handles n inputs of n accounts at a time: one LoadBatch and one
// CommitBatch per n events (ns/op is per event).
func BenchmarkLoadCommitBatch(b *testing.B) {
	for _, n := range []int{1, 8, 32} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			s, _, _ := newTestStore(b, Options{})
			ctx := context.Background()
			loads := make([]LoadRequest, n)
			commits := make([]CommitRequest, n)
			var ev int
			b.ReportAllocs()
			for i := 0; i < b.N; i += n {
				for k := range n {
					loads[k] = LoadRequest{Account: "acct" + strconv.Itoa(k) + ".io", EventKey: "src/" + strconv.Itoa(ev)}
					ev++
				}
				for k, r := range s.LoadBatch(ctx, loads) {
					if r.Err != nil {
						b.Fatal(r.Err)
					}
					commits[k] = CommitRequest{Account: loads[k].Account,
						Commit: Commit{Version: r.Snapshot.Version, State: benchState, EventKey: loads[k].EventKey}}
				}
				for _, err := range s.CommitBatch(ctx, commits) {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestClusterBatch runs LoadBatch and CommitBatch over accounts of every
// slot of a three-master Redis Cluster (the pipelines are split by node),
// also after SCRIPT FLUSH on every master.
func TestClusterBatch(t *testing.T) {
	c := startCluster(t)
	s, err := New(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for round := range 3 {
		if round == 2 {
			if err := c.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error {
				return n.ScriptFlush(ctx).Err()
			}); err != nil {
				t.Fatal(err)
			}
		}
		loads := make([]LoadRequest, 24)
		for i := range loads {
			loads[i] = LoadRequest{Account: fmt.Sprintf("acct%d.io", i), EventKey: fmt.Sprintf("e%d", round)}
		}
		commits := make([]CommitRequest, len(loads))
		for i, r := range s.LoadBatch(ctx, loads) {
			if r.Err != nil || r.Snapshot.Version != int64(round) || r.Snapshot.Applied {
				t.Fatalf("round %d, %s: %+v", round, loads[i].Account, r)
			}
			commits[i] = CommitRequest{Account: loads[i].Account, Commit: Commit{Version: r.Snapshot.Version,
				State: []byte{byte(round)}, EventKey: loads[i].EventKey, NextCheck: t0, Outbox: entries("o")}}
		}
		for i, err := range s.CommitBatch(ctx, commits) {
			if err != nil {
				t.Fatalf("round %d, commit %s: %v", round, commits[i].Account, err)
			}
		}
		for i, r := range s.LoadBatch(ctx, loads) {
			if r.Err != nil || !r.Snapshot.Applied || len(r.Snapshot.Outbox) != 1 {
				t.Fatalf("round %d, %s after commit: %+v", round, loads[i].Account, r)
			}
		}
	}
}
