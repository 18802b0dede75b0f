package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Snapshot is an account as stored.
type Snapshot struct {
	// Account is the account's name, set by Scan and ScanPage (the caller
	// of Load names the account itself).
	Account string
	// Version counts the account's commits; 0 for an account never committed.
	Version int64
	// State is the opaque encoded account (nil when Version is 0).
	State []byte
	// NextCheck is the account's next re-check instant (zero: none).
	NextCheck time.Time
	// Outbox holds the entries committed but not yet acknowledged, in the
	// order they were committed.
	Outbox []OutboxEntry
	// Applied reports that the event key given to Load is already applied.
	Applied bool
}

// OutboxEntry is one message waiting to be published.
type OutboxEntry struct {
	// ID identifies the entry; it is also the message's Nats-Msg-Id.
	ID string
	// Msg is the encoded message.
	Msg []byte
}

// Commit is one update of an account, computed from the snapshot of Version.
type Commit struct {
	// Version is the version the update was computed from; the commit
	// stores Version+1.
	Version int64
	// State is the new encoded account.
	State []byte
	// EventKey marks the event applied (for Options.AppliedTTL); "" for an
	// update without an input event (a time-based re-check).
	EventKey string
	// Outbox entries to append; an ID already pending is not added twice.
	Outbox []OutboxEntry
	// NextCheck is the account's next re-check instant (zero: none).
	NextCheck time.Time
}

// Load reads an account in one round trip and reports whether eventKey is
// applied ("" skips that check).
//
// When the event is applied, Load also re-asserts the account's timer and
// pending-outbox index entries (idempotently, one more round trip): they are
// written beside the commit, not atomically with it, and a commit whose
// reply was lost left its event unacknowledged, so its redelivery comes
// through here.
func (s *Store) Load(ctx context.Context, account, eventKey string) (Snapshot, error) {
	if err := checkName("account", account); err != nil {
		return Snapshot{}, err
	}
	cmd := s.scripts.load.Run(ctx, s.rdb, s.accountKeys(account), marker(eventKey))
	snap, err := parseSnapshot(cmd.Val(), cmd.Err())
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: loading account %s: %w", account, err)
	}
	if snap.Applied {
		if err := s.reassert(ctx, account, snap); err != nil {
			return Snapshot{}, fmt.Errorf("store: loading account %s: %w", account, err)
		}
	}
	return snap, nil
}

// parseSnapshot decodes load.lua's reply.
func parseSnapshot(val any, err error) (Snapshot, error) {
	if err != nil {
		return Snapshot{}, err
	}
	vals, ok := val.([]any)
	if !ok || len(vals) < 2 || len(vals)%2 != 0 {
		return Snapshot{}, fmt.Errorf("store: unexpected load reply %T", val)
	}
	raw, _ := vals[0].(string)
	snap, err := parseState(raw)
	if err != nil {
		return Snapshot{}, err
	}
	applied, err := replyInt(vals[1])
	if err != nil {
		return Snapshot{}, err
	}
	snap.Applied = applied == 1
	if n := (len(vals) - 2) / 2; n > 0 {
		snap.Outbox = make([]OutboxEntry, n)
		for i := range n {
			id, _ := vals[2+2*i].(string)
			msg, _ := vals[3+2*i].(string)
			snap.Outbox[i] = OutboxEntry{ID: id, Msg: []byte(msg)}
		}
	}
	return snap, nil
}

// parseState decodes the state string "<version>:<next check ms>:<state>"
// ("" for an account never committed).
func parseState(raw string) (Snapshot, error) {
	return parseStateBytes([]byte(raw)) // one copy, which the snapshot keeps
}

// stateValue is the stored state string of version: the header parseState
// reads, then the state bytes. The buffer comes from a pool: give it back
// with releaseStateValue once the call that sends it has returned (go-redis
// writes its arguments before Exec returns and keeps no reference to them).
func stateValue(version, next int64, state []byte) *[]byte {
	p, _ := stateBufs.Get().(*[]byte)
	if p == nil {
		p = new([]byte)
	}
	b := (*p)[:0]
	if need := 2*20 + 2 + len(state); cap(b) < need {
		b = make([]byte, 0, need)
	}
	b = strconv.AppendInt(b, version, 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, next, 10)
	b = append(b, ':')
	*p = append(b, state...)
	return p
}

// stateBufs holds the buffers of stateValue.
var stateBufs sync.Pool

// maxPooledState bounds the buffers kept for reuse.
const maxPooledState = 64 << 10

// releaseStateValue returns the state buffer of a commit call to the pool.
// The call must not be sent again.
func releaseStateValue(c *call) {
	if p := c.buf; p != nil && cap(*p) <= maxPooledState {
		c.buf, c.args[1] = nil, nil
		stateBufs.Put(p)
	}
}

// marker is what marks eventKey applied: a 64-bit digest, short and of
// fixed size so that an account's markers stay in Redis's compact encoding
// whatever the length of event ids and sources. Markers are compared only
// within one account and its AppliedTTL: with n events of an account in
// that window, two of them collide with probability about n²/2^65 (10^-11
// for 10,000 events a week). (Markers of 16 bytes, written before, are no
// longer matched: a redelivery of an event applied before the change is
// applied again, which Account.Apply's idempotence makes a no-op.)
func marker(eventKey string) string {
	if eventKey == "" {
		return ""
	}
	d := sha256.Sum256([]byte(eventKey))
	return string(d[:8])
}

// Commit applies c to the account atomically: it fails with ErrApplied when
// c.EventKey is already applied, with ErrConflict when the account's version
// is not c.Version; otherwise it stores c.State as version c.Version+1,
// marks c.EventKey applied for Options.AppliedTTL, appends c.Outbox and
// stores c.NextCheck.
//
// The account's timer and its pending-outbox index entry live in global keys
// (other cluster slots) and are proposed in the same pipeline round trip;
// see doc.go for why a proposal from a failed commit is harmless. An error
// other than ErrApplied or ErrConflict leaves the outcome unknown: the commit
// may have been applied (then a retry gets ErrApplied, or ErrConflict
// without an event key, and a Load shows the commit).
func (s *Store) Commit(ctx context.Context, account string, c Commit) error {
	if err := checkName("account", account); err != nil {
		return err
	}
	var set commitSet
	s.commitCalls(&set, account, c, time.Now().UnixMilli())
	runPipelined(ctx, s.rdb, set.list())
	releaseStateValue(&set.commit)
	return commitOutcome(account, set.list(), &set.commit)
}

// commitOutcome maps the results of a commit's calls to Commit's error.
func commitOutcome(account string, calls []*call, commit *call) error {
	if err := commitResult(commit); err != nil {
		if errors.Is(err, ErrApplied) || errors.Is(err, ErrConflict) {
			return err
		}
		return fmt.Errorf("store: committing account %s: %w", account, err)
	}
	for _, cl := range calls {
		if err := cl.cmd.Err(); err != nil {
			// Committed but not indexed: report it, so the event is not
			// acknowledged and its redelivery re-asserts the index (Load).
			return fmt.Errorf("store: committing account %s: indexing: %w", account, err)
		}
	}
	return nil
}

// commitResult maps commit.lua's reply.
func commitResult(c *call) error {
	vals, err := c.cmd.Slice()
	if err != nil {
		return err
	}
	if len(vals) != 2 {
		return fmt.Errorf("store: reply of %d elements, want 2", len(vals))
	}
	status, err := replyInt(vals[0])
	if err != nil {
		return err
	}
	if _, err := replyInt(vals[1]); err != nil {
		return err
	}
	switch status {
	case 0:
		return nil
	case 1:
		return ErrConflict
	case 2:
		return ErrApplied
	}
	return fmt.Errorf("store: unexpected commit status %d", status)
}

// reassert proposes again the timer and pending-outbox index entries of a
// snapshot (idempotent).
func (s *Store) reassert(ctx context.Context, account string, snap Snapshot) error {
	calls := s.reassertCalls(account, snap)
	if len(calls) == 0 {
		return nil
	}
	runPipelined(ctx, s.rdb, calls)
	return reassertOutcome(calls)
}

// reassertCalls returns the idempotent calls re-asserting snap's timer and
// pending-outbox index entries.
func (s *Store) reassertCalls(account string, snap Snapshot) []*call {
	var calls []*call
	if len(snap.Outbox) > 0 {
		calls = append(calls, s.indexAddCall(account, snap.Version))
	}
	if next := unixMs(snap.NextCheck); next > 0 {
		calls = append(calls, s.timerAddCall(account, next, snap.Version))
	}
	return calls
}

func reassertOutcome(calls []*call) error {
	for _, cl := range calls {
		if err := cl.cmd.Err(); err != nil {
			return fmt.Errorf("re-asserting index: %w", err)
		}
	}
	return nil
}
