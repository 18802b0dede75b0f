package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/leadq/leadq/deploy/embedded"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/redis/go-redis/v9"
)

// exercise runs every operation of the store once on account, as a pipeline
// and a re-check would, and checks the outcome. version is the account's
// current version; claims happen at now (at or after t0).
func exercise(t *testing.T, s *Store, account string, version int64, now time.Time) {
	t.Helper()
	ctx := context.Background()
	key := "ev" + string(rune('a'+version))
	if snap := mustLoad(t, s, account, key); snap.Version != version || snap.Applied {
		t.Fatalf("load: %+v, want v%d, not applied", snap, version)
	}
	mustCommit(t, s, account, Commit{Version: version, State: []byte("s"), EventKey: key,
		NextCheck: t0, Outbox: entries("x" + key)})
	snap := mustLoad(t, s, account, key)
	if !snap.Applied || snap.Version != version+1 || len(snap.Outbox) != 1 {
		t.Fatalf("after commit: %+v, want applied v%d with 1 entry", snap, version+1)
	}
	if got := pending(t, s); !slices.Contains(got, account) {
		t.Fatalf("not indexed after commit: %v", got)
	}
	if err := s.Ack(ctx, account, "x"+key); err != nil {
		t.Fatal(err)
	}
	if got := pending(t, s); slices.Contains(got, account) {
		t.Fatalf("still indexed after ack: %v", got)
	}
	due := claim(t, s, now, time.Minute, 100)
	if len(due) != 1 || due[0].Account != account {
		t.Fatalf("claim: %v", due)
	}
	if !done(t, s, due[0], version+1, time.Time{}) {
		t.Fatal("Done refused")
	}
	if n := turn(t, s, "q-"+account+key, key); n != 0 {
		t.Fatalf("turn %d, want 0", n)
	}
}

func flushScripts(t *testing.T, rdb *redis.Client) {
	t.Helper()
	if err := rdb.ScriptFlush(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
}

func TestScriptFlushRecovery(t *testing.T) {
	s, rdb, _ := newTestStore(t, Options{})
	exercise(t, s, "a.io", 0, t0)
	flushScripts(t, rdb)
	exercise(t, s, "b.io", 0, t0)
}

// After SCRIPT FLUSH a pipelined commit may find some of its scripts cached
// and others not: the commit script must run exactly once, the proposals at
// least once.
func TestCommitPipelineWithPartlyMissingScripts(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		cached func(s *scripts) []*script
	}{
		{"commit cached, proposals missing", func(s *scripts) []*script { return []*script{s.commit} }},
		{"proposals cached, commit missing", func(s *scripts) []*script {
			return []*script{s.indexAdd, s.timerAdd}
		}},
		{"none cached", func(*scripts) []*script { return nil }},
	}
	s, rdb, _ := newTestStore(t, Options{})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flushScripts(t, rdb)
			for _, sc := range tt.cached(s.scripts) {
				if err := sc.Load(ctx, rdb).Err(); err != nil {
					t.Fatal(err)
				}
			}
			acct := acctName(i)
			mustCommit(t, s, acct, Commit{Version: 0, EventKey: "e", NextCheck: t0, Outbox: entries("x")})
			if snap := mustLoad(t, s, acct, "e"); snap.Version != 1 || len(snap.Outbox) != 1 {
				t.Fatalf("after commit: %+v, want v1 with one entry", snap)
			}
			if !slices.Contains(pending(t, s), acct) || !timerOf(t, s, acct).Equal(t0) {
				t.Fatal("commit not indexed or not scheduled")
			}
		})
	}
}

func TestRedisRestartRecovery(t *testing.T) {
	tests := []struct {
		name string
		down func(r *testbench.RedisServer, t testing.TB)
		// account and version to exercise after the restart
		account string
		version int64
	}{
		{"killed, data lost", (*testbench.RedisServer).Kill, "b.io", 0},
		{"stopped and started, data kept", (*testbench.RedisServer).Stop, "a.io", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testbench.RedisProcess(t, embedded.RedisOptions{})
			s, err := New(r.Client(t), Options{Prefix: r.Prefix})
			if err != nil {
				t.Fatal(err)
			}
			exercise(t, s, "a.io", 0, t0)
			tt.down(r, t)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := s.Ping(ctx); err == nil {
				t.Fatal("Ping succeeded with Redis down")
			}
			r.Start(t) // no script cached
			exercise(t, s, tt.account, tt.version, t0.Add(time.Second))
		})
	}
}
