package bench

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/pipeline"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/qualify"
)

// options is everything `leadq bench` can be told.
type options struct {
	ConfigPath string
	NATS       connect.NATSOptions
	Redis      connect.RedisOptions
	Pipeline   pipeline.Options
	Instances  int
	Accounts   int
	Curve      []int
	Rate       float64
	Duration   time.Duration
	Events     int
	Window     int
	Span       time.Duration
	Seed       int64
	NATSMode   string
	Children   bool
	Typical    int
	Baseline   bool
	JSON       bool
	Quiet      bool
	CPUProfile string
	MemProfile string
}

// NewCommand returns `leadq bench`. Its NATS child is the command of
// NewNATSServerCommand, and with --serve-processes its processors are
// `leadq serve` children: the leadq executable must have both.
func NewCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure the pipeline's throughput, latency and cost on this machine",
		Long: `Runs the qualification pipeline against an embedded JetStream server and a
redis-server child process (or the servers of --nats-url and --redis-url), the same
path as serve: --instances processors in this process, each with its own NATS and
Redis connections. It first preloads --accounts accounts (one lead.captured each),
then publishes synthetic events open-loop at --rate events/s (0: as fast as the
pipeline drains, keeping at most --window events unprocessed) for --duration, waits
until every input is acknowledged and reports:

  events/s     inputs processed per second, from the first publish until the
               consumer has nothing pending or unacknowledged
  p50..max     publish-to-output latency of the inputs that cause a transition: each
               input carries a traceparent holding its publish time (the scheduled
               time at a fixed rate), which the pipeline copies to its outputs
  CPU/1k       CPU seconds of this process per 1,000 inputs (getrusage): pipelines
               and load generator (and the NATS server with --embedded-nats
               in-process); the NATS child's (/proc) and Redis's (INFO cpu) apart
  cmds/event   Redis commands (INFO total_commands_processed) and round trips
               (calls and pipelines counted by a go-redis hook) per input
  RSS          the largest resident memory of this process seen during the run
               (VmRSS each second), and of the NATS child
  bytes/acct   Redis used_memory growth per account over preload and run, and of a
               typical account (5 leads, 20 signals, 10 product users) built
               through the pipeline

--baseline also runs, in the same process right after, the plumbing limit: the same
consume → one Redis script call → ack loop with no decoding or qualification, with
an asynchronous publish for the same share of inputs that caused a transition, and
prints both with the ratio full/baseline.`,
		Args: cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(c.Context(), syscall.SIGTERM, syscall.SIGINT)
			defer stop()
			return runBench(ctx, o, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	registerBenchFlags(cmd.Flags(), &o)
	cli.BindEnv(cmd)
	return cmd
}

func registerBenchFlags(fs *pflag.FlagSet, o *options) {
	fs.StringVar(&o.ConfigPath, "config", "", "configuration file (default: the example deploy/leadq.yaml)")
	o.NATS.Register(fs)
	o.Redis.Register(fs)
	o.Pipeline.Register(fs)
	cli.SetDefault(fs, "nats-url", "", "NATS server URL(s); empty: an embedded JetStream server in this process")
	cli.SetDefault(fs, "redis-url", "", "Redis URL; empty: a redis-server child process (from PATH, no persistence)")
	fs.StringVar(&o.NATSMode, "embedded-nats", natsChild, "where the embedded NATS server runs: child (a child leadq process, measured apart) or in-process")
	cli.SetDefault(fs, "subject-prefix", "leadqbench", "")
	cli.SetDefault(fs, "key-prefix", "leadqbench:", "")
	cli.SetDefault(fs, "durable", "leadqbench", "")
	fs.IntVar(&o.Instances, "instances", 1, "processors run in this process, sharing the durable consumer")
	fs.IntVar(&o.Accounts, "accounts", 10_000, "accounts of the synthetic market, preloaded before the run")
	fs.IntSliceVar(&o.Curve, "curve", nil, "run the whole benchmark at each of these account counts (e.g. 1000,10000,100000,1000000), each on fresh servers, and print one row per count; replaces --accounts")
	fs.Float64Var(&o.Rate, "rate", 0, "input events per second, open-loop; 0: as fast as the pipeline drains")
	fs.DurationVar(&o.Duration, "duration", 20*time.Second, "how long events are published")
	fs.IntVar(&o.Events, "events", 0, "events to publish at most (0: rate×duration, or 20,000/s×duration at --rate 0)")
	fs.IntVar(&o.Window, "window", 8192, "at --rate 0, the most inputs published but not yet processed")
	fs.DurationVar(&o.Span, "span", 24*time.Hour, "event-time span of the synthetic stream, ending just before the run")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the synthetic market and stream")
	fs.IntVar(&o.Typical, "typical-accounts", 200, "accounts of the typical-account memory probe (0: skip it)")
	fs.BoolVar(&o.Children, "serve-processes", false, "run the --instances processors as leadq serve child processes, measured apart (CPU, RSS) from the load generator")
	fs.BoolVar(&o.Baseline, "baseline", false, "also measure the plumbing limit and print the ratio full/baseline")
	fs.BoolVar(&o.JSON, "json", false, "print one JSON object instead of a table")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress lines on standard error")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the measured run (full pipeline) to this file; with --serve-processes, of the first leadq serve child over --duration")
	fs.StringVar(&o.MemProfile, "memprofile", "", "write an allocation profile (pprof allocs) taken after the measured run; with --serve-processes, of the first leadq serve child")
}

// validate reports options that cannot run.
func (o *options) validate() error {
	switch {
	case o.Instances < 1:
		return cli.Usagef("bench: --instances %d: want at least 1", o.Instances)
	case o.Accounts < 1:
		return cli.Usagef("bench: --accounts %d: want at least 1", o.Accounts)
	case slices.ContainsFunc(o.Curve, func(n int) bool { return n < 1 }):
		return cli.Usagef("bench: --curve %v: every account count must be at least 1", o.Curve)
	case o.Rate < 0:
		return cli.Usagef("bench: --rate %g: want 0 or more", o.Rate)
	case o.Duration <= 0:
		return cli.Usagef("bench: --duration %s: want more than 0", o.Duration)
	case o.Events < 0 || o.Window < 1 || o.Typical < 0:
		return cli.Usagef("bench: --events, --window and --typical-accounts must not be negative (--window at least 1)")
	case o.NATSMode != natsChild && o.NATSMode != natsInProcess:
		return cli.Usagef("bench: --embedded-nats %q: want %s or %s", o.NATSMode, natsChild, natsInProcess)
	case o.Span < time.Minute:
		return cli.Usagef("bench: --span %s: want at least 1m", o.Span)
	}
	return nil
}

// plannedEvents is how many events the run publishes at most.
func (o *options) plannedEvents() int {
	if o.Events > 0 {
		return o.Events
	}
	rate := o.Rate
	if rate == 0 {
		rate = 20_000
	}
	return max(1, int(rate*o.Duration.Seconds()))
}

func runBench(ctx context.Context, o options, stdout, stderr io.Writer) error {
	if err := o.validate(); err != nil {
		return err
	}
	config, _, err := rules.LoadOrExample(o.ConfigPath)
	if err != nil {
		return err
	}
	pipeline.SetGCPercent(o.Pipeline.GCPercent) // the processors' setting, as serve's
	prog := newBenchProgress(stderr, o.Quiet)
	if len(o.Curve) == 0 {
		report, err := benchOnce(ctx, o, config, stderr, prog)
		if err != nil {
			return err
		}
		if o.JSON {
			return report.writeJSON(stdout)
		}
		return report.writeTable(stdout)
	}
	var curve benchCurve
	for _, n := range o.Curve {
		run := o
		run.Accounts = n
		prog.printf("curve: %d accounts", n)
		report, err := benchOnce(ctx, run, config, stderr, prog)
		if err != nil {
			return fmt.Errorf("bench: %d accounts: %w", n, err)
		}
		curve = append(curve, report)
	}
	if o.JSON {
		return curve.writeJSON(stdout)
	}
	return curve.writeTable(stdout)
}

// benchOnce measures o.Accounts accounts on servers of its own: the full
// pipeline, then with --baseline the plumbing.
func benchOnce(ctx context.Context, o options, rules *qualify.Config, stderr io.Writer, prog *benchProgress) (benchReport, error) {
	env, err := startBenchEnv(ctx, o, stderr)
	if err != nil {
		return benchReport{}, err
	}
	defer env.close()
	full, err := runFullBench(ctx, env, o, rules, prog)
	if err != nil {
		return benchReport{}, err
	}
	report := benchReport{Full: full, Setup: env.setup(o)}
	if o.Baseline {
		if report.Baseline, err = runBaselineBench(ctx, env, o, full, prog); err != nil {
			return benchReport{}, err
		}
	}
	return report, nil
}

// benchProgress prints progress lines on standard error.
type benchProgress struct {
	w     io.Writer
	quiet bool
}

func newBenchProgress(w io.Writer, quiet bool) *benchProgress {
	return &benchProgress{w: w, quiet: quiet}
}

func (p *benchProgress) printf(format string, args ...any) {
	if !p.quiet {
		fmt.Fprintf(p.w, "bench: "+format+"\n", args...)
	}
}
