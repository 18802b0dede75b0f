package demo

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/logs"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/deploy"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
)

// options is everything `leadq demo` can be told.
type options struct {
	Accounts   int
	Rate       float64
	Duration   time.Duration
	Seed       int64
	ConfigPath string
	Prefix     string
	Quiet      bool
	JSON       bool
	NATS       connect.NATSOptions
	Redis      connect.RedisOptions
	Log        logs.Options
}

// defaultDemoPrefix is the demo's namespace: subject prefix, and key prefix
// with a colon. It differs from serve's, so a demo never clears a deployment.
const defaultDemoPrefix = "leadq-demo"

// NewCommand returns `leadq demo`.
func NewCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Watch leads qualify: the real pipeline on embedded servers, fed a synthetic market",
		Long: `Runs the qualification pipeline of "leadq serve" on servers it starts itself and
feeds it a synthetic B2B market, showing what happens live: a progress line, each
qualified lead with its account, persona, strongest reasons, queue and rep, each lead
that stops qualifying, and a summary per queue, grade and segment at the end.

Servers: an embedded NATS JetStream server in this process, and a redis-server child
process when one is on PATH, otherwise an in-memory Redis (state is lost at exit).
--nats-url and --redis-url run the same demo against real servers instead. Everything
lives under --prefix (subjects <prefix>.in.>, streams <PREFIX>_IN/_OUT/_DLQ, Redis keys
<prefix>:*), which the demo clears when it starts, so that a run on real servers can
be repeated; afterwards "leadq tail --subject-prefix <prefix>" shows the outputs.

The market: --accounts companies with realistic industries, sizes, revenues,
countries, tech stacks and people; a month of form fills, triggers of every kind and
bursts of product usage, some accounts heating up. The month ends now and is fed at
--rate events per second; the configuration is deploy/leadq.yaml unless --config says
otherwise. Once fed, the clock moves to the end of the month, and the time-based
re-checks due by then run (leads whose readiness faded become unqualified).

The same --seed, --accounts, --rate and --duration give the same outcome (counts per
queue, rep, grade and segment), on any machine and any servers. Ctrl-C stops feeding,
lets the pipeline finish what is in flight and prints the summary so far.`,
		Example: `  leadq demo
  leadq demo --accounts 1000 --rate 1000 --seed 7
  leadq demo --nats-url nats://localhost:4222 --redis-url redis://localhost:6379/0`,
		Args: cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runDemo(c.Context(), o, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.register(cmd.Flags())
	cli.BindEnv(cmd)
	return cmd
}

func (o *options) register(fs *pflag.FlagSet) {
	fs.IntVar(&o.Accounts, "accounts", synth.DefaultAccounts, "companies in the synthetic market")
	fs.Float64Var(&o.Rate, "rate", 200, "events fed per second")
	fs.DurationVar(&o.Duration, "duration", 0,
		"feed this long at --rate, compressing the month (0: the whole stream, 40 events per account)")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the synthetic market and its events")
	fs.StringVar(&o.ConfigPath, "config", "", "configuration file (default: the example, "+deploy.ExampleConfigName+")")
	fs.StringVar(&o.Prefix, "prefix", defaultDemoPrefix, "subject and Redis key prefix of the demo; cleared at start")
	fs.BoolVar(&o.Quiet, "quiet", false, "print only the summary")
	fs.BoolVar(&o.JSON, "json", false, "print only the summary, as JSON")
	o.NATS.Register(fs)
	o.Redis.Register(fs)
	o.Log.Register(fs)
	cli.SetDefault(fs, "nats-url", "", "NATS server URL(s), comma-separated (default: an embedded server)")
	cli.SetDefault(fs, "redis-url", "", "Redis URL: redis://[user:password@]host:port/db, rediss:// for TLS "+
		"(default: a redis-server child process, or an in-memory Redis)")
	cli.SetDefault(fs, "log-level", "warn", "")
}

// Validate reports a command-line mistake before any server is started.
func (o *options) Validate() error {
	switch {
	case o.Accounts < 1 || o.Accounts > synth.MaxAccounts:
		return cli.Usagef("--accounts %d: want 1 to %d", o.Accounts, synth.MaxAccounts)
	case !(o.Rate > 0) || math.IsInf(o.Rate, 0):
		return cli.Usagef("--rate %v: want a positive number of events per second", o.Rate)
	case o.Duration < 0:
		return cli.Usagef("--duration %v: want 0 (the whole stream) or more", o.Duration)
	case o.Quiet && o.JSON:
		return cli.Usagef("--quiet and --json: choose one")
	}
	sc := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: o.Prefix}}
	if err := sc.Validate(); err != nil {
		return cli.Usagef("--prefix %q: %v", o.Prefix, err)
	}
	if o.Prefix == events.DefaultPrefix && (o.NATS.URL != "" || o.Redis.URL != "") {
		return cli.Usagef("--prefix %s is the one of \"leadq serve\": the demo clears its prefix, choose another", o.Prefix)
	}
	return nil
}

// events is how many events the demo feeds: what --duration at --rate takes,
// at most the whole generated stream. It depends on the flags only, never on
// the machine's speed.
func (o *options) events() int {
	all := o.Accounts * synth.DefaultEventsPerAccount
	if o.Duration == 0 {
		return all
	}
	n := math.Ceil(o.Rate * o.Duration.Seconds())
	return int(min(max(n, 1), float64(all)))
}

// runDemo runs the demo until the stream is fed and settled or a signal
// stops it, then prints the summary.
func runDemo(ctx context.Context, o options, stdout, stderr io.Writer) error {
	if err := o.Validate(); err != nil {
		return err
	}
	log, err := o.Log.Logger(stderr)
	if err != nil {
		return err
	}
	config, warnings, err := rules.LoadOrExample(o.ConfigPath)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		log.Warn().Msg(w.String())
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	view := newDemoView(stdout, stderr, !o.Quiet && !o.JSON)
	env, err := startDemoEnv(ctx, o, log, view)
	if err != nil {
		return err
	}
	defer env.close()
	s, err := newDemoSession(ctx, o, env, config, log, view)
	if err != nil {
		return err
	}
	sum, err := s.run(ctx, stop)
	if err != nil {
		return err
	}
	if o.JSON {
		return sum.writeJSON(stdout)
	}
	sum.writeText(stdout)
	return nil
}

// errDemoStopped ends the feed when the pipeline stops before the demo
// asked it to.
var errDemoStopped = errors.New("demo: pipeline stopped")
