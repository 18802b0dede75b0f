package bench

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers/clock"
	"github.com/leadq/leadq/events/synth"
)

// benchPhase is one stretch of load: preload, measured run, typical probe.
type benchPhase struct {
	name     string
	tag      uint32                    // in the traces of its inputs
	next     func() (synth.Item, bool) // the inputs
	limit    int                       // most inputs (0: until next is exhausted)
	rate     float64                   // inputs/s, open-loop; 0: at most window unprocessed
	window   int
	duration time.Duration // publishing stops after it (0: no limit)
}

// phaseResult is what a phase did.
type phaseResult struct {
	published  int64     // inputs stored in the stream
	start, end time.Time // the first publish; every input processed
	pubEnd     time.Time // the last publish
	rss        int64     // the largest resident memory seen (VmRSS), bytes
	natsRSS    int64     // idem of the NATS child
	serveRSS   int64     // idem of the serve children, summed
}

func (r phaseResult) seconds() float64 { return r.end.Sub(r.start).Seconds() }

// stallTimeout ends a phase whose inputs stop being processed.
const stallTimeout = 2 * time.Minute

// runPhase publishes the phase's inputs and waits until the consumer has
// processed (acknowledged or dead-lettered) every one.
func (env *benchEnv) runPhase(ctx context.Context, ph benchPhase, w *consumerWatch, rec *outputRecorder, prog *benchProgress) (phaseResult, error) {
	if err := w.restart(ctx, env); err != nil {
		return phaseResult{}, err
	}
	rec.reset(ph.tag)
	errs0 := env.pubErrors.Load()
	var published atomic.Int64
	fctx, stopFollow := context.WithCancel(ctx)
	followed := make(chan struct{})
	defer func() {
		stopFollow()
		<-followed // the next phase's restart must not race its last poll
	}()
	res := phaseResult{start: time.Now()}
	var rss, natsRSS, serveRSS atomic.Int64
	go func() {
		defer close(followed)
		env.follow(fctx, ph, w, &published, rec, prog, res.start, []memWatch{
			{&rss, func() int64 { r, _ := processRSS(); return r }}, {&natsRSS, env.natsRSS}, {&serveRSS, env.serveRSS}})
	}()
	if err := env.publish(ctx, ph, w, &published, res.start); err != nil {
		return res, err
	}
	res.pubEnd = time.Now()
	select {
	case <-env.js.PublishAsyncComplete():
	case <-ctx.Done():
		return res, ctx.Err()
	}
	res.published = published.Load() - (env.pubErrors.Load() - errs0)
	if err := waitProcessed(ctx, w, res.published); err != nil {
		return res, fmt.Errorf("bench: %s: %w", ph.name, err)
	}
	res.end = time.Now()
	cur, _ := processRSS()
	res.rss, res.natsRSS, res.serveRSS = max(rss.Load(), cur), max(natsRSS.Load(), env.natsRSS()), max(serveRSS.Load(), env.serveRSS())
	return res, nil
}

// publish sends the phase's inputs: on schedule at a fixed rate (each
// stamped with its scheduled time, so a late publisher does not hide
// latency), or as fast as the consumer keeps within the window.
func (env *benchEnv) publish(ctx context.Context, ph benchPhase, w *consumerWatch, published *atomic.Int64, start time.Time) error {
	var interval float64
	if ph.rate > 0 {
		interval = float64(time.Second) / ph.rate
	}
	for i := 0; ph.limit == 0 || i < ph.limit; i++ {
		var at time.Time
		if ph.rate > 0 {
			at = start.Add(time.Duration(float64(i) * interval))
			if d := time.Until(at); d > time.Millisecond {
				clock.Sleep(ctx, d)
			}
		} else {
			for int64(i)-w.processed.Load() > int64(ph.window) {
				if !clock.Sleep(ctx, time.Millisecond) {
					return ctx.Err()
				}
			}
			at = time.Now()
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if ph.duration > 0 && at.Sub(start) >= ph.duration {
			return nil
		}
		it, ok := ph.next()
		if !ok {
			return nil
		}
		if err := env.publishAsync(ctx, stamp(it, benchTrace(at, ph.tag, uint32(i)))); err != nil {
			return err
		}
		published.Add(1)
	}
	return nil
}

// publishAsync publishes msg asynchronously, waiting while too many
// publishes are unacknowledged.
func (env *benchEnv) publishAsync(ctx context.Context, msg *nats.Msg) error {
	for {
		_, err := env.js.PublishMsgAsync(msg)
		if err == nil {
			return nil
		}
		if !errors.Is(err, jetstream.ErrTooManyStalledMsgs) {
			return fmt.Errorf("bench: publishing to %s: %w", msg.Subject, err)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// waitProcessed polls the consumer until want inputs of the phase are
// processed; it fails when nothing moves for stallTimeout.
func waitProcessed(ctx context.Context, w *consumerWatch, want int64) error {
	last, moved := int64(-1), time.Now()
	for {
		if err := w.poll(ctx); err != nil && ctx.Err() == nil {
			return fmt.Errorf("reading consumer progress: %w", err)
		}
		n := w.processed.Load()
		if n >= want {
			return nil
		}
		if n != last {
			last, moved = n, time.Now()
		} else if time.Since(moved) > stallTimeout {
			return fmt.Errorf("stalled: %d of %d inputs processed, none for %s", n, want, stallTimeout)
		}
		if !clock.Sleep(ctx, 5*time.Millisecond) {
			return ctx.Err()
		}
	}
}

// memWatch keeps in max the largest value read seen.
type memWatch struct {
	max  *atomic.Int64
	read func() int64
}

// follow polls the consumer (for the window), and every second notes the
// resident memories of mems and prints a progress line, until ctx is done.

func (env *benchEnv) follow(ctx context.Context, ph benchPhase, w *consumerWatch, published *atomic.Int64, rec *outputRecorder, prog *benchProgress, start time.Time, mems []memWatch) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	next, lastN, lastT := start.Add(time.Second), int64(0), start
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			_ = w.poll(ctx)
			if now.Before(next) {
				continue
			}
			for _, m := range mems {
				if cur := m.read(); cur > m.max.Load() {
					m.max.Store(cur)
				}
			}
			n := w.processed.Load()
			rate := float64(n-lastN) / now.Sub(lastT).Seconds()
			pub := published.Load()
			prog.printf("%-8s %5.1fs  published %9d  processed %9d  %8.0f/s  backlog %6d  transitions %6d",
				ph.name, now.Sub(start).Seconds(), pub, n, rate, pub-n, rec.transitions())
			next, lastN, lastT = now.Add(time.Second), n, now
		}
	}
}
