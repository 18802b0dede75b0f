package configdiff

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/qualify"
)

// scanner is the source of accounts; *store.Store satisfies it.
type scanner interface {
	ScanPage(ctx context.Context, from store.ScanCursor, count int) (store.ScanPage, error)
}

// job is one dry run: every account of the store evaluated under both
// versions by a pool of workers while the scan reads the next pages.
type job struct {
	before, after *qualify.Config
	workers       int
	count         int // keys per SCAN call
	examples      int // per kind
	// progress is called after each page with the estimated share of the
	// keyspace scanned and the accounts compared so far.
	progress func(share float64, accounts int64)
}

// run scans every account and returns what the workers counted.
func (j *job) run(ctx context.Context, src scanner) (*tally, error) {
	pages := make(chan []store.Snapshot, 2*j.workers)
	tallies := make([]tally, j.workers)
	var done atomic.Int64
	var wg sync.WaitGroup
	for w := range j.workers {
		wg.Go(func() {
			c := &comparer{before: j.before, after: j.after, examples: j.examples}
			for page := range pages {
				for i := range page {
					compareSnapshot(c, &page[i], &tallies[w])
				}
				done.Add(int64(len(page)))
			}
		})
	}
	err := j.scan(ctx, src, pages, &done)
	close(pages)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	total := &tally{}
	for i := range tallies {
		total.merge(&tallies[i], j.examples)
	}
	return total, nil
}

// scan reads the pages and hands them to the workers, each account once:
// SCAN may return a key twice when Redis resizes its table meanwhile, so
// the accounts seen are remembered (by a 64-bit hash, 1 in 10^7 odds of a
// collision at a million accounts).
func (j *job) scan(ctx context.Context, src scanner, pages chan<- []store.Snapshot, done *atomic.Int64) error {
	seen := map[uint64]struct{}{}
	seed := maphash.MakeSeed()
	var at store.ScanCursor
	for {
		page, err := src.ScanPage(ctx, at, j.count)
		if err != nil {
			return err
		}
		fresh := page.Accounts[:0]
		for _, s := range page.Accounts {
			h := maphash.String(seed, s.Account)
			if _, dup := seen[h]; !dup {
				seen[h] = struct{}{}
				fresh = append(fresh, s)
			}
		}
		if len(fresh) > 0 {
			select {
			case pages <- fresh:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if j.progress != nil {
			j.progress(page.Progress, done.Load())
		}
		if page.Done {
			return nil
		}
		at = page.Next
	}
}

// compareSnapshot decodes one stored account and compares it; an account
// that cannot be decoded is counted and skipped.
func compareSnapshot(c *comparer, s *store.Snapshot, t *tally) {
	a, err := consumers.DecodeState(s.State)
	if err != nil {
		if t.unreadable++; t.firstUnreadable == "" {
			t.firstUnreadable = fmt.Sprintf("%s (version %d): %v", s.Account, s.Version, err)
		}
		return
	}
	if a.Domain == "" {
		a.Domain = s.Account
	}
	c.account(a, t)
}
