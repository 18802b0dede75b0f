package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"
)

// digest hashes every field of the first n items of a generator for opts.
func digest(t *testing.T, opts Options, n int) string {
	t.Helper()
	opts.Events = n
	h := sha256.New()
	for it := range New(opts).All() {
		for _, s := range []string{it.Subject, it.Type, it.ID, it.Source, it.Account, string(it.Bad),
			it.Time.Format(time.RFC3339Nano)} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		h.Write(it.Payload)
		for _, k := range []string{"ce-id", "ce-source", "ce-type", "ce-time", "ce-traceparent"} {
			h.Write([]byte(it.Headers.Get(k)))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestSameSeedSameStream(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"defaults", Options{Seed: 7}},
		{"decorated", Options{Seed: 7, Accounts: 50, BadShare: 0.05, BinaryShare: 0.3, Jitter: time.Minute}},
		{"large market", Options{Seed: 7, Accounts: 100_000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := digest(t, tt.opts, 5000), digest(t, tt.opts, 5000)
			if a != b {
				t.Fatalf("two generators with the same options differ: %s vs %s", a, b)
			}
			other := tt.opts
			other.Seed++
			if c := digest(t, other, 5000); c == a {
				t.Fatalf("seeds %d and %d give the same stream", tt.opts.Seed, other.Seed)
			}
		})
	}
}

// TestDecorationsKeepTheStream checks that bad items are inserted, and binary
// mode and jitter applied, without changing the valid events of the stream.
func TestDecorationsKeepTheStream(t *testing.T) {
	base := collect(New(Options{Seed: 3, Accounts: 40, Events: 3000}))
	dec := collect(New(Options{Seed: 3, Accounts: 40, Events: 3000, BadShare: 0.1, BinaryShare: 0.5}))
	i, bad, binary := 0, 0, 0
	for _, it := range dec {
		if it.Bad != "" {
			bad++
			continue
		}
		want := base[i]
		i++
		if it.Headers != nil {
			binary++
			if it.ID != want.ID || !bytes.Equal(it.Payload, want.Data()) {
				t.Fatalf("binary item %s differs from structured %s", it.ID, want.ID)
			}
			continue
		}
		if !bytes.Equal(it.Payload, want.Payload) {
			t.Fatalf("item %d: %s\nwant %s", i, it.Payload, want.Payload)
		}
	}
	if bad < 200 || bad > 400 || binary < 1200 || binary > 1600 {
		t.Errorf("got %d bad and %d binary items of 3000, want about 300 and 1350", bad, binary)
	}
}

func TestEventTime(t *testing.T) {
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	span := 10 * 24 * time.Hour
	t.Run("non-decreasing within the span", func(t *testing.T) {
		var last time.Time
		for it := range New(Options{Seed: 1, Start: start, Span: span, Events: 20_000}).All() {
			if it.Time.Before(last) {
				t.Fatalf("%s at %s comes after %s", it.ID, it.Time, last)
			}
			if it.Time.Before(start) || it.Time.After(start.Add(span)) {
				t.Fatalf("%s at %s is outside [%s, %s]", it.ID, it.Time, start, start.Add(span))
			}
			last = it.Time
		}
		if last.Before(start.Add(span * 9 / 10)) {
			t.Errorf("the stream ends at %s, want it to cover the span to %s", last, start.Add(span))
		}
	})
	t.Run("jitter disorders slightly", func(t *testing.T) {
		jitter := 2 * time.Minute
		var latest time.Time
		disorder := 0
		for it := range New(Options{Seed: 1, Start: start, Span: span, Events: 20_000, Jitter: jitter}).All() {
			if it.Time.Before(latest) {
				disorder++
				if latest.Sub(it.Time) > jitter {
					t.Fatalf("%s is %s behind the latest event, more than the jitter", it.ID, latest.Sub(it.Time))
				}
			}
			if it.Time.After(latest) {
				latest = it.Time
			}
			if it.Time.Before(start) {
				t.Fatalf("%s at %s is before the start", it.ID, it.Time)
			}
		}
		if disorder == 0 {
			t.Error("no event arrived out of event-time order")
		}
	})
}

func TestUniqueIDsAndDomains(t *testing.T) {
	ids := map[string]bool{}
	for it := range New(Options{Seed: 9, Events: 50_000, BadShare: 0.02}).All() {
		if ids[it.ID] {
			t.Fatalf("id %s repeats", it.ID)
		}
		ids[it.ID] = true
	}
	const n = 250_000 // more than one round of word combinations
	g := New(Options{Seed: 9, Accounts: n, Events: 1})
	domains := make(map[string]int, n)
	for i := range n {
		d := g.Account(i).Domain
		if j, dup := domains[d]; dup {
			t.Fatalf("accounts %d and %d share the domain %s", j, i, d)
		}
		domains[d] = i
	}
}

func TestPreload(t *testing.T) {
	opts := Options{Seed: 5, Accounts: 120, Events: 500}
	g := New(opts)
	seen := map[string]bool{}
	for it := range g.Preload() {
		if it.Type != "io.leadq.lead.captured" || !it.Time.Equal(DefaultStart) || it.Account == "" {
			t.Fatalf("preload item %s: type %s, time %s, account %q", it.ID, it.Type, it.Time, it.Account)
		}
		if seen[it.Account] {
			t.Fatalf("account %s preloaded twice", it.Account)
		}
		seen[it.Account] = true
	}
	if len(seen) != opts.Accounts {
		t.Fatalf("preloaded %d accounts, want %d", len(seen), opts.Accounts)
	}
	// Preloading does not change the stream.
	if a, b := digestItems(collect(g)), digestItems(collect(New(opts))); a != b {
		t.Error("Preload changed the stream of Next")
	}
}

func digestItems(items []Item) string {
	h := sha256.New()
	for _, it := range items {
		h.Write(it.Payload)
	}
	return hex.EncodeToString(h.Sum(nil))
}
