package configdiff

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/progress"
	"github.com/leadq/leadq/consumers/store"
)

// options is everything `leadq config diff` can be told.
type options struct {
	Streams    connect.StreamOptions
	Redis      connect.RedisOptions
	KeyPrefix  string
	Against    string
	Examples   int
	Workers    int
	ScanCount  int
	JSON       bool
	ShowEmails bool
	Quiet      bool
}

// diffHelp is the --help text of the command.
const diffHelp = `A dry run of a configuration on the live accounts: reads every account from Redis and
evaluates it at its clock (the instant of its last event or re-check) under the active
version and under the candidate, a file or a pushed version. Nothing is written.

It counts the leads that would
  become qualified   not qualified under the active version, qualified under the candidate
  stop qualifying    the reverse
  change grade       their account's grade differs
  change ICP         their account's best ICP differs
  change queue       qualified under both, routed to another queue
with the number of accounts concerned, and prints up to --examples leads of each kind,
first by account and e-mail, with the explanation of the first under the candidate.
These are the transitions the re-score of the candidate's activation would publish.

CANDIDATE is a file when such a file exists, else a pushed version. --against compares
with another file or version instead of the active one. E-mail addresses are masked
(j***@acme.io) unless --show-emails; --json prints the report as JSON (unmasked).
Progress goes to standard error. The accounts are read page by page (SCAN, then one
pipeline of reads) while --workers goroutines evaluate them; on a Redis Cluster every
primary is read.`

// NewCommand returns `leadq config diff`.
func NewCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "diff CANDIDATE",
		Short: "Show what a configuration would change on the live accounts (a dry run)",
		Long:  diffHelp,
		Example: `  leadq config diff leadq.yaml
  leadq config diff 2026-11-22.2 --examples 10
  leadq config diff 2026-11-22.2 --against 2026-11-22.1 --json`,
		Args: cli.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runDiff(c.Context(), &o, args[0], c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	o.Streams.Register(fs)
	o.Redis.Register(fs)
	fs.StringVar(&o.KeyPrefix, "key-prefix", "leadq:", "prefix of every Redis key, as given to serve")
	fs.StringVar(&o.Against, "against", "", "file or pushed version to compare with (default: the active version)")
	fs.IntVar(&o.Examples, "examples", 3, "examples of each kind of change")
	fs.IntVar(&o.Workers, "workers", 0, "goroutines evaluating accounts (0: one per CPU)")
	fs.IntVar(&o.ScanCount, "scan-count", store.DefaultScanCount, "keys examined per Redis SCAN call")
	fs.BoolVar(&o.JSON, "json", false, "print the report as JSON")
	fs.BoolVar(&o.ShowEmails, "show-emails", false, "print e-mail addresses unmasked")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress on standard error")
	cli.BindEnv(cmd)
	return cmd
}

func (o *options) validate() error {
	if o.Examples < 0 {
		return cli.Usagef("--examples must not be negative")
	}
	if o.Workers < 0 || o.ScanCount < 0 {
		return cli.Usagef("--workers and --scan-count must not be negative")
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if err := (store.Options{Prefix: o.KeyPrefix, AppliedTTL: time.Hour}).Validate(); err != nil {
		return cli.Usagef("--key-prefix: %v", err)
	}
	return nil
}

func runDiff(ctx context.Context, o *options, candidate string, stdout, stderr io.Writer) error {
	if err := o.validate(); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	pair, closeNATS, err := o.resolve(ctx, candidate, stderr)
	if err != nil {
		return err
	}
	closeNATS() // the configurations are loaded
	rdb, err := o.Redis.Connect(ctx)
	if err != nil {
		return err
	}
	defer rdb.Close()
	st, err := store.New(rdb, store.Options{Prefix: o.KeyPrefix})
	if err != nil {
		return err
	}
	bar := progress.New(stderr, progressScale, o.Quiet, time.Now)
	j := &job{before: pair.active.cfg, after: pair.candidate.cfg, workers: o.Workers, count: o.ScanCount, examples: o.Examples}
	start := time.Now()
	j.progress = func(share float64, accounts int64) {
		bar.Update(int64(share*progressScale), func() string { return rate(accounts, time.Since(start)) })
	}
	t, err := j.run(ctx, st)
	bar.Finish()
	if err != nil {
		return err
	}
	r := newReport(pair, t, time.Since(start))
	if t.unreadable > 0 {
		bar.Printf("warning: %d accounts could not be read, first %s", t.unreadable, t.firstUnreadable)
	}
	if o.JSON {
		return writeJSON(stdout, r)
	}
	return r.render(stdout, o.ShowEmails)
}

// progressScale is the resolution of the progress bar: the share of the
// keyspace scanned, in ten-thousandths.
const progressScale = 10000
