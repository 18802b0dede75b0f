package consumers

import (
	"context"
	"errors"

	"github.com/leadq/leadq/consumers/store"
)

// maxBatch bounds the inputs a shard worker handles together.
const maxBatch = 32

// batchStore is a Store that reads and commits several accounts in one
// round trip; *store.Store is one. A Store without it (a test's wrapper) is
// used one input at a time.
type batchStore interface {
	LoadBatch(ctx context.Context, reqs []store.LoadRequest) []store.LoadResult
	CommitBatch(ctx context.Context, reqs []store.CommitRequest) []error
}

// nextBatch returns the jobs a worker handles next, in queue order: the job
// held back last time or the next one of ch (waiting for it), then those
// already queued, up to maxBatch. It stops before a second job of an account
// and holds it back, so the jobs of a batch have distinct accounts and each
// account's inputs are still handled in order. ok is false once ch is closed
// and drained.
func nextBatch(ch <-chan *job, held **job, batch []*job) (_ []*job, ok bool) {
	first := *held
	*held = nil
	if first == nil {
		if first, ok = <-ch; !ok {
			return batch, false
		}
	}
	batch = append(batch, first)
	for len(batch) < maxBatch {
		select {
		case j, ok := <-ch:
			if !ok {
				return batch, true
			}
			for _, b := range batch {
				if b.account == j.account {
					*held = j
					return batch, true
				}
			}
			batch = append(batch, j)
		default:
			return batch, true
		}
	}
	return batch, true
}

// batchScratch is a worker's memory for its batches, reused from batch to
// batch.
type batchScratch struct {
	loads   []store.LoadRequest
	pending []pendingCommit
	commits []store.CommitRequest
}

// reset drops the references the last batch left, so that they do not
// outlive it.
func (sc *batchScratch) reset() {
	clear(sc.loads[:cap(sc.loads)])
	clear(sc.pending[:cap(sc.pending)])
	clear(sc.commits[:cap(sc.commits)])
}

// pendingCommit is an input applied in a batch, waiting for its commit.
type pendingCommit struct {
	j    *job
	snap store.Snapshot
	u    *update
}

// handleBatch handles and finishes jobs of distinct accounts with two
// Redis round trips for all: their loads, then, after each is applied as
// handle does, their commits. Whatever is not the plain path — a load error,
// an input already applied, a failed apply, a commit that conflicted or
// failed — goes through handle on its own, which loads again: handle stays
// the one definition of every outcome.
func (p *Processor) handleBatch(ctx context.Context, jobs []*job, sc *batchScratch) {
	bs, ok := p.store.(batchStore)
	if !ok || len(jobs) == 1 {
		for _, j := range jobs {
			out, err := p.handle(ctx, j)
			p.finish(ctx, j, out, err)
		}
		return
	}
	defer sc.reset()
	p.applyLoaded(ctx, bs, jobs, sc)
	if len(sc.commits) == 0 {
		return
	}
	for k, err := range bs.CommitBatch(ctx, sc.commits) {
		pc := sc.pending[k]
		if err != nil {
			if errors.Is(err, store.ErrConflict) {
				p.metrics.conflicts.Inc()
			}
			// ErrApplied (a redelivery) and the rest: handle sorts it out.
			p.handleAlone(ctx, pc.j)
			continue
		}
		pc.j.cache.put(pc.j.account, pc.snap.Version+1, pc.u.acct)
		p.countOutputs(pc.u)
		p.finish(ctx, pc.j, outcomeProcessed, p.flush(ctx, pc.j.account, append(pc.snap.Outbox, pc.u.Outbox...)))
	}
}

// applyLoaded loads the jobs' accounts in one round trip and applies each
// job, leaving the commits to make in sc.pending and sc.commits; a job off
// the plain path is handled and finished here.
//
// A first delivery is loaded without the applied check, one Redis command
// less per input: the commit checks the marker atomically anyway
// (ErrApplied, before the version), after which handle loads the input with
// the check and flushes the outbox. Should the input change nothing (a
// producer's duplicate), it is acknowledged as unchanged, which is as true.
// A redelivery is checked here, so that an applied one re-asserts the
// indexes of a commit whose reply may have been lost (store.Load).
func (p *Processor) applyLoaded(ctx context.Context, bs batchStore, jobs []*job, sc *batchScratch) {
	sc.loads, sc.pending, sc.commits = sc.loads[:0], sc.pending[:0], sc.commits[:0]
	for _, j := range jobs {
		l := store.LoadRequest{Account: j.account}
		if j.delivered > 1 {
			l.EventKey = j.key
		}
		sc.loads = append(sc.loads, l)
	}
	for i, r := range bs.LoadBatch(ctx, sc.loads) {
		j := jobs[i]
		if r.Err != nil || r.Snapshot.Applied {
			p.handleAlone(ctx, j)
			continue
		}
		u, err := p.applyEvent(ctx, j, r.Snapshot)
		switch {
		case err != nil:
			p.handleAlone(ctx, j)
		case u == nil:
			p.finish(ctx, j, outcomeUnchanged, p.flush(ctx, j.account, r.Snapshot.Outbox))
		default:
			sc.pending = append(sc.pending, pendingCommit{j: j, snap: r.Snapshot, u: u})
			sc.commits = append(sc.commits, store.CommitRequest{Account: j.account, Commit: u.Commit})
		}
	}
}

// handleAlone handles j on its own after the batch path gave up on it; the
// cached account may hold the batch's uncommitted changes, so it is dropped.
func (p *Processor) handleAlone(ctx context.Context, j *job) {
	j.cache.drop(j.account)
	out, err := p.handle(ctx, j)
	p.finish(ctx, j, out, err)
}
