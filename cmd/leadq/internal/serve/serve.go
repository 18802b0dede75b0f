package serve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/rs/zerolog"
	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/httpserver"
	"github.com/leadq/leadq/cmd/leadq/internal/logs"
	"github.com/leadq/leadq/cmd/leadq/internal/pipeline"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/qualify"
)

// options is everything `leadq serve` can be told.
type options struct {
	ConfigPath      string
	NATS            connect.NATSOptions
	Redis           connect.RedisOptions
	Log             logs.Options
	Pipeline        pipeline.Options
	HTTPAddr        string
	Pprof           bool
	ShutdownTimeout time.Duration
}

// NewCommand returns `leadq serve`.
func NewCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the qualification pipeline against NATS JetStream and Redis",
		Long: `Runs the qualification pipeline: creates or updates the JetStream streams it
needs (LEADQ_IN, LEADQ_OUT, LEADQ_DLQ) and the bucket of configuration versions
(LEADQ_CONFIG), consumes input events, keeps account state in Redis and publishes
qualified, routed and unqualified lead events.

It runs the active configuration version (leadq config push, then leadq config
activate) and follows it: every instance switches within seconds of an activation. Until
a version is active it waits, says so in its log and on /readyz. With --config FILE it
pushes the file and activates its version when that is not the active one, at start and
on SIGHUP (a single-file deployment); a file that fails validation, or that changes a
version already pushed, is refused and the last good version stays in force.

It stops on SIGTERM or SIGINT: it stops fetching, finishes and acknowledges what is in
flight and exits 0 (or 1 if that takes longer than --shutdown-timeout).

Health endpoints on --http-addr: /healthz (the process runs), /readyz (a configuration
is in force, NATS and Redis answer, the consumer is bound) and /metrics (Prometheus).`,
		Args: cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runServe(c.Context(), o)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.ConfigPath, "config", "", "configuration file (YAML) to push and activate at start and on SIGHUP (default: run the active version)")
	o.NATS.Register(fs)
	o.Redis.Register(fs)
	o.Log.Register(fs)
	o.Pipeline.Register(fs)
	fs.StringVar(&o.HTTPAddr, "http-addr", ":9464", "address of the /healthz, /readyz and /metrics endpoints (empty: off)")
	fs.BoolVar(&o.Pprof, "pprof", false, "also serve the Go profiler (CPU, heap, goroutines) under /debug/pprof/ on --http-addr")
	fs.DurationVar(&o.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "how long a graceful stop may take")
	cli.BindEnv(cmd)
	return cmd
}

func runServe(ctx context.Context, o options) error {
	log, err := o.Log.Logger(os.Stderr)
	if err != nil {
		return err
	}
	if o.ConfigPath != "" { // refuse a bad file before connecting
		if _, _, err := rules.Load(o.ConfigPath); err != nil {
			return err
		}
	}
	gcPercent := pipeline.SetGCPercent(o.Pipeline.GCPercent)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	s, err := o.connect(ctx, log)
	if err != nil {
		return err
	}
	defer s.close()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics, g := newConfigMetrics(reg), newGate()
	stopHTTP, err := httpserver.Start(o.HTTPAddr, reg, g, o.Pprof, log)
	if err != nil {
		return err
	}
	defer stopHTTP()
	f := &follower{kv: s.kv, log: log, metrics: metrics, gate: g}
	config, err := o.firstRules(ctx, f)
	if err != nil || config == nil {
		return err // nil: stopped while waiting
	}
	p, err := consumers.New(s.cfg, s.js, s.st, config, log, reg)
	if err != nil {
		return err
	}
	g.open(p)
	go func() { _ = f.follow(ctx, p.SetRules, func() bool { return false }) }()
	log.Info().Str("nats", s.nc.ConnectedUrlRedacted()).Str("redis", logs.RedactURL(o.Redis.URL)).
		Str("config_version", config.Version).Int("gc_percent", gcPercent).Msg("leadq serving")
	return runUntilStopped(ctx, p, s.nc, o.ShutdownTimeout, log)
}

// firstRules publishes the --config file, if any, starts the SIGHUP
// handler, and waits for the version to run (nil if ctx ends first).
func (o *options) firstRules(ctx context.Context, f *follower) (*qualify.Config, error) {
	var file *configFile
	if o.ConfigPath != "" {
		file = &configFile{path: o.ConfigPath, kv: f.kv, log: f.log, by: operator()}
		if err := file.publish(ctx); err != nil {
			return nil, err
		}
	}
	go reloadOnHangup(ctx, file, f.metrics, f.log)
	return f.first(ctx)
}

// servers is what serve runs against: NATS and JetStream with leadq's
// streams and bucket of configuration versions, Redis and the state store.
type servers struct {
	nc  *nats.Conn
	js  jetstream.JetStream
	kv  *versions.Store
	cfg consumers.Config
	st  *store.Store
	rdb interface{ Close() error }
}

// connect reaches NATS and Redis and sets up the streams, the store and
// the bucket of versions (created with the streams' replicas).
func (o *options) connect(ctx context.Context, log zerolog.Logger) (*servers, error) {
	s := &servers{}
	var err error
	if s.nc, err = o.NATS.Connect("leadq serve", log); err != nil {
		return nil, err
	}
	rdb, err := o.Redis.Connect(ctx)
	if err != nil {
		s.nc.Close()
		return nil, err
	}
	s.rdb = rdb
	if s.js, err = jetstream.New(s.nc); err != nil {
		s.close()
		return nil, fmt.Errorf("opening JetStream: %w", err)
	}
	if s.cfg, s.st, err = o.Pipeline.Build(ctx, s.js, rdb, log); err != nil {
		s.close()
		return nil, err
	}
	if s.kv, err = versions.Ensure(ctx, s.js, o.Pipeline.Subjects.Prefix, o.Pipeline.StreamsConfig().Replicas); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// close closes the connections (NATS is drained first by runUntilStopped).
func (s *servers) close() {
	if s.rdb != nil {
		_ = s.rdb.Close()
	}
	s.nc.Close()
}

// runUntilStopped runs the processor until ctx is cancelled (a signal), then gives
// it the shutdown budget to finish and acknowledge what is in flight before the
// NATS connection is drained.
func runUntilStopped(ctx context.Context, p *consumers.Processor, nc natsDrainer, budget time.Duration, log zerolog.Logger) error {
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		log.Info().Dur("budget", budget).Msg("stopping: finishing in-flight events")
		select {
		case err = <-done:
		case <-time.After(budget):
			return fmt.Errorf("serve: in-flight work did not finish within %s", budget)
		}
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if derr := nc.Drain(); derr != nil {
		log.Warn().Err(derr).Msg("draining NATS connection")
	}
	log.Info().Msg("stopped")
	return nil
}

// natsDrainer is the part of *nats.Conn that shutdown needs.
type natsDrainer interface{ Drain() error }
