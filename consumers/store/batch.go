package store

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// LoadRequest is one read of LoadBatch: an account and the event key to
// check ("" for none).
type LoadRequest struct {
	Account, EventKey string
}

// LoadResult is the outcome of one LoadRequest: what Load would return.
type LoadResult struct {
	Snapshot Snapshot
	Err      error
}

// LoadBatch does the work of Load for every request in one pipelined round
// trip (and, when some events are applied, one more for all their
// re-assertions), so that a consumer with several inputs at hand pays one
// round trip instead of one each. Results are in request order; an account
// may appear in several requests.
//
// Unlike Load it reads with plain commands (GET, ZSCORE, LRANGE) rather than
// load.lua, which costs Redis several times less per account; the reads of
// one account are therefore not one atomic snapshot. Nothing depends on it:
// a state read before a concurrent commit fails its own commit on the
// version, an applied flag or outbox entries seen from a later commit only
// lead to an early flush of entries published idempotently (their id is the
// Nats-Msg-Id), and Commit checks the applied marker again atomically. An
// account whose outbox is not empty takes one more round trip (HMGET) for
// the messages; the applied check compares the marker's expiry with this
// host's clock rather than Redis's.
func (s *Store) LoadBatch(ctx context.Context, reqs []LoadRequest) []LoadResult {
	res := make([]LoadResult, len(reqs))
	reads := make([]plainLoad, len(reqs))
	pipe := s.rdb.Pipeline()
	for i, r := range reqs {
		if err := checkName("account", r.Account); err != nil {
			res[i].Err = err
			continue
		}
		s.accountKeysInto(&reads[i].keys, r.Account)
		reads[i].queue(ctx, pipe, r.EventKey)
	}
	if pipe.Len() == 0 {
		return res
	}
	_, _ = pipe.Exec(ctx) // errors are in each command
	nowMs := time.Now().UnixMilli()
	var msgs []int // requests with outbox entries
	for i := range reqs {
		if res[i].Err != nil {
			continue
		}
		snap, err := reads[i].snapshot(nowMs)
		if err != nil {
			res[i].Err = fmt.Errorf("store: loading account %s: %w", reqs[i].Account, err)
			continue
		}
		res[i].Snapshot = snap
		if len(reads[i].ids.Val()) > 0 {
			msgs = append(msgs, i)
		}
	}
	s.loadOutboxes(ctx, reqs, reads, res, msgs)
	s.reassertBatch(ctx, reqs, res)
	return res
}

// plainLoad is the pipelined reads of one account.
type plainLoad struct {
	keys    [4]string       // the account's (accountKeys)
	state   *redis.RawCmd   // GET, read raw so that the state bytes are not copied
	applied *redis.FloatCmd // nil without an event key
	ids     *redis.StringSliceCmd
}

func (l *plainLoad) queue(ctx context.Context, pipe redis.Pipeliner, eventKey string) {
	l.state = redis.NewRawCmd(ctx, "get", &l.keys[0])
	_ = pipe.Process(ctx, l.state)
	if eventKey != "" {
		l.applied = pipe.ZScore(ctx, l.keys[3], marker(eventKey))
	}
	l.ids = pipe.LRange(ctx, l.keys[2], 0, -1)
}

// snapshot builds the snapshot of the reads, outbox messages aside.
func (l *plainLoad) snapshot(nowMs int64) (Snapshot, error) {
	reply, err := l.state.Result()
	if err != nil {
		return Snapshot{}, err
	}
	raw, err := bulkReply(reply)
	if err != nil {
		return Snapshot{}, err
	}
	snap, err := parseStateBytes(raw)
	if err != nil {
		return Snapshot{}, err
	}
	if l.applied != nil {
		exp, err := l.applied.Result()
		switch {
		case err == nil:
			snap.Applied = exp > float64(nowMs)
		case err != redis.Nil:
			return Snapshot{}, err
		}
	}
	return snap, l.ids.Err()
}

// loadOutboxes reads the outbox messages of the requests in msgs in one
// round trip, in list order, skipping ids without a message (as load.lua).
func (s *Store) loadOutboxes(ctx context.Context, reqs []LoadRequest, reads []plainLoad, res []LoadResult, msgs []int) {
	if len(msgs) == 0 {
		return
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.SliceCmd, len(msgs))
	for k, i := range msgs {
		cmds[k] = pipe.HMGet(ctx, reads[i].keys[1], reads[i].ids.Val()...)
	}
	_, _ = pipe.Exec(ctx)
	for k, i := range msgs {
		vals, err := cmds[k].Result()
		if err != nil {
			res[i] = LoadResult{Err: fmt.Errorf("store: loading account %s: %w", reqs[i].Account, err)}
			continue
		}
		for n, id := range reads[i].ids.Val() {
			if msg, ok := vals[n].(string); ok {
				res[i].Snapshot.Outbox = append(res[i].Snapshot.Outbox, OutboxEntry{ID: id, Msg: []byte(msg)})
			}
		}
	}
}

// reassertBatch re-asserts the index entries of the applied snapshots, as
// Load does, all in one round trip.
func (s *Store) reassertBatch(ctx context.Context, reqs []LoadRequest, res []LoadResult) {
	var again []*call
	var owners [][2]int // request index, number of its calls in again
	for i := range res {
		if res[i].Err == nil && res[i].Snapshot.Applied {
			rc := s.reassertCalls(reqs[i].Account, res[i].Snapshot)
			again = append(again, rc...)
			owners = append(owners, [2]int{i, len(rc)})
		}
	}
	if len(again) == 0 {
		return
	}
	runPipelined(ctx, s.rdb, again)
	for _, o := range owners {
		if err := reassertOutcome(again[:o[1]]); err != nil {
			res[o[0]] = LoadResult{Err: fmt.Errorf("store: loading account %s: %w", reqs[o[0]].Account, err)}
		}
		again = again[o[1]:]
	}
}

// CommitRequest is one commit of CommitBatch.
type CommitRequest struct {
	Account string
	Commit  Commit
}

// CommitBatch does the work of Commit for every request in one pipelined
// round trip and returns each one's error as Commit would, in request
// order. The commits are independent: give each account at most once (a
// second commit of an account computed from the first one's result would be
// applied even when the first one failed).
func (s *Store) CommitBatch(ctx context.Context, reqs []CommitRequest) []error {
	errs := make([]error, len(reqs))
	sets := make([]commitSet, len(reqs))
	all := make([]*call, 0, 3*len(reqs))
	nowMs := time.Now().UnixMilli()
	for i, r := range reqs {
		if err := checkName("account", r.Account); err != nil {
			errs[i] = err
			continue
		}
		s.commitCalls(&sets[i], r.Account, reqs[i].Commit, nowMs)
		all = append(all, sets[i].list()...)
	}
	if len(all) == 0 {
		return errs
	}
	runPipelined(ctx, s.rdb, all)
	for i := range sets {
		if cs := &sets[i]; cs.n > 0 {
			releaseStateValue(&cs.commit)
			errs[i] = commitOutcome(reqs[i].Account, cs.list(), &cs.commit)
		}
	}
	return errs
}
