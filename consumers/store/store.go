package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrConflict is returned by Commit when the account's version is no longer
// the one the commit was computed from: reload and retry.
var ErrConflict = errors.New("store: version conflict")

// ErrApplied is returned by Commit when the commit's event key is already
// applied: the event is a redelivery; flush the outbox and acknowledge it.
var ErrApplied = errors.New("store: event already applied")

// Options configures a Store. The zero value takes the defaults.
type Options struct {
	// Prefix starts every key (default "leadq:"). It must not contain '{'
	// or '}', which would break the hash tags.
	Prefix string
	// AppliedTTL is how long an applied event key (and a round-robin
	// claim) is remembered (default 7 days). A redelivery later than that
	// would be applied again.
	AppliedTTL time.Duration
}

const (
	defaultPrefix     = "leadq:"
	defaultAppliedTTL = 7 * 24 * time.Hour
	// setupTimeout bounds New's script loading.
	setupTimeout = 10 * time.Second
)

func (o Options) withDefaults() Options {
	if o.Prefix == "" {
		o.Prefix = defaultPrefix
	}
	if o.AppliedTTL == 0 {
		o.AppliedTTL = defaultAppliedTTL
	}
	return o
}

// Validate reports options that cannot work.
func (o Options) Validate() error {
	if strings.ContainsAny(o.Prefix, "{}") {
		return fmt.Errorf("store: prefix %q must not contain '{' or '}'", o.Prefix)
	}
	if o.AppliedTTL < time.Millisecond {
		return fmt.Errorf("store: applied TTL %v must be at least 1ms", o.AppliedTTL)
	}
	return nil
}

// Store keeps account state, outboxes, re-check timers and round-robin turns
// in Redis. It is safe for concurrent use by many goroutines and processes.
type Store struct {
	rdb   redis.UniversalClient
	opts  Options
	ttlMs int64
	// indexGrace is indexGrace but for tests.
	indexGrace time.Duration
	scripts    *scripts
	// Global keys, each with the companions that share its slot.
	timers, claims, pending, claimSeq string
	outboxes, generations             string
	// The keys of timer_add.lua and index_add.lua (read only).
	timerKeys, indexKeys []string
}

// New returns a Store on rdb after loading its Lua scripts into Redis (which
// also checks that Redis is reachable, within 10s).
func New(rdb redis.UniversalClient, opts Options) (*Store, error) {
	opts = opts.withDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	p := opts.Prefix
	s := &Store{
		rdb: rdb, opts: opts, ttlMs: opts.AppliedTTL.Milliseconds(), indexGrace: indexGrace,
		scripts: newScripts(),
		// "x:y{x}" hashes like the key "x": the companions share its slot
		// (and, starting with the prefix, are found by a scan of it).
		timers: p + "timers", claims: p + "timers:claims{" + p + "timers}",
		pending: p + "timers:pending{" + p + "timers}", claimSeq: p + "timers:seq{" + p + "timers}",
		outboxes: p + "outboxes", generations: p + "outboxes:gen{" + p + "outboxes}",
	}
	s.timerKeys = []string{s.timers, s.claims, s.pending}
	s.indexKeys = []string{s.outboxes, s.generations}
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	if err := s.scripts.loadAll(ctx, rdb); err != nil {
		return nil, err
	}
	return s, nil
}

// Ping checks that Redis answers (readiness).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("store: pinging redis: %w", err)
	}
	return nil
}

// accountKeys returns the keys of one account, all with the hash tag
// {account}: state hash, outbox messages hash, outbox order list, applied
// event markers.
func (s *Store) accountKeys(account string) []string {
	var keys [4]string
	s.accountKeysInto(&keys, account)
	return keys[:]
}

// accountKeysInto sets keys to the keys of account (see accountKeys).
func (s *Store) accountKeysInto(keys *[4]string, account string) {
	// One allocation for the four names, which differ in their last byte.
	n := len(s.opts.Prefix) + len(account) + 4 // "{" account "}:" suffix
	var b strings.Builder
	b.Grow(4 * n)
	for _, suffix := range [...]string{"s", "o", "q", "e"} {
		b.WriteString(s.opts.Prefix)
		b.WriteString("{")
		b.WriteString(account)
		b.WriteString("}:")
		b.WriteString(suffix)
	}
	all := b.String()
	*keys = [4]string{all[:n], all[n : 2*n], all[2*n : 3*n], all[3*n:]}
}

// checkName refuses names that would break a hash tag.
func checkName(kind, name string) error {
	if name == "" || strings.ContainsAny(name, "{}") {
		return fmt.Errorf("store: invalid %s name %q", kind, name)
	}
	return nil
}

// unixMs maps a time to the stored milliseconds: 0 for the zero time,
// otherwise at least 1 (0 means "none" in Redis).
func unixMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return max(t.UnixMilli(), 1)
}

// fromMs is the inverse of unixMs.
func fromMs(ms int64) time.Time {
	if ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// replyInt reads an integer reply element (an integer or a numeric string).
func replyInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case string:
		return strconv.ParseInt(x, 10, 64)
	}
	return 0, fmt.Errorf("store: unexpected reply element %T", v)
}

// replyInts reads a reply of n integers.
func replyInts(cmd *redis.Cmd, n int) ([]int64, error) {
	vals, err := cmd.Slice()
	if err != nil {
		return nil, err
	}
	if len(vals) != n {
		return nil, fmt.Errorf("store: reply of %d elements, want %d", len(vals), n)
	}
	out := make([]int64, n)
	for i, v := range vals {
		if out[i], err = replyInt(v); err != nil {
			return nil, err
		}
	}
	return out, nil
}
