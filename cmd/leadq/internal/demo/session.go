package demo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/pipeline"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/consumers/clock"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
	"github.com/leadq/leadq/qualify"
)

// demoSpan is the event-time span of the synthetic stream: a month.
const demoSpan = synth.DefaultSpan

// demoSettleWait bounds the wait for the re-checks due at the end of the
// month, which take a second or two.
const demoSettleWait = time.Minute

// demoSession is one demo run on its servers: the pipeline, the feed, the
// output watcher and the display.
type demoSession struct {
	o         options
	env       *demoEnv
	log       zerolog.Logger
	view      *demoView
	rules     *qualify.Config
	subjects  events.Subjects
	names     consumers.StreamNames
	durable   string
	keyPrefix string
	store     *store.Store
	proc      *consumers.Processor
	clock     *clock.Manual
	anchor    time.Time // the end of the month: the demo's start, to the minute
	gen       *synth.Generator
	watch     *demoWatcher
	fed       atomic.Int64
	phase     atomic.Pointer[string]
}

// newDemoSession clears the demo's prefix on servers it did not start, sets
// the streams up and builds the processor the way `leadq serve` does, on
// the demo's clock (see clock.go).
func newDemoSession(ctx context.Context, o options, env *demoEnv, rules *qualify.Config,
	log zerolog.Logger, view *demoView) (*demoSession, error) {
	anchor := time.Now().UTC().Truncate(time.Minute)
	gopts := synth.Options{Seed: o.Seed, Accounts: o.Accounts, Events: o.events(),
		Start: anchor.Add(-demoSpan), Span: demoSpan, Prefix: o.Prefix}
	if err := gopts.Validate(); err != nil {
		return nil, cli.Usagef("%v", err)
	}
	po := pipeline.Defaults() // serve's, with the demo's prefixes
	po.Subjects.Prefix, po.KeyPrefix = o.Prefix, o.Prefix+":"
	s := &demoSession{o: o, env: env, log: log, view: view, rules: rules, anchor: anchor,
		subjects: po.Subjects, names: po.StreamsConfig().Names(), durable: po.Durable, keyPrefix: po.KeyPrefix,
		clock: clock.NewManual(gopts.Start), gen: synth.New(gopts)}
	s.setPhase("starting")
	if err := env.clear(ctx, []string{s.names.In, s.names.Out, s.names.DLQ}, po.KeyPrefix); err != nil {
		return nil, err
	}
	po.Workers, po.Now = 1, s.clock.Now
	po.MaxFuture, po.RecheckEvery = demoSpan+events.DefaultMaxFuture, 100*time.Millisecond
	cfg, st, err := po.Build(ctx, env.js, env.rdb, log)
	if err != nil {
		return nil, err
	}
	if s.proc, err = consumers.New(cfg, env.js, st, rules, log, nil); err != nil {
		return nil, err
	}
	s.store = st
	s.watch = newDemoWatcher(env.js, s.names.Out, view, log)
	return s, nil
}

// run feeds the stream and lets it settle (or stops early on a signal, then
// calls stopSignals so that a second one ends the process), stops the
// pipeline and returns the summary.
func (s *demoSession) run(ctx context.Context, stopSignals func()) (*demoSummary, error) {
	work, stopPipeline := s.startPipeline(ctx)
	defer stopPipeline()
	started := time.Now()
	if err := s.watch.start(ctx, started); err != nil {
		return nil, err
	}
	defer s.watch.stop()
	s.header()
	stopProgress := s.startProgress()
	defer stopProgress()
	err := s.feedAndSettle(work)
	interrupted := ctx.Err() != nil
	if interrupted {
		stopSignals()
		s.setPhase("stopping")
		s.view.notice("stopping: finishing the events in flight (Ctrl-C again to quit at once)")
		err = nil
	}
	if perr := stopPipeline(); err == nil {
		err = perr
	}
	if err != nil {
		return nil, err
	}
	s.catchUp()
	if !interrupted {
		s.setPhase("done")
	}
	stopProgress()
	s.watch.stop()
	return s.summary(time.Since(started), interrupted), nil
}

// startPipeline runs the processor until stop is called; stop lets it
// finish what is in flight and returns its error. If the processor stops on
// its own, work is cancelled with the reason as its cause.
func (s *demoSession) startPipeline(ctx context.Context) (work context.Context, stop func() error) {
	work, stopWork := context.WithCancelCause(ctx)
	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() {
		err := s.proc.Run(runCtx)
		if err != nil {
			err = fmt.Errorf("demo: pipeline stopped: %w", err)
			stopWork(err)
		} else {
			stopWork(errDemoStopped)
		}
		done <- err
	}()
	return work, sync.OnceValue(func() error {
		stopRun()
		return <-done
	})
}

// feedAndSettle feeds the stream, waits until every input is processed,
// then moves the clock to the anchor and waits for the re-checks due by then.
func (s *demoSession) feedAndSettle(ctx context.Context) error {
	s.setPhase("feeding")
	last, err := feed(ctx, s.env.js, s.gen, s.o.Rate, &s.fed)
	if err != nil {
		return err
	}
	s.setPhase("processing")
	if err := poll(ctx, 50*time.Millisecond, func(ctx context.Context) (bool, error) {
		return s.consumed(ctx, last)
	}); err != nil {
		return err
	}
	s.setPhase("re-checking")
	s.clock.Set(s.anchor)
	sctx, cancel := context.WithTimeout(ctx, demoSettleWait)
	defer cancel()
	err = poll(sctx, 50*time.Millisecond, s.rechecksSettled)
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		s.view.notice(fmt.Sprintf("re-checks due by %s still running after %s; the summary may miss some",
			s.anchor.Format(time.RFC3339), demoSettleWait))
		return nil
	}
	return err
}

// consumed reports whether the pipeline has acknowledged every input up to
// stream sequence last.
func (s *demoSession) consumed(ctx context.Context, last uint64) (bool, error) {
	if last == 0 {
		return true, nil
	}
	c, err := s.env.js.Consumer(ctx, s.names.In, s.durable)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		return false, nil // Run has not created it yet
	}
	if err != nil {
		return false, fmt.Errorf("demo: reading consumer %s: %w", s.durable, err)
	}
	return c.CachedInfo().AckFloor.Stream >= last, nil
}

// rechecksSettled reports whether no re-check is due by the anchor and none
// is in flight (claimed, not yet done: its outputs may not be published).
// The store has no call for this, so it reads the two keys its doc.go lays
// out, at one instant: the timers sorted set (account → due instant or, while
// claimed, lease expiry, in Unix ms) and the claims hash.
func (s *demoSession) rechecksSettled(ctx context.Context) (bool, error) {
	timers := s.keyPrefix + "timers"
	claims := timers + ":claims{" + timers + "}"
	var due, claimed *redis.IntCmd
	_, err := s.env.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		due = p.ZCount(ctx, timers, "-inf", strconv.FormatInt(s.anchor.UnixMilli(), 10))
		claimed = p.HLen(ctx, claims)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("demo: reading re-check timers: %w", err)
	}
	return due.Val() == 0 && claimed.Val() == 0, nil
}

// catchUp waits, briefly, until the watcher has read every output.
func (s *demoSession) catchUp() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	str, err := s.env.js.Stream(ctx, s.names.Out)
	if err == nil {
		last := str.CachedInfo().State.LastSeq
		err = poll(ctx, 20*time.Millisecond, func(context.Context) (bool, error) {
			return s.watch.seen.Load() >= last, nil
		})
	}
	if err != nil {
		s.log.Warn().Err(err).Msg("demo: not every output was read; the summary may miss some")
	}
}

// deadLetters counts the dead letters by reason.
func (s *demoSession) deadLetters(ctx context.Context) (map[string]uint64, error) {
	str, err := s.env.js.Stream(ctx, s.names.DLQ)
	if err != nil {
		return nil, fmt.Errorf("demo: reading stream %s: %w", s.names.DLQ, err)
	}
	info, err := str.Info(ctx, jetstream.WithSubjectFilter(s.subjects.DLQAll()))
	if err != nil {
		return nil, fmt.Errorf("demo: reading stream %s: %w", s.names.DLQ, err)
	}
	out := make(map[string]uint64, len(info.State.Subjects))
	for subject, n := range info.State.Subjects {
		out[strings.TrimPrefix(subject, s.o.Prefix+".dlq.")] = n
	}
	return out, nil
}

func (s *demoSession) setPhase(p string) { s.phase.Store(&p) }
