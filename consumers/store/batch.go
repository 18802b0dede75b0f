package store

import (
	"context"
	"fmt"
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
func (s *Store) LoadBatch(ctx context.Context, reqs []LoadRequest) []LoadResult {
	res := make([]LoadResult, len(reqs))
	calls := make([]*call, 0, len(reqs))
	idx := make([]int, 0, len(reqs))
	for i, r := range reqs {
		if err := checkName("account", r.Account); err != nil {
			res[i].Err = err
			continue
		}
		calls = append(calls, &call{script: s.scripts.load, keys: s.accountKeys(r.Account),
			args: []any{marker(r.EventKey)}, idempotent: true})
		idx = append(idx, i)
	}
	if len(calls) == 0 {
		return res
	}
	runPipelined(ctx, s.rdb, calls)
	var again []*call
	var owners [][2]int // request index, number of calls in again
	for k, c := range calls {
		i := idx[k]
		snap, err := parseSnapshot(c.cmd.Val(), c.cmd.Err())
		if err != nil {
			res[i].Err = fmt.Errorf("store: loading account %s: %w", reqs[i].Account, err)
			continue
		}
		res[i].Snapshot = snap
		if snap.Applied {
			rc := s.reassertCalls(reqs[i].Account, snap)
			again = append(again, rc...)
			owners = append(owners, [2]int{i, len(rc)})
		}
	}
	if len(again) == 0 {
		return res
	}
	runPipelined(ctx, s.rdb, again)
	for _, o := range owners {
		if err := reassertOutcome(again[:o[1]]); err != nil {
			res[o[0]] = LoadResult{Err: fmt.Errorf("store: loading account %s: %w", reqs[o[0]].Account, err)}
		}
		again = again[o[1]:]
	}
	return res
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
	type group struct {
		i      int
		calls  []*call
		commit *call
	}
	groups := make([]group, 0, len(reqs))
	all := make([]*call, 0, len(reqs))
	for i, r := range reqs {
		if err := checkName("account", r.Account); err != nil {
			errs[i] = err
			continue
		}
		calls, commit := s.commitCalls(r.Account, r.Commit)
		groups = append(groups, group{i: i, calls: calls, commit: commit})
		all = append(all, calls...)
	}
	if len(all) == 0 {
		return errs
	}
	runPipelined(ctx, s.rdb, all)
	for _, g := range groups {
		errs[g.i] = commitOutcome(reqs[g.i].Account, g.calls, g.commit)
	}
	return errs
}
