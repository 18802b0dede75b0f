package pipeline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
)

// Options are the processor, stream and state-store settings shared by
// `serve`, `demo` and `bench`. The processor's flags set the embedded
// consumers.Config, the streams' flags Streams (whose subjects are the
// processor's).
type Options struct {
	consumers.Config
	Streams       consumers.StreamsConfig
	KeyPrefix     string        // of every Redis key (store.Options.Prefix)
	AppliedTTL    time.Duration // store.Options.AppliedTTL
	ExtraFreeMail []string      // added to events.DefaultFreeMail
	GCPercent     int           // see SetGCPercent
}

// Defaults returns the options as the flags leave them when none is given.
func Defaults() Options {
	var o Options
	o.Register(pflag.NewFlagSet("defaults", pflag.ContinueOnError))
	return o
}

// Register adds the pipeline's flags to fs, with their defaults.
func (o *Options) Register(fs *pflag.FlagSet) {
	o.registerProcessor(fs)
	o.registerStreams(fs)
	fs.StringVar(&o.KeyPrefix, "key-prefix", "leadq:", "prefix of every Redis key")
	fs.DurationVar(&o.AppliedTTL, "applied-ttl", 7*24*time.Hour, "how long an applied event id is remembered for deduplication")
	fs.IntVar(&o.GCPercent, "gc-percent", DefaultGCPercent, "garbage-collector target: how far the heap grows over the live heap before a collection, in percent (Go's GOGC, which wins when set; -1: off)")
}

func (o *Options) registerProcessor(fs *pflag.FlagSet) {
	d, c := consumers.Config{}.WithDefaults(), &o.Config
	fs.StringVar(&c.Subjects.Prefix, "subject-prefix", events.DefaultPrefix, "first token of every subject (<prefix>.in.>, <prefix>.out.>, <prefix>.dlq.>)")
	fs.StringVar(&c.Durable, "durable", d.Durable, "durable consumer name shared by all instances")
	fs.IntVar(&c.Workers, "workers", 0, "account shards processed in parallel (0: two per CPU, at least 4)")
	fs.IntVar(&c.Batch, "batch", d.Batch, "messages fetched per pull")
	fs.IntVar(&c.MaxAckPending, "max-ack-pending", d.MaxAckPending, "inputs in flight, delivered but not yet acknowledged")
	fs.DurationVar(&c.AckWait, "ack-wait", d.AckWait, "redelivery timeout of an unacknowledged input")
	fs.IntVar(&c.MaxDeliveries, "max-deliveries", d.MaxDeliveries, "failed deliveries before an input goes to <prefix>.dlq.poison")
	fs.StringVar(&c.Source, "source", d.Source, "CloudEvents source of output events")
	fs.BoolVar(&c.BinaryOutputs, "binary-outputs", false, "publish outputs in binary mode (ce- headers) instead of structured JSON")
	fs.IntVar(&c.MaxEventSize, "max-event-size", d.MaxEventSize, "largest input event in bytes; larger ones go to <prefix>.dlq.too_large")
	fs.StringSliceVar(&o.ExtraFreeMail, "free-mail", nil, "more free-mail domains, added to the built-in list (comma-separated)")
	fs.DurationVar(&c.RecheckEvery, "recheck-every", d.RecheckEvery, "how often due re-checks are claimed")
	fs.DurationVar(&c.RecheckLease, "recheck-lease", d.RecheckLease, "how long a claimed re-check is held before another instance may take it over")
	fs.DurationVar(&c.SweepEvery, "sweep-every", d.SweepEvery, "how often outboxes left behind by a crash are looked for")
	fs.DurationVar(&c.SweepAge, "sweep-age", d.SweepAge, "how old a pending outbox must be before the sweeper publishes it")
	fs.IntVar(&c.CacheAccounts, "cache-accounts", d.CacheAccounts, "decoded accounts kept in memory across the shards (checked against Redis versions)")
	fs.Uint32Var(&c.LogSample, "log-sample", d.LogSample, "log one in this many processed events at debug level")
}

func (o *Options) registerStreams(fs *pflag.FlagSet) {
	d, s := consumers.StreamsConfig{}.WithDefaults(), &o.Streams
	fs.IntVar(&s.Replicas, "stream-replicas", d.Replicas, "replicas of each JetStream stream (3 in a cluster)")
	fs.DurationVar(&s.In.MaxAge, "in-max-age", d.In.MaxAge, "how long input events are kept")
	fs.DurationVar(&s.Out.MaxAge, "out-max-age", d.Out.MaxAge, "how long output events are kept")
	fs.DurationVar(&s.Out.Duplicates, "out-duplicates", d.Out.Duplicates, "duplicate window of the output stream; must cover a restart")
	fs.DurationVar(&s.DLQ.MaxAge, "dlq-max-age", d.DLQ.MaxAge, "how long dead letters are kept")
}

// StreamsConfig is the stream configuration the options describe.
func (o *Options) StreamsConfig() consumers.StreamsConfig {
	sc := o.Streams
	sc.Subjects = o.Subjects
	return sc.WithDefaults()
}

// Processor is the processor configuration the options describe, defaults
// applied.
func (o *Options) Processor() consumers.Config {
	cfg := o.Config
	cfg.FreeMail = events.DefaultFreeMail()
	for _, d := range o.ExtraFreeMail {
		if d = strings.TrimSpace(d); d != "" {
			cfg.FreeMail[strings.ToLower(d)] = struct{}{}
		}
	}
	return cfg.WithDefaults()
}

// Build validates the options, creates or updates the streams (reporting
// drift it could not repair) and opens the state store: what consumers.New
// needs besides the rules.
func (o *Options) Build(ctx context.Context, js jetstream.JetStream, rdb redis.UniversalClient, log zerolog.Logger) (consumers.Config, *store.Store, error) {
	sc := o.StreamsConfig()
	if err := sc.Validate(); err != nil {
		return consumers.Config{}, nil, cli.Usagef("%v", err)
	}
	cfg := o.Processor()
	if err := cfg.Validate(); err != nil {
		return consumers.Config{}, nil, cli.Usagef("%v", err)
	}
	st, err := store.New(rdb, store.Options{Prefix: o.KeyPrefix, AppliedTTL: o.AppliedTTL})
	if err != nil {
		return consumers.Config{}, nil, err
	}
	if err := consumers.EnsureStreams(ctx, js, sc); err != nil {
		return consumers.Config{}, nil, fmt.Errorf("setting up streams: %w", err)
	}
	drifts, err := consumers.CheckStreams(ctx, js, sc)
	if err != nil {
		return consumers.Config{}, nil, fmt.Errorf("checking streams: %w", err)
	}
	for _, d := range drifts {
		log.Warn().Stringer("drift", d).Msg("stream configuration differs from the wanted one")
	}
	return cfg, st, nil
}
