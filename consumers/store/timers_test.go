package store

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// timerOf returns the timers score of account (zero: none).
func timerOf(t testing.TB, s *Store, account string) time.Time {
	t.Helper()
	score, err := s.rdb.ZScore(context.Background(), s.timers, account).Result()
	if errors.Is(err, redis.Nil) {
		return time.Time{}
	}
	if err != nil {
		t.Fatal(err)
	}
	return time.UnixMilli(int64(score)).UTC()
}

// claim claims due accounts, checking every claim token is new.
func claim(t testing.TB, s *Store, now time.Time, lease time.Duration, limit int) []Due {
	t.Helper()
	ds, err := s.ClaimDue(context.Background(), now, lease, limit)
	if err != nil {
		t.Fatal(err)
	}
	tokens.Lock()
	defer tokens.Unlock()
	if tokens.seen[s] == nil {
		tokens.seen[s] = map[[2]int64]bool{}
	}
	for _, d := range ds {
		tok := [2]int64{d.token, d.Lease.UnixMilli()}
		if d.token <= 0 || tokens.seen[s][tok] {
			t.Fatalf("claim token %v reused or unset", tok)
		}
		tokens.seen[s][tok] = true
	}
	return ds
}

// tokens are the claim tokens seen by claim, per Store.
var tokens = struct {
	sync.Mutex
	seen map[*Store]map[[2]int64]bool
}{seen: map[*Store]map[[2]int64]bool{}}

// due is a Due as compared by tests: without its token.
func due(account string, at, lease time.Time) Due { return Due{Account: account, At: at, Lease: lease} }

func withoutTokens(ds []Due) []Due {
	out := make([]Due, len(ds))
	for i, d := range ds {
		out[i] = due(d.Account, d.At, d.Lease)
	}
	return out
}

func done(t testing.TB, s *Store, d Due, version int64, next time.Time) bool {
	t.Helper()
	ok, err := s.Done(context.Background(), d, version, next)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

var t0 = time.Date(2026, 11, 12, 12, 0, 0, 0, time.UTC)

func TestCommitTimerOnlyMovesEarlier(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestStore(t, Options{})
	steps := []struct {
		name    string
		version int64 // expected version of the commit
		next    time.Time
		err     error
		want    time.Time
	}{
		{"first schedules", 0, t0, nil, t0},
		{"later leaves it (re-check will correct)", 1, t0.Add(time.Hour), nil, t0},
		{"earlier moves it", 2, t0.Add(-time.Hour), nil, t0.Add(-time.Hour)},
		{"none leaves it", 3, time.Time{}, nil, t0.Add(-time.Hour)},
		{"failed commit, later: unchanged", 1, t0, ErrConflict, t0.Add(-time.Hour)},
		{"failed commit, earlier: early is harmless", 1, t0.Add(-2 * time.Hour), ErrConflict, t0.Add(-2 * time.Hour)},
	}
	for _, st := range steps {
		err := s.Commit(ctx, "a.io", Commit{Version: st.version, NextCheck: st.next})
		if !errors.Is(err, st.err) {
			t.Fatalf("%s: commit: got %v, want %v", st.name, err, st.err)
		}
		if got := timerOf(t, s, "a.io"); !got.Equal(st.want) {
			t.Fatalf("%s: timer %v, want %v", st.name, got, st.want)
		}
	}
}

func TestClaimDue(t *testing.T) {
	s, _, _ := newTestStore(t, Options{})
	lease := time.Minute
	for i, acct := range []string{"c.io", "a.io", "later.io", "b.io"} {
		next := t0.Add(time.Duration(i) * time.Second)
		if acct == "later.io" {
			next = t0.Add(time.Hour)
		}
		mustCommit(t, s, acct, Commit{Version: 0, NextCheck: next})
	}
	now := t0.Add(10 * time.Second)
	got := withoutTokens(claim(t, s, now, lease, 2))
	want := []Due{due("c.io", t0, now.Add(lease)), due("a.io", t0.Add(time.Second), now.Add(lease))}
	if !slices.Equal(got, want) {
		t.Fatalf("first claim:\n got %v\nwant %v", got, want)
	}
	got = withoutTokens(claim(t, s, now, lease, 10))
	if want := []Due{due("b.io", t0.Add(3*time.Second), now.Add(lease))}; !slices.Equal(got, want) {
		t.Fatalf("second claim: got %v, want %v", got, want)
	}
	if got := claim(t, s, now.Add(lease-time.Millisecond), lease, 10); len(got) != 0 {
		t.Fatalf("claimed again before the lease expired: %v", got)
	}
	// Lease expired: claimable again, same due instant, a greater lease.
	later := now.Add(lease)
	got = withoutTokens(claim(t, s, later, lease, 10))
	slices.SortFunc(got, func(a, b Due) int { return a.At.Compare(b.At) })
	want = []Due{due("c.io", t0, later.Add(lease)), due("a.io", t0.Add(time.Second), later.Add(lease)),
		due("b.io", t0.Add(3*time.Second), later.Add(lease))}
	if !slices.Equal(got, want) {
		t.Fatalf("after the lease:\n got %v\nwant %v (same due instants)", got, want)
	}
	if _, err := s.ClaimDue(context.Background(), now, 0, 10); err == nil {
		t.Fatal("lease 0 accepted")
	}
}

func TestClaimDueConcurrentClaimersNeverShare(t *testing.T) {
	const accounts, claimers = 200, 8
	s, _, r := newTestStore(t, Options{})
	for i := range accounts {
		mustCommit(t, s, acctName(i), Commit{Version: 0, NextCheck: t0.Add(time.Duration(i) * time.Millisecond)})
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range claimers {
		other, err := New(r.Client(t), s.opts) // an instance of its own
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			for {
				due, err := other.ClaimDue(context.Background(), t0.Add(time.Hour), time.Hour, 7)
				if err != nil || len(due) == 0 {
					return
				}
				mu.Lock()
				for _, d := range due {
					seen[d.Account]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != accounts {
		t.Fatalf("%d accounts claimed, want %d", len(seen), accounts)
	}
	for acct, n := range seen {
		if n != 1 {
			t.Fatalf("%s claimed %d times", acct, n)
		}
	}
}

func acctName(i int) string {
	return "acct" + string(rune('a'+i/26%26)) + string(rune('a'+i%26)) + ".io"
}

func TestDone(t *testing.T) {
	lease := time.Minute
	now := t0.Add(time.Second)
	tests := []struct {
		name string
		// during runs between the claim and Done, given the claim.
		during  func(t *testing.T, s *Store, d Due)
		version int64 // version Done reports reading
		next    time.Time
		wantOK  bool
		want    time.Time // timer after Done (zero: none)
	}{
		{"reschedules", nil, 1, t0.Add(time.Hour), true, t0.Add(time.Hour)},
		{"removes", nil, 1, time.Time{}, true, time.Time{}},
		{"commit read by the re-check is superseded", func(t *testing.T, s *Store, d Due) {
			mustCommit(t, s, d.Account, Commit{Version: 1, NextCheck: t0.Add(time.Minute)})
		}, 2, t0.Add(time.Hour), true, t0.Add(time.Hour)},
		{"commit not read by the re-check is kept", func(t *testing.T, s *Store, d Due) {
			mustCommit(t, s, d.Account, Commit{Version: 1, NextCheck: t0.Add(time.Minute)})
		}, 1, t0.Add(time.Hour), true, t0.Add(time.Minute)},
		{"commit not read, removal: its instant is kept", func(t *testing.T, s *Store, d Due) {
			mustCommit(t, s, d.Account, Commit{Version: 1, NextCheck: t0.Add(time.Minute)})
		}, 1, time.Time{}, true, t0.Add(time.Minute)},
		{"claim taken over after the lease: no-op", func(t *testing.T, s *Store, d Due) {
			if got := claim(t, s, d.Lease, lease, 10); len(got) != 1 || got[0].At != d.At {
				t.Fatalf("re-claim after the lease: %v", got)
			}
		}, 1, time.Time{}, false, now.Add(2 * lease)},
		{"second Done: no-op", func(t *testing.T, s *Store, d Due) {
			if !done(t, s, d, 1, t0.Add(time.Hour)) {
				t.Fatal("first Done failed")
			}
		}, 1, time.Time{}, false, t0.Add(time.Hour)},
	}
	base, _, _ := newTestStore(t, Options{})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := withPrefix(t, base, acctName(i)+":") // a keyspace of its own
			d := claimedAfterOneRecheck(t, s, "a.io", now, lease)
			if tt.during != nil {
				tt.during(t, s, d)
			}
			if got := done(t, s, d, tt.version, tt.next); got != tt.wantOK {
				t.Fatalf("Done: %v, want %v", got, tt.wantOK)
			}
			if got := timerOf(t, s, "a.io"); !got.Equal(tt.want) {
				t.Fatalf("timer after Done: %v, want %v", got, tt.want)
			}
		})
	}
}

// claimedAfterOneRecheck commits account (version 1) due at t0, runs one
// re-check cycle that keeps t0 (so no proposal is pending), and claims it
// again at now.
func claimedAfterOneRecheck(t *testing.T, s *Store, account string, now time.Time, lease time.Duration) Due {
	t.Helper()
	mustCommit(t, s, account, Commit{Version: 0, NextCheck: t0})
	if !done(t, s, claimOne(t, s, account, now, lease), 1, t0) {
		t.Fatal("Done of the first claim failed")
	}
	return claimOne(t, s, account, now, lease)
}

// claimOne claims at now and checks that account alone was due, at t0.
func claimOne(t *testing.T, s *Store, account string, now time.Time, lease time.Duration) Due {
	t.Helper()
	due := claim(t, s, now, lease, 10)
	if len(due) != 1 || due[0].Account != account || !due[0].At.Equal(t0) || !due[0].Lease.Equal(now.Add(lease)) {
		t.Fatalf("claim: %v, want %s at %v leased until %v", due, account, t0, now.Add(lease))
	}
	return due[0]
}

func TestCommitDuringClaimKeepsLease(t *testing.T) {
	s, _, _ := newTestStore(t, Options{})
	mustCommit(t, s, "a.io", Commit{Version: 0, NextCheck: t0})
	due := claim(t, s, t0, time.Minute, 10)
	// An earlier instant proposed while claimed waits for Done: the account
	// stays hidden from other claimers until the lease expires.
	mustCommit(t, s, "a.io", Commit{Version: 1, NextCheck: t0.Add(-time.Hour)})
	if got := claim(t, s, t0.Add(time.Second), time.Minute, 10); len(got) != 0 {
		t.Fatalf("claimed during a lease: %v", got)
	}
	// The claimer crashed: the next claim is at the earliest instant known.
	got := claim(t, s, due[0].Lease, time.Minute, 10)
	if len(got) != 1 || !got[0].At.Equal(t0.Add(-time.Hour)) {
		t.Fatalf("re-claim after a crash: %v, want At %v", got, t0.Add(-time.Hour))
	}
}
