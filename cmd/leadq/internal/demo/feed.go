package demo

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/events/synth"
)

// Feeding paces: every feedTick it publishes what the rate allows since the
// start, at most feedBatch messages, and waits for the stream's
// acknowledgements (at most feedAckWait) before the next tick. A machine too
// slow for the rate feeds the same events, later.
const (
	feedTick    = 20 * time.Millisecond
	feedBatch   = 1024
	feedAckWait = 10 * time.Second
)

// feed publishes the generated stream to its input subjects at rate events
// per second, counting acknowledged inputs in fed, until the generator ends
// or ctx is done. It returns the stream sequence of the last input.
func feed(ctx context.Context, js jetstream.JetStream, gen *synth.Generator, rate float64, fed *atomic.Int64) (uint64, error) {
	t := time.NewTicker(feedTick)
	defer t.Stop()
	start := time.Now()
	var last uint64
	for sent := 0; ; {
		due := int(rate*time.Since(start).Seconds()) - sent
		n, seq, more, err := publishBatch(js, gen, min(max(due, 0), feedBatch))
		sent += n
		fed.Add(int64(n))
		last = max(last, seq)
		if err != nil || !more {
			return last, err
		}
		select {
		case <-ctx.Done():
			return last, context.Cause(ctx)
		case <-t.C:
		}
	}
}

// publishBatch publishes up to n items asynchronously and waits for their
// acknowledgements. It reports how many were acknowledged, the last stream
// sequence, and whether the generator has more. It does not stop on a
// cancelled context: what is published is waited for, so that fed counts
// every input the pipeline will see.
func publishBatch(js jetstream.JetStream, gen *synth.Generator, n int) (int, uint64, bool, error) {
	futures := make([]jetstream.PubAckFuture, 0, n)
	more := true
	var perr error
	for len(futures) < n {
		it, ok := gen.Next()
		if !ok {
			more = false
			break
		}
		f, err := js.PublishMsgAsync(it.Msg())
		if err != nil {
			perr = fmt.Errorf("demo: publishing event %s: %w", it.ID, err)
			break
		}
		futures = append(futures, f)
	}
	timeout := time.NewTimer(feedAckWait)
	defer timeout.Stop()
	var last uint64
	for i, f := range futures {
		select {
		case ack := <-f.Ok():
			last = max(last, ack.Sequence)
		case err := <-f.Err():
			return i, last, false, fmt.Errorf("demo: publishing an event: %w", err)
		case <-timeout.C:
			return i, last, false, fmt.Errorf("demo: no acknowledgement from JetStream within %s", feedAckWait)
		}
	}
	return len(futures), last, more && perr == nil, perr
}
