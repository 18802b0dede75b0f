package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/progress"
	"github.com/leadq/leadq/events"
)

// publishAckWait bounds the wait for the stream's acknowledgement of one
// published event; an event without one counts as failed.
const publishAckWait = 30 * time.Second

// options is everything `leadq publish` can be told.
type options struct {
	Streams      connect.StreamOptions
	Type         string
	Source       string
	IDField      string
	TimeField    string
	Subject      string
	Strict       bool
	Quiet        bool
	MaxEventSize int
	MaxPending   int
}

// publishHelp is the --help text of the command.
const publishHelp = `Publishes input events, one JSON object per line (NDJSON), from FILE or, with "-",
from standard input, to the input subject of each event's type: <prefix>.in.lead,
<prefix>.in.trigger or <prefix>.in.usage (--subject publishes everything to one subject).

Each line is a CloudEvent 1.0 in the structured JSON format, or — with --type — the bare
data of an event, which leadq wraps in a CloudEvent of that type: its id is a hash of the
line (or the value of --id-field), its source --source, its time now (or the value of
--time-field, RFC 3339). Fields of the data are named by dotted paths (lead.email).

Every line is checked as the pipeline will check it (JSON, CloudEvent attributes, known
type, JSON Schema of the data, size, time not in the future) before anything is sent.
An invalid line is reported with its number and skipped; with --strict the run stops at
the first one and exits 1 (lines before it are published). Blank lines are ignored.

Events are published to JetStream asynchronously with Nats-Msg-Id set to the event's
source and id, so running the same file again within the input stream's duplicate window
publishes nothing twice (and the pipeline ignores a repeated source and id anyway).
Progress is shown on standard error: a bar on a terminal, otherwise a line every few
seconds (--quiet: none). The last line on standard output counts the events published,
the duplicates the stream dropped, the invalid lines and the events not acknowledged.

Exit status: 0 when every valid line was published (or was a duplicate), 1 when some
could not be published, on --strict at an invalid line, or when interrupted, 2 on a
usage error.`

// NewCommand returns `leadq publish`.
func NewCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "publish FILE|-",
		Short: "Publish input events from an NDJSON file or standard input",
		Long:  publishHelp,
		Example: `  leadq publish events.ndjson
  leadq publish --type io.leadq.lead.captured --source crm-export --id-field lead.email leads.ndjson
  zcat usage.ndjson.gz | leadq publish --quiet -`,
		Args: cli.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runPublish(c.Context(), &o, args[0], c.InOrStdin(), c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	o.Streams.Register(fs)
	fs.StringVar(&o.Type, "type", "", "lines are bare data of this input event type (io.leadq.lead.captured, io.leadq.trigger.detected, io.leadq.usage.recorded)")
	fs.StringVar(&o.Source, "source", "leadq-cli", "CloudEvents source of events wrapped with --type")
	fs.StringVar(&o.IDField, "id-field", "", "with --type: dotted path of the data field holding the event id (default: a hash of the line)")
	fs.StringVar(&o.TimeField, "time-field", "", "with --type: dotted path of the data field holding the event time, RFC 3339 (default: now)")
	fs.StringVar(&o.Subject, "subject", "", "publish every event to this subject instead of <prefix>.in.<lead|trigger|usage>")
	fs.BoolVar(&o.Strict, "strict", false, "stop at the first invalid line (exit 1) instead of skipping it")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress output")
	fs.IntVar(&o.MaxEventSize, "max-event-size", events.DefaultMaxSize, "largest event in bytes, as configured for serve")
	fs.IntVar(&o.MaxPending, "max-pending", 1000, "events published but not yet acknowledged by the stream")
	cli.BindEnv(cmd)
	return cmd
}

var inputTypes = []string{events.TypeLeadCaptured, events.TypeTriggerDetected, events.TypeUsageRecorded}

// validate reports usage errors before anything is opened.
func (o *options) validate() error {
	if o.Type != "" && !slices.Contains(inputTypes, o.Type) {
		return cli.Usagef("--type %q: want one of %v", o.Type, inputTypes)
	}
	if o.Type == "" && (o.IDField != "" || o.TimeField != "") {
		return cli.Usagef("--id-field and --time-field apply to bare data: give --type too")
	}
	if o.Type != "" && o.Source == "" {
		return cli.Usagef("--source must not be empty")
	}
	if o.MaxEventSize < 1 || o.MaxPending < 1 {
		return cli.Usagef("--max-event-size and --max-pending must be positive")
	}
	return o.Streams.Validate()
}

func runPublish(ctx context.Context, o *options, path string, stdin io.Reader, stdout, stderr io.Writer) error {
	if err := o.validate(); err != nil {
		return err
	}
	in, size, err := openInput(path, stdin)
	if err != nil {
		return err
	}
	defer in.Close()
	ctx, sess, err := o.Streams.Open(ctx, "leadq publish", "", stderr,
		jetstream.WithPublishAsyncMaxPending(o.MaxPending), jetstream.WithPublishAsyncTimeout(publishAckWait))
	if err != nil {
		return err
	}
	defer sess.Close()
	p := newPublisher(sess.JS, o, progress.New(stderr, size, o.Quiet, time.Now))
	if err := p.checkStream(ctx); err != nil {
		return err
	}
	runErr := p.run(ctx, newLineReader(in, o.MaxEventSize))
	p.gather()
	p.prog.Finish()
	fmt.Fprintln(stdout, p.counts)
	return p.outcome(runErr)
}

// openInput opens FILE, or standard input for "-", and returns its size in
// bytes when known (for the progress bar; 0 otherwise).
func openInput(path string, stdin io.Reader) (io.ReadCloser, int64, error) {
	if path == "-" {
		return io.NopCloser(stdin), 0, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("opening events: %w", err)
	}
	var size int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return f, size, nil
}

// outcome is the command's error after the summary was printed.
func (p *publisher) outcome(runErr error) error {
	switch {
	case errors.Is(runErr, context.Canceled):
		return fmt.Errorf("publish: interrupted after line %d", p.lastLine)
	case runErr != nil:
		return runErr
	case p.counts.failed > 0:
		return fmt.Errorf("publish: %d event(s) not acknowledged by the stream; run again (events already stored are dropped as duplicates)", p.counts.failed)
	}
	return nil
}
