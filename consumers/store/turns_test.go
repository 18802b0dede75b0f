package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

func turn(t testing.TB, s *Store, queue, id string) int64 {
	t.Helper()
	n, err := s.NextTurn(context.Background(), queue, id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNextTurnIsIdempotentPerTransition(t *testing.T) {
	s, rdb, _ := newTestStore(t, Options{AppliedTTL: time.Hour})
	steps := []struct {
		queue, id string
		want      int64
	}{
		{"sdr-smb", "t1", 0},
		{"sdr-smb", "t2", 1},
		{"sdr-smb", "t1", 0}, // redelivery: same turn, no advance
		{"sdr-mm", "t1", 0},  // queues are independent
		{"sdr-smb", "t3", 2},
		{"sdr-smb", "t2", 1},
	}
	for _, st := range steps {
		if got := turn(t, s, st.queue, st.id); got != st.want {
			t.Fatalf("NextTurn(%s, %s) = %d, want %d", st.queue, st.id, got, st.want)
		}
	}
	pttl := rdb.PTTL(context.Background(), s.opts.Prefix+"rr:{sdr-smb}:t:t1").Val()
	if pttl <= 59*time.Minute || pttl > time.Hour {
		t.Fatalf("turn claim PTTL %v, want about the applied TTL (1h)", pttl)
	}
}

func TestNextTurnConcurrent(t *testing.T) {
	const n = 100
	s, _, _ := newTestStore(t, Options{})
	distinct := make([]int64, n)
	same := make([]int64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { distinct[i] = turn(t, s, "q", fmt.Sprintf("t%d", i)) })
		wg.Go(func() { same[i] = turn(t, s, "q2", "one") })
	}
	wg.Wait()
	slices.Sort(distinct)
	for i, got := range distinct {
		if got != int64(i) {
			t.Fatalf("distinct transitions got turns %v, want 0..%d each once", distinct, n-1)
		}
	}
	for _, got := range same {
		if got != 0 {
			t.Fatalf("one transition asked %d times got turns %v, want all 0", n, same)
		}
	}
}
