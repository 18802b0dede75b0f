package bench

import (
	"context"
	"fmt"
	"iter"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/leadq/leadq/events/synth"
	"github.com/leadq/leadq/qualify"
)

// Phase tags, carried in the traces of their inputs.
const (
	tagPreload  = 0x0b0b0001
	tagFull     = 0x0b0b0002
	tagTypical  = 0x0b0b0003
	tagBaseline = 0x0b0b0004
)

// generator is the synthetic market and stream of a run; both pipelines
// get the same inputs.
func (o *options) generator(now time.Time) *synth.Generator {
	return synth.New(synth.Options{
		Seed: o.Seed, Accounts: o.Accounts, Events: o.plannedEvents(),
		Start:  now.Add(-o.Span - time.Minute).Truncate(time.Second),
		Span:   o.Span,
		Prefix: o.Pipeline.Subjects.Prefix,
	})
}

// runFullBench runs the full pipeline: preload, measured run, typical
// account probe.
func runFullBench(ctx context.Context, env *benchEnv, o options, rules *qualify.Config, prog *benchProgress) (*benchResult, error) {
	hook := &rttHook{}
	mem0, err := env.sample(ctx, hook)
	if err != nil {
		return nil, err
	}
	stop, err := env.startProcessors(ctx, o, rules, hook)
	if err != nil {
		return nil, err
	}
	defer stop()
	w, err := env.watchConsumer(ctx, o.Pipeline.Durable)
	if err != nil {
		return nil, err
	}
	rec, err := env.subscribeOutputs()
	if err != nil {
		return nil, err
	}
	defer func() { _ = rec.sub.Unsubscribe() }()
	gen := o.generator(time.Now())
	prog.printf("preloading %d accounts", o.Accounts)
	pre, stopPre := iter.Pull(gen.Preload())
	_, err = env.runPhase(ctx, benchPhase{name: "preload", tag: tagPreload, next: pre, window: o.Window}, w, rec, prog)
	stopPre()
	if err != nil {
		return nil, err
	}
	res, err := env.measureFull(ctx, o, gen, hook, w, rec, prog)
	if err != nil {
		return nil, err
	}
	s1, err := env.sample(ctx, hook)
	if err != nil {
		return nil, err
	}
	res.RedisBytesPerAccount = round(float64(s1.redisMem-mem0.redisMem)/float64(o.Accounts), 0)
	res.StateBytes = env.stateBytes(ctx, o, gen)
	if o.Typical > 0 {
		if err := env.typicalProbe(ctx, o, rules, res, w, rec, prog); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// startProcessors starts the full pipeline's processors, in this process
// or as leadq serve children.
func (env *benchEnv) startProcessors(ctx context.Context, o options, rules *qualify.Config, hook *rttHook) (func(), error) {
	if !o.Children {
		return env.startInstances(ctx, o, rules, hook)
	}
	sc, stop, err := env.startServeChildren(o)
	if err != nil {
		return nil, err
	}
	env.children = sc
	return func() { stop(); env.children = nil }, nil
}

// measureFull runs the measured phase of the full pipeline, profiled when
// asked.
func (env *benchEnv) measureFull(ctx context.Context, o options, gen *synth.Generator, hook *rttHook, w *consumerWatch, rec *outputRecorder, prog *benchProgress) (*benchResult, error) {
	stopProfile, err := env.startCPUProfile(ctx, o)
	if err != nil {
		return nil, err
	}
	s0, err := env.sample(ctx, hook)
	if err != nil {
		stopProfile()
		return nil, err
	}
	prog.printf("full pipeline: %d instance(s), rate %s, for %s", o.Instances, rateText(o.Rate), o.Duration)
	ph, err := env.runPhase(ctx, benchPhase{name: "full", tag: tagFull, next: gen.Next,
		limit: o.plannedEvents(), rate: o.Rate, window: o.Window, duration: o.Duration}, w, rec, prog)
	stopProfile()
	if err != nil {
		return nil, err
	}
	s1, err := env.sample(ctx, hook)
	if err != nil {
		return nil, err
	}
	if err := env.writeAllocProfile(ctx, o.MemProfile); err != nil {
		return nil, err
	}
	return newResult("full", o.Accounts, ph, s0, s1, rec.stats()), nil
}

func rateText(rate float64) string {
	if rate == 0 {
		return "as fast as it drains"
	}
	return fmt.Sprintf("%.0f/s", rate)
}

// stateBytes is the mean size of the stored state string of the first
// accounts of the market.
func (env *benchEnv) stateBytes(ctx context.Context, o options, gen *synth.Generator) float64 {
	n := min(o.Accounts, 200)
	var total, found int64
	for i := range n {
		key := o.Pipeline.KeyPrefix + "{" + gen.Account(i).Domain + "}:s"
		if l, err := env.admin.StrLen(ctx, key).Result(); err == nil && l > 0 {
			total += l
			found++
		}
	}
	if found == 0 {
		return 0
	}
	return round(float64(total)/float64(found), 0)
}

// startCPUProfile starts the CPU profile of --cpuprofile ("" for none); the
// returned function stops it. With --serve-processes it profiles the first
// leadq serve child for --duration, from the start of the measured run.
func (env *benchEnv) startCPUProfile(ctx context.Context, o options) (func(), error) {
	path := o.CPUProfile
	if path == "" {
		return func() {}, nil
	}
	if sc := env.children; sc != nil {
		done := make(chan error, 1)
		secs := max(1, int(o.Duration.Round(time.Second).Seconds()))
		go func() { done <- sc.fetchProfile(ctx, fmt.Sprintf("profile?seconds=%d", secs), path) }()
		return func() {
			if err := <-done; err != nil {
				fmt.Fprintf(os.Stderr, "leadq bench: %v\n", err)
			}
		}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: creating CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("bench: starting CPU profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}

// writeAllocProfile writes the allocation profile to path ("" for none):
// of the first leadq serve child with --serve-processes.
func (env *benchEnv) writeAllocProfile(ctx context.Context, path string) error {
	if path == "" {
		return nil
	}
	if env.children != nil {
		return env.children.fetchProfile(ctx, "allocs", path)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bench: creating allocation profile: %w", err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		return fmt.Errorf("bench: writing allocation profile: %w", err)
	}
	return nil
}
