package dlq

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/render"
)

// NewCommand returns `leadq dlq` with its subcommands list, show and replay.
func NewCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "dlq",
		Short: "Inspect and replay dead letters",
		Long: `Inputs that can never be processed (not JSON, not a CloudEvent, unknown type, failing
their schema, too large, time in the future, or failing on every delivery) are moved to
the dead-letter stream (LEADQ_DLQ, subjects <prefix>.dlq.<reason>) with their payload and
headers plus leadq-error (why) and leadq-source-subject (where they came from).

  list     counts dead letters per reason and shows the latest ones
  show     prints one dead letter: its headers and payload
  replay   publishes dead letters again to their source subject, after a fix of the
           configuration, the producer or leadq, and deletes those that were re-published`,
	}
	cmd.AddCommand(newListCommand(), newShowCommand(), newReplayCommand())
	return cmd
}

// listOptions is everything `leadq dlq list` can be told.
type listOptions struct {
	Streams connect.StreamOptions
	Reasons []string
	Last    int
}

func newListCommand() *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Count dead letters per reason and show the latest ones",
		Long: `Counts the dead letters per reason and lists the latest --last of them with their
stream sequence (for show and replay --seq), the time they were stored, their reason,
the subject they came from and the leadq-error header.`,
		Args: cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runList(c.Context(), &o, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.Streams.Register(cmd.Flags())
	cmd.Flags().StringSliceVar(&o.Reasons, "reason", nil, "only these reasons (malformed, schema, unknown_type, too_large, future_time, poison)")
	cmd.Flags().IntVar(&o.Last, "last", 20, "how many of the latest dead letters to list")
	cli.BindEnv(cmd)
	return cmd
}

func runList(ctx context.Context, o *listOptions, stdout, stderr io.Writer) error {
	filter, err := reasonFilter(o.Streams.Subjects(), o.Reasons)
	if err != nil {
		return err
	}
	if o.Last < 0 {
		return cli.Usagef("--last must not be negative")
	}
	ctx, sess, err := o.Streams.Open(ctx, "leadq dlq list", o.Streams.Names().DLQ, stderr)
	if err != nil {
		return err
	}
	defer sess.Close()
	s := sess.Stream
	if err := dlqCounts(ctx, s, filter, stdout); err != nil {
		return err
	}
	var last []*deadLetter
	err = eachDeadLetter(ctx, s, filter, func(d *deadLetter) error {
		if o.Last > 0 {
			if len(last) == o.Last {
				last = slices.Delete(last, 0, 1)
			}
			last = append(last, d)
		}
		return nil
	})
	if err != nil || len(last) == 0 {
		return err
	}
	fmt.Fprintf(stdout, "\nlatest %d:\n", len(last))
	t := render.NewTable(stdout, "SEQ", "STORED", "REASON", "SOURCE SUBJECT", "ERROR")
	for _, d := range last {
		t.Row(strconv.FormatUint(d.Seq, 10), render.Time(d.Time), render.Cell(d.reason()), render.Cell(d.sourceSubject()), render.Clip(render.Cell(d.errorText()), 120))
	}
	return t.Flush()
}

// dlqCounts prints the number of dead letters per reason.
func dlqCounts(ctx context.Context, s jetstream.Stream, filter []string, w io.Writer) error {
	counts := map[string]uint64{}
	var total uint64
	for _, f := range filter {
		info, err := s.Info(ctx, jetstream.WithSubjectFilter(f))
		if err != nil {
			return fmt.Errorf("reading dead-letter counts: %w", err)
		}
		for subj, n := range info.State.Subjects {
			counts[subj[strings.LastIndexByte(subj, '.')+1:]] += n
			total += n
		}
	}
	fmt.Fprintf(w, "%s: %d dead letter(s)\n", s.CachedInfo().Config.Name, total)
	if total == 0 {
		return nil
	}
	t := render.NewTable(w, "REASON", "COUNT")
	for _, r := range slices.Sorted(maps.Keys(counts)) {
		t.Row(render.Cell(r), strconv.FormatUint(counts[r], 10))
	}
	return t.Flush()
}

func newShowCommand() *cobra.Command {
	var o connect.StreamOptions
	cmd := &cobra.Command{
		Use:   "show SEQ",
		Short: "Print one dead letter: headers and payload",
		Long: `Prints the dead letter with stream sequence SEQ (see dlq list): where it came from, why
it was rejected, every header, and the payload as stored (JSON indented). The payload is
the original input, personal data included.`,
		Args: cli.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			seq, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || seq == 0 {
				return cli.Usagef("SEQ %q: want a stream sequence number (see leadq dlq list)", args[0])
			}
			return runShow(c.Context(), &o, seq, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.Register(cmd.Flags())
	cli.BindEnv(cmd)
	return cmd
}

func runShow(ctx context.Context, o *connect.StreamOptions, seq uint64, stdout, stderr io.Writer) error {
	ctx, sess, err := o.Open(ctx, "leadq dlq show", o.Names().DLQ, stderr)
	if err != nil {
		return err
	}
	defer sess.Close()
	d, err := getDeadLetter(ctx, sess.Stream, seq)
	if err != nil {
		return err
	}
	t := render.NewTable(stdout)
	t.Row("sequence", strconv.FormatUint(d.Seq, 10))
	t.Row("stored", render.Time(d.Time))
	t.Row("subject", render.Cell(d.Subject))
	t.Row("reason", render.Cell(d.reason()))
	t.Row("source subject", render.Cell(d.sourceSubject()))
	t.Row("error", render.Cell(d.errorText()))
	if n := d.truncated(); n != "" {
		t.Row("truncated", "payload cut to fit the server; original size "+render.Cell(n)+" bytes")
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nHEADERS")
	for _, k := range slices.Sorted(maps.Keys(d.Header)) {
		for _, v := range d.Header[k] {
			fmt.Fprintf(stdout, "%s: %s\n", render.Cell(k), render.Cell(v))
		}
	}
	fmt.Fprintf(stdout, "\nPAYLOAD (%d bytes)\n%s\n", len(d.Data), payloadText(d.Data))
	return nil
}

// payloadText prints a payload: JSON indented, other UTF-8 text as is, and
// anything with control characters or invalid UTF-8 Go-quoted.
func payloadText(b []byte) string {
	var buf bytes.Buffer
	if json.Valid(b) && json.Indent(&buf, b, "", "  ") == nil {
		return buf.String()
	}
	if utf8.Valid(b) && !bytes.ContainsFunc(b, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }) {
		return string(b)
	}
	return strconv.Quote(string(b))
}
