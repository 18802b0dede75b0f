package store

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// commitAccounts commits n accounts named <name><i>.io, each with the state
// "state-<i>" at version 1 and a re-check at next, and returns the states
// by account.
func commitAccounts(t *testing.T, s *Store, name string, n int, next time.Time) map[string]string {
	t.Helper()
	want := make(map[string]string, n)
	for i := range n {
		acct, state := fmt.Sprintf("%s%d.io", name, i), fmt.Sprintf("state-%d", i)
		mustCommit(t, s, acct, Commit{State: []byte(state), EventKey: "src/" + acct, NextCheck: next})
		want[acct] = state
	}
	return want
}

// scanAll scans s with count keys per call and returns the states by account.
func scanAll(t *testing.T, s *Store, count int) map[string]Snapshot {
	t.Helper()
	got := map[string]Snapshot{}
	err := s.Scan(context.Background(), count, func(page []Snapshot) error {
		for _, snap := range page {
			got[snap.Account] = snap // SCAN may return a key twice: the same account
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return got
}

func wantScanned(t *testing.T, got map[string]Snapshot, want map[string]string, next time.Time) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("scan found %d accounts, want %d", len(got), len(want))
	}
	for acct, state := range want {
		snap, ok := got[acct]
		if !ok {
			t.Errorf("scan missed %s", acct)
			continue
		}
		if snap.Version != 1 || string(snap.State) != state || !snap.NextCheck.Equal(ms(next)) {
			t.Errorf("%s: version %d, state %q, next check %v; want 1, %q, %v", acct, snap.Version, snap.State, snap.NextCheck, state, ms(next))
		}
	}
}

// TestScanFindsEveryAccount: every account of the prefix, with its version,
// state and next check, and nothing else: not the global keys (timers,
// outbox index), not the accounts of a longer prefix, and not those a glob
// character of the prefix would match if it were not escaped.
func TestScanFindsEveryAccount(t *testing.T) {
	base, _, _ := newTestStore(t, Options{})
	s := withPrefix(t, base, "a*[x]?:")
	next := time.Date(2026, 11, 12, 12, 0, 0, 0, time.UTC)
	want := commitAccounts(t, s, "acct", 1200, next)
	commitAccounts(t, withPrefix(t, base, "abcxy:"), "glob", 50, next) // "a*[x]?:" unescaped matches it
	commitAccounts(t, withPrefix(t, s, "more:"), "longer", 50, next)
	commitAccounts(t, base, "shorter", 50, next)
	for _, count := range []int{0, 10, 5000} {
		t.Run(fmt.Sprintf("count %d", count), func(t *testing.T) {
			wantScanned(t, scanAll(t, s, count), want, next)
		})
	}
}

// TestScanPageResumes: a scan stopped after a few pages resumes from its
// cursor, serialised and given to another Store, and covers every account;
// its progress estimate stays within [0, 1] and ends at 1.
func TestScanPageResumes(t *testing.T) {
	s, _, _ := newTestStore(t, Options{})
	want := commitAccounts(t, s, "acct", 800, time.Time{})
	ctx := context.Background()
	got := map[string]Snapshot{}
	var at ScanCursor
	for range 3 {
		page, err := s.ScanPage(ctx, at, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, snap := range page.Accounts {
			got[snap.Account] = snap
		}
		if page.Done {
			t.Fatal("the scan ended after a few pages of 50 keys")
		}
		at = page.Next
	}
	saved, err := json.Marshal(at)
	if err != nil {
		t.Fatal(err)
	}
	other, err := New(s.rdb, s.opts)
	if err != nil {
		t.Fatal(err)
	}
	var resumed ScanCursor
	if err := json.Unmarshal(saved, &resumed); err != nil {
		t.Fatal(err)
	}
	for {
		page, err := other.ScanPage(ctx, resumed, 50)
		if err != nil {
			t.Fatal(err)
		}
		if page.Progress < 0 || page.Progress > 1 {
			t.Errorf("progress %v outside [0, 1]", page.Progress)
		}
		for _, snap := range page.Accounts {
			got[snap.Account] = snap
		}
		if page.Done {
			if page.Progress != 1 {
				t.Errorf("progress %v at the end, want 1", page.Progress)
			}
			break
		}
		resumed = page.Next
	}
	wantScanned(t, got, want, time.Time{})
}

func TestScanStopsOnError(t *testing.T) {
	s, _, _ := newTestStore(t, Options{})
	commitAccounts(t, s, "acct", 300, time.Time{})
	stop := fmt.Errorf("enough")
	pages := 0
	err := s.Scan(context.Background(), 20, func([]Snapshot) error { pages++; return stop })
	if err != stop || pages != 1 {
		t.Fatalf("Scan returned %v after %d pages, want fn's error after 1", err, pages)
	}
	if _, err := s.ScanPage(context.Background(), ScanCursor{Node: "10.0.0.1:6379", Cursor: 7}, 0); err == nil {
		t.Error("ScanPage on a node that is not the store's: no error")
	}
}

// TestScanCluster scans every primary of a three-master Redis Cluster.
func TestScanCluster(t *testing.T) {
	c := startCluster(t)
	s, err := New(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	next := time.Date(2026, 11, 12, 12, 0, 0, 0, time.UTC)
	want := commitAccounts(t, s, "acct", 300, next)
	wantScanned(t, scanAll(t, s, 40), want, next)
}
