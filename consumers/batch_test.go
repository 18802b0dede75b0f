package consumers

import (
	"slices"
	"strings"
	"testing"
)

// TestNextBatch: batches keep queue order, hold back a job whose account is
// already in the batch (so an account's inputs stay in order), stop at
// maxBatch or when nothing is queued, and report the end once the queue is
// closed and drained.
func TestNextBatch(t *testing.T) {
	many := make([]string, maxBatch+3)
	for i := range many {
		many[i] = "a" + strings.Repeat("x", i)
	}
	tests := []struct {
		name    string
		queued  []string // accounts of the queued jobs, in order
		batches [][]string
	}{
		{"distinct accounts in one batch", []string{"a", "b", "c"}, [][]string{{"a", "b", "c"}}},
		{"a repeated account starts the next batch", []string{"a", "b", "a", "c"}, [][]string{{"a", "b"}, {"a", "c"}}},
		{"the same account one by one", []string{"a", "a", "a"}, [][]string{{"a"}, {"a"}, {"a"}}},
		{"at most maxBatch", many, [][]string{many[:maxBatch], many[maxBatch:]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := make(chan *job, len(tt.queued))
			for _, a := range tt.queued {
				ch <- &job{account: a}
			}
			close(ch)
			var held *job
			var got [][]string
			for {
				b, ok := nextBatch(ch, &held, nil)
				if !ok {
					break
				}
				var accts []string
				for _, j := range b {
					accts = append(accts, j.account)
				}
				got = append(got, accts)
			}
			if !slices.EqualFunc(got, tt.batches, slices.Equal[[]string]) {
				t.Errorf("batches %v, want %v", got, tt.batches)
			}
		})
	}
}

// TestNextBatchDoesNotWaitForMore: a batch is what is queued; the worker
// does not wait for a batch to fill.
func TestNextBatchDoesNotWaitForMore(t *testing.T) {
	ch := make(chan *job, 4)
	ch <- &job{account: "a"}
	var held *job
	b, ok := nextBatch(ch, &held, nil)
	if !ok || len(b) != 1 || held != nil {
		t.Fatalf("batch %v (ok %v, held %v), want the one queued job", b, ok, held)
	}
}
