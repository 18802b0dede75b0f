package serve

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
	"github.com/leadq/leadq/qualify"
)

// Timings of the watch of the active version.
const (
	// resyncEvery is how often the active version is also read directly,
	// should the watch have missed a change (it does not, short of a bug:
	// the watch is what switches instances within a second).
	resyncEvery = 30 * time.Second
	// rewatchAfter is the pause before a watch that ended is started again.
	rewatchAfter = time.Second
)

// follower keeps serve on the active configuration version: it watches the
// bucket's active key and hands every new version that loads to the
// processor; a version that does not load is refused, and the last good
// one stays.
type follower struct {
	kv      *versions.Store
	log     zerolog.Logger
	metrics *configMetrics
	gate    *gate
	w       jetstream.KeyWatcher
	running string // the version in force; "" before the first
	refused string // the last version refused because it does not load
	waiting bool   // the wait for a first version was logged
}

// first waits for an active version that loads and returns it; nil when
// ctx ends first.
func (f *follower) first(ctx context.Context) (*qualify.Config, error) {
	var cfg *qualify.Config
	err := f.follow(ctx, func(c *qualify.Config) { cfg = c }, func() bool { return cfg != nil })
	return cfg, err
}

// follow hands each new active version to set until ctx ends (it then
// returns nil) or done reports true after a change.
func (f *follower) follow(ctx context.Context, set func(*qualify.Config), done func() bool) error {
	tick := time.NewTicker(resyncEvery)
	defer tick.Stop()
	for !done() {
		if f.w == nil {
			if err := f.watch(ctx); err != nil {
				return nil // ctx ended
			}
		}
		select {
		case <-ctx.Done():
			_ = f.w.Stop()
			return nil
		case e, ok := <-f.w.Updates():
			switch {
			case !ok: // the watch ended: start another
				f.w = nil
			case e == nil: // the current value, if any, was delivered
				f.logWaiting()
			default:
				f.apply(ctx, e.Value(), set)
			}
		case <-tick.C:
			f.resync(ctx, set)
		}
	}
	return nil
}

// watch starts watching the active key, retrying until ctx ends.
func (f *follower) watch(ctx context.Context) error {
	for {
		w, err := f.kv.WatchActive(ctx)
		if err == nil {
			f.w = w
			return nil
		}
		f.log.Warn().Err(err).Msg("watching the active configuration version; retrying")
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(rewatchAfter):
		}
	}
}

// logWaiting says, once, that no version is active yet.
func (f *follower) logWaiting() {
	if f.running == "" && !f.waiting {
		f.waiting = true
		f.log.Warn().Str("bucket", f.kv.Bucket()).Msg(waitingReason)
	}
}

// resync reads the active version directly and applies it if the watch
// missed it.
func (f *follower) resync(ctx context.Context, set func(*qualify.Config)) {
	a, err := f.kv.Active(ctx)
	if err != nil || a.Version == f.running || a.Version == f.refused {
		return
	}
	f.log.Warn().Str("config_version", a.Version).Msg("the watch of the active configuration missed a change")
	f.switchTo(ctx, a.Version, set)
}

// apply handles a value of the active key.
func (f *follower) apply(ctx context.Context, value []byte, set func(*qualify.Config)) {
	a, err := versions.ParseActivation(value)
	if err != nil {
		f.refuse("", err)
		return
	}
	if a.Version != f.running && a.Version != f.refused {
		f.switchTo(ctx, a.Version, set)
	}
}

// switchTo loads version and hands it to set, or refuses it.
func (f *follower) switchTo(ctx context.Context, version string, set func(*qualify.Config)) {
	cfg, err := f.load(ctx, version)
	if err != nil {
		f.refuse(version, err)
		return
	}
	f.refused = ""
	set(cfg)
	prev := f.running
	f.running = version
	f.metrics.running(version)
	if prev != "" {
		f.metrics.reloaded(true)
	}
	f.log.Info().Str("config_version", version).Str("previous", prev).Msg("configuration version in force")
}

// load reads and validates a pushed version. A version that does not
// validate is remembered as refused, so that it is not tried again until
// another one is activated; one that could not be read is tried again.
func (f *follower) load(ctx context.Context, version string) (*qualify.Config, error) {
	v, err := f.kv.Get(ctx, version)
	if err != nil {
		return nil, err
	}
	cfg, warnings, err := rules.Parse("version "+version, v.YAML)
	for _, w := range warnings {
		f.log.Warn().Str("config_version", version).Msg(w.String())
	}
	if err == nil && cfg.Version != version {
		err = fmt.Errorf("it names itself version %q", cfg.Version)
	}
	if err != nil {
		f.refused = version
	}
	return cfg, err
}

// refuse reports an active version that does not load: the last good one
// stays in force, or serve keeps waiting.
func (f *follower) refuse(version string, err error) {
	f.metrics.reloaded(false)
	ev := f.log.Error().Err(err).Str("config_version", version)
	if f.running == "" {
		f.gate.wait(fmt.Sprintf("the active configuration version %q does not load (%v); %s", version, err,
			"waiting for another (leadq config activate)"))
		ev.Msg("active configuration version refused; waiting for one that loads")
		return
	}
	ev.Str("running", f.running).Msg("active configuration version refused; keeping the last good version")
}
