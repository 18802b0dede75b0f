package serve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

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
	"github.com/leadq/leadq/consumers"
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
needs (LEADQ_IN, LEADQ_OUT, LEADQ_DLQ), consumes input events, keeps account state in
Redis and publishes qualified, routed and unqualified lead events.

It stops on SIGTERM or SIGINT: it stops fetching, finishes and acknowledges what is in
flight and exits 0 (or 1 if that takes longer than --shutdown-timeout). SIGHUP reloads
the configuration file; a file that fails validation is reported and the last good
configuration stays in force.

Health endpoints on --http-addr: /healthz (the process runs), /readyz (NATS and
Redis answer, the consumer is bound) and /metrics (Prometheus).`,
		Args: cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runServe(c.Context(), o)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.ConfigPath, "config", "", "configuration file (YAML, see schemas/config.schema.json)")
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
	if o.ConfigPath == "" {
		return cli.Usagef("serve: --config (or LEADQ_CONFIG) is required")
	}
	log, err := o.Log.Logger(os.Stderr)
	if err != nil {
		return err
	}
	config, warnings, err := rules.Load(o.ConfigPath)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		log.Warn().Str("config", o.ConfigPath).Msg(w.String())
	}
	gcPercent := pipeline.SetGCPercent(o.Pipeline.GCPercent)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	nc, err := o.NATS.Connect("leadq serve", log)
	if err != nil {
		return err
	}
	defer nc.Close()
	rdb, err := o.Redis.Connect(ctx)
	if err != nil {
		return err
	}
	defer rdb.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("opening JetStream: %w", err)
	}
	cfg, st, err := o.Pipeline.Build(ctx, js, rdb, log)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	p, err := consumers.New(cfg, js, st, config, log, reg)
	if err != nil {
		return err
	}
	go reloadOnHangup(ctx, o.ConfigPath, p, log)
	stopHTTP, err := httpserver.Start(o.HTTPAddr, reg, p, o.Pprof, log)
	if err != nil {
		return err
	}
	defer stopHTTP()

	log.Info().Str("nats", nc.ConnectedUrlRedacted()).Str("redis", logs.RedactURL(o.Redis.URL)).
		Str("config_version", config.Version).Int("gc_percent", gcPercent).Msg("leadq serving")
	return runUntilStopped(ctx, p, nc, o.ShutdownTimeout, log)
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

// reloadOnHangup reloads the configuration on SIGHUP, keeping the last good one when
// the file fails validation.
func reloadOnHangup(ctx context.Context, path string, p *consumers.Processor, log zerolog.Logger) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
		}
		config, warnings, err := rules.Load(path)
		if err != nil {
			log.Error().Err(err).Msg("configuration reload refused; keeping the last good configuration")
			continue
		}
		for _, w := range warnings {
			log.Warn().Str("config", path).Msg(w.String())
		}
		p.SetRules(config)
		log.Info().Str("config_version", config.Version).Msg("configuration reloaded")
	}
}
