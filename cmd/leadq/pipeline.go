package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
)

// pipelineOptions are the processor, stream and state-store settings shared by
// `serve`, `demo` and `bench`.
type pipelineOptions struct {
	SubjectPrefix    string
	KeyPrefix        string
	Durable          string
	Workers          int
	Batch            int
	MaxAckPending    int
	AckWait          time.Duration
	MaxDeliveries    int
	AppliedTTL       time.Duration
	Source           string
	BinaryOutputs    bool
	MaxEventSize     int
	ExtraFreeMail    []string
	RecheckEvery     time.Duration
	RecheckLease     time.Duration
	SweepEvery       time.Duration
	SweepAge         time.Duration
	CacheAccounts    int
	LogSample        uint32
	StreamReplicas   int
	InMaxAge         time.Duration
	OutDuplicates    time.Duration
	OutMaxAge        time.Duration
	DeadLetterMaxAge time.Duration
	GCPercent        int
}

func (o *pipelineOptions) register(fs *pflag.FlagSet) {
	d := consumers.Config{}.WithDefaults()
	sd := consumers.StreamsConfig{}.WithDefaults()
	fs.StringVar(&o.SubjectPrefix, "subject-prefix", events.DefaultPrefix, "first token of every subject (<prefix>.in.>, <prefix>.out.>, <prefix>.dlq.>)")
	fs.StringVar(&o.KeyPrefix, "key-prefix", "leadq:", "prefix of every Redis key")
	fs.StringVar(&o.Durable, "durable", d.Durable, "durable consumer name shared by all instances")
	fs.IntVar(&o.Workers, "workers", 0, "account shards processed in parallel (0: two per CPU, at least 4)")
	fs.IntVar(&o.Batch, "batch", d.Batch, "messages fetched per pull")
	fs.IntVar(&o.MaxAckPending, "max-ack-pending", d.MaxAckPending, "inputs in flight, delivered but not yet acknowledged")
	fs.DurationVar(&o.AckWait, "ack-wait", d.AckWait, "redelivery timeout of an unacknowledged input")
	fs.IntVar(&o.MaxDeliveries, "max-deliveries", d.MaxDeliveries, "failed deliveries before an input goes to <prefix>.dlq.poison")
	fs.DurationVar(&o.AppliedTTL, "applied-ttl", 7*24*time.Hour, "how long an applied event id is remembered for deduplication")
	fs.StringVar(&o.Source, "source", d.Source, "CloudEvents source of output events")
	fs.BoolVar(&o.BinaryOutputs, "binary-outputs", false, "publish outputs in binary mode (ce- headers) instead of structured JSON")
	fs.IntVar(&o.MaxEventSize, "max-event-size", d.MaxEventSize, "largest input event in bytes; larger ones go to <prefix>.dlq.too_large")
	fs.StringSliceVar(&o.ExtraFreeMail, "free-mail", nil, "more free-mail domains, added to the built-in list (comma-separated)")
	fs.DurationVar(&o.RecheckEvery, "recheck-every", d.RecheckEvery, "how often due re-checks are claimed")
	fs.DurationVar(&o.RecheckLease, "recheck-lease", d.RecheckLease, "how long a claimed re-check is held before another instance may take it over")
	fs.DurationVar(&o.SweepEvery, "sweep-every", d.SweepEvery, "how often outboxes left behind by a crash are looked for")
	fs.DurationVar(&o.SweepAge, "sweep-age", d.SweepAge, "how old a pending outbox must be before the sweeper publishes it")
	fs.IntVar(&o.CacheAccounts, "cache-accounts", d.CacheAccounts, "decoded accounts kept in memory across the shards (checked against Redis versions)")
	fs.Uint32Var(&o.LogSample, "log-sample", d.LogSample, "log one in this many processed events at debug level")
	fs.IntVar(&o.StreamReplicas, "stream-replicas", sd.Replicas, "replicas of each JetStream stream (3 in a cluster)")
	fs.DurationVar(&o.InMaxAge, "in-max-age", sd.In.MaxAge, "how long input events are kept")
	fs.DurationVar(&o.OutMaxAge, "out-max-age", sd.Out.MaxAge, "how long output events are kept")
	fs.DurationVar(&o.OutDuplicates, "out-duplicates", sd.Out.Duplicates, "duplicate window of the output stream; must cover a restart")
	fs.DurationVar(&o.DeadLetterMaxAge, "dlq-max-age", sd.DLQ.MaxAge, "how long dead letters are kept")
	fs.IntVar(&o.GCPercent, "gc-percent", defaultGCPercent, "garbage-collector target: how far the heap grows over the live heap before a collection, in percent (Go's GOGC, which wins when set; -1: off)")
}

// streams is the stream configuration these options describe.
func (o *pipelineOptions) streams() consumers.StreamsConfig {
	sc := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: o.SubjectPrefix}, Replicas: o.StreamReplicas}
	sc.In.MaxAge = o.InMaxAge
	sc.Out.MaxAge = o.OutMaxAge
	sc.Out.Duplicates = o.OutDuplicates
	sc.DLQ.MaxAge = o.DeadLetterMaxAge
	return sc.WithDefaults()
}

// processor is the processor configuration these options describe.
func (o *pipelineOptions) processor() consumers.Config {
	free := events.DefaultFreeMail()
	for _, d := range o.ExtraFreeMail {
		if d = strings.TrimSpace(d); d != "" {
			free[strings.ToLower(d)] = struct{}{}
		}
	}
	return consumers.Config{
		Subjects:      events.Subjects{Prefix: o.SubjectPrefix},
		Durable:       o.Durable,
		Workers:       o.Workers,
		Batch:         o.Batch,
		MaxAckPending: o.MaxAckPending,
		AckWait:       o.AckWait,
		MaxDeliveries: o.MaxDeliveries,
		Source:        o.Source,
		BinaryOutputs: o.BinaryOutputs,
		MaxEventSize:  o.MaxEventSize,
		FreeMail:      free,
		RecheckEvery:  o.RecheckEvery,
		RecheckLease:  o.RecheckLease,
		SweepEvery:    o.SweepEvery,
		SweepAge:      o.SweepAge,
		CacheAccounts: o.CacheAccounts,
		LogSample:     o.LogSample,
	}.WithDefaults()
}

// pipeline is a validated configuration with its state store, ready for
// consumers.New.
type pipeline struct {
	cfg   consumers.Config
	store *store.Store
}

// build validates the options, creates or updates the streams (reporting drift it
// could not repair) and opens the state store.
func (o *pipelineOptions) build(ctx context.Context, js jetstream.JetStream, rdb redis.UniversalClient, log zerolog.Logger) (*pipeline, error) {
	sc := o.streams()
	if err := sc.Validate(); err != nil {
		return nil, usageErrorf("%v", err)
	}
	cfg := o.processor()
	if err := cfg.Validate(); err != nil {
		return nil, usageErrorf("%v", err)
	}
	st, err := store.New(rdb, store.Options{Prefix: o.KeyPrefix, AppliedTTL: o.AppliedTTL})
	if err != nil {
		return nil, err
	}
	if err := consumers.EnsureStreams(ctx, js, sc); err != nil {
		return nil, fmt.Errorf("setting up streams: %w", err)
	}
	drifts, err := consumers.CheckStreams(ctx, js, sc)
	if err != nil {
		return nil, fmt.Errorf("checking streams: %w", err)
	}
	for _, d := range drifts {
		log.Warn().Stringer("drift", d).Msg("stream configuration differs from the wanted one")
	}
	return &pipeline{cfg: cfg, store: st}, nil
}
