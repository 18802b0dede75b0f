package tail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/render"
)

// options is everything `leadq tail` can be told.
type options struct {
	Streams    connect.StreamOptions
	JSON       bool
	ShowEmails bool
	Since      string
	All        bool
	NoFollow   bool
	Count      int
}

// tailHelp is the --help text of the command.
const tailHelp = `Prints the output events of the pipeline (<prefix>.out.>) as they are published: one
line per event with its time (the evaluation instant), type, lead, account and, for
qualified and unqualified leads, grade, fit, persona and readiness scores (and the failing
condition), for routed leads the queue, rep, routing reason, segment and region. With
QUEUE only the leads routed to that queue are shown (<prefix>.out.routed.<QUEUE>).

By default only new events are shown; --all replays what the output stream holds first,
--since only what it stored since a duration ago (2h, 7d) or an instant (when the events
were published, not their evaluation time). --no-follow exits
once those are printed; --count exits after that many events. Otherwise tail runs until
Ctrl-C. It reads through an ordered consumer, so it changes nothing in the stream.

E-mail addresses are masked (j***@acme.io) so the output can be shared; --show-emails
prints them whole. --json prints each event unchanged as one CloudEvent JSON object per
line (binary-mode events are converted to the structured format), e-mails included.`

// NewCommand returns `leadq tail`.
func NewCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "tail [QUEUE]",
		Short: "Print qualified, routed and unqualified leads as they are published",
		Long:  tailHelp,
		Example: `  leadq tail
  leadq tail sdr-smb-emea --since 24h
  leadq tail --all --no-follow --json | jq .data.lead.email`,
		Args: cli.MaxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			queue := ""
			if len(args) == 1 {
				queue = args[0]
			}
			return runTail(c.Context(), &o, queue, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	o.Streams.Register(fs)
	fs.BoolVar(&o.JSON, "json", false, "print each event as one CloudEvent JSON object per line")
	fs.BoolVar(&o.ShowEmails, "show-emails", false, "print e-mail addresses unmasked")
	fs.StringVar(&o.Since, "since", "", "first replay the events published since this duration ago (2h, 7d) or instant (RFC 3339)")
	fs.BoolVar(&o.All, "all", false, "first replay every event the output stream holds")
	fs.BoolVar(&o.NoFollow, "no-follow", false, "exit after the replayed events instead of waiting for new ones")
	fs.IntVar(&o.Count, "count", 0, "exit after this many events (0: no limit)")
	cli.BindEnv(cmd)
	return cmd
}

// consumerConfig checks the options and returns the ordered consumer that
// reads the events asked for.
func (o *options) consumerConfig(queue string, now time.Time) (jetstream.OrderedConsumerConfig, error) {
	var cfg jetstream.OrderedConsumerConfig
	if err := o.Streams.Validate(); err != nil {
		return cfg, err
	}
	if strings.ContainsAny(queue, ".*> \t\r\n") {
		return cfg, cli.Usagef("queue %q: a queue name is one subject token (no dots, spaces or wildcards)", queue)
	}
	if o.Count < 0 {
		return cfg, cli.Usagef("--count must not be negative")
	}
	subjects := o.Streams.Subjects()
	cfg.FilterSubjects = []string{subjects.Out()}
	if queue != "" {
		cfg.FilterSubjects = []string{subjects.Routed(queue)}
	}
	switch {
	case o.All && o.Since != "":
		return cfg, cli.Usagef("give --all or --since, not both")
	case o.All:
		cfg.DeliverPolicy = jetstream.DeliverAllPolicy
	case o.Since != "":
		t, err := cli.ParseSince(o.Since, now)
		if err != nil {
			return cfg, cli.Usagef("--since: %v", err)
		}
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &t
	case o.NoFollow:
		return cfg, cli.Usagef("--no-follow needs --all or --since (new events only would print nothing)")
	default:
		cfg.DeliverPolicy = jetstream.DeliverNewPolicy
	}
	return cfg, nil
}

func runTail(ctx context.Context, o *options, queue string, stdout, stderr io.Writer) error {
	cfg, err := o.consumerConfig(queue, time.Now())
	if err != nil {
		return err
	}
	ctx, sess, err := o.Streams.Open(ctx, "leadq tail", o.Streams.Names().Out, stderr)
	if err != nil {
		return err
	}
	defer sess.Close()
	pr := &outputPrinter{w: stdout, errw: stderr, json: o.JSON, view: render.Emails{Show: o.ShowEmails}}
	n := 0
	err = connect.ReadStream(ctx, sess.Stream, cfg, !o.NoFollow, func(m jetstream.Msg) (bool, error) {
		printed, err := pr.print(m)
		if printed {
			n++
		}
		return err != nil || (o.Count > 0 && n >= o.Count), err
	})
	if errors.Is(err, context.Canceled) {
		return nil // Ctrl-C: a normal end
	}
	return err
}

// checkWrite is the error of a failed write to the output, if any.
func checkWrite(_ int, err error) error {
	if err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}
