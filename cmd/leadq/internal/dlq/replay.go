package dlq

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/render"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/events"
)

// replayOptions is everything `leadq dlq replay` can be told.
type replayOptions struct {
	Streams    connect.StreamOptions
	Reasons    []string
	Seqs       []uint
	AllReasons bool
	DryRun     bool
}

// replayHelp is the --help text of the command.
const replayHelp = `Publishes dead letters again, after a fix, to the subject they came from
(leadq-source-subject), with their original payload and headers: the leadq-* headers of
the dead letter are removed and the JetStream publish directives that the dead-letter
publisher set aside as leadq-original-<name> are restored, except the
Nats-Expected-Last-* ones, which asserted the input stream's state at the original
publish and would now fail. Nats-Msg-Id becomes leadq-replay:<stream>:<seq>, so
replaying the same dead letter twice within the input stream's duplicate window stores it
once, and a replay is never mistaken for its original (the pipeline de-duplicates by
CloudEvent source and id, not by Nats-Msg-Id).

Select what to replay with --reason (repeatable), --seq (repeatable; with --reason too,
only those of these reasons) or --all-reasons. Each dead letter that the input stream
acknowledged is deleted from the dead-letter stream; one that could not be re-published
stays there, as does one whose payload was truncated (leadq-truncated). A replayed input
that is still invalid is dead-lettered again, under a new sequence. --dry-run prints what
would be replayed and changes nothing.

Exit status: 0 when every selected dead letter was replayed (or would be, with --dry-run),
1 when some stay in the dead-letter stream, 2 on a usage error.`

func newReplayCommand() *cobra.Command {
	var o replayOptions
	cmd := &cobra.Command{
		Use:   "replay (--reason R... | --seq N... | --all-reasons) [--dry-run]",
		Short: "Re-publish dead letters to their source subject and delete them",
		Long:  replayHelp,
		Example: `  leadq dlq replay --reason schema --dry-run
  leadq dlq replay --seq 12 --seq 15
  leadq dlq replay --all-reasons`,
		Args: cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runReplay(c.Context(), &o, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	o.Streams.Register(fs)
	fs.StringSliceVar(&o.Reasons, "reason", nil, "replay the dead letters of these reasons")
	fs.UintSliceVar(&o.Seqs, "seq", nil, "replay the dead letters with these stream sequences (see dlq list)")
	fs.BoolVar(&o.AllReasons, "all-reasons", false, "replay every dead letter")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print what would be replayed; change nothing")
	cli.BindEnv(cmd)
	return cmd
}

// replayCounts are the outcome of a replay.
type replayCounts struct {
	replayed, kept int
}

// replayer re-publishes dead letters and deletes those re-published.
type replayer struct {
	js       jetstream.JetStream
	dlq      jetstream.Stream
	subjects events.Subjects
	dryRun   bool
	reasons  []string // with --seq: keep only these reasons; nil: any
	out      io.Writer
	counts   replayCounts
}

func runReplay(ctx context.Context, o *replayOptions, stdout, stderr io.Writer) error {
	if len(o.Reasons) == 0 && len(o.Seqs) == 0 && !o.AllReasons {
		return cli.Usagef("dlq replay: select dead letters with --reason, --seq or --all-reasons")
	}
	if o.AllReasons && (len(o.Reasons) > 0 || len(o.Seqs) > 0) {
		return cli.Usagef("dlq replay: --all-reasons goes alone, without --reason or --seq")
	}
	filter, err := reasonFilter(o.Streams.Subjects(), o.Reasons)
	if err != nil {
		return err
	}
	ctx, sess, err := o.Streams.Open(ctx, "leadq dlq replay", o.Streams.Names().DLQ, stderr)
	if err != nil {
		return err
	}
	defer sess.Close()
	rp := &replayer{js: sess.JS, dlq: sess.Stream, subjects: o.Streams.Subjects(), dryRun: o.DryRun, reasons: o.Reasons, out: stdout}
	if len(o.Seqs) > 0 {
		err = rp.replaySeqs(ctx, o.Seqs)
	} else {
		err = eachDeadLetter(ctx, sess.Stream, filter, func(d *deadLetter) error { rp.replay(ctx, d); return ctx.Err() })
	}
	return rp.finish(err)
}

// replaySeqs replays the dead letters with the given sequences.
func (rp *replayer) replaySeqs(ctx context.Context, seqs []uint) error {
	for _, seq := range seqs {
		d, err := getDeadLetter(ctx, rp.dlq, uint64(seq))
		if err != nil {
			rp.keep(seq, "-", err)
			continue
		}
		if len(rp.reasons) > 0 && !slices.Contains(rp.reasons, d.reason()) {
			rp.keep(seq, d.reason(), fmt.Errorf("reason is not %s", strings.Join(rp.reasons, " or ")))
			continue
		}
		rp.replay(ctx, d)
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// replay re-publishes one dead letter and deletes it once the input stream
// acknowledged it. A duplicate acknowledgement means an earlier replay of it
// was stored (its deletion failed): it is deleted now.
func (rp *replayer) replay(ctx context.Context, d *deadLetter) {
	msg, err := replayMsg(d, rp.dlq.CachedInfo().Config.Name, rp.subjects)
	if err != nil {
		rp.keep(uint(d.Seq), d.reason(), err)
		return
	}
	if rp.dryRun {
		if _, err := rp.js.StreamNameBySubject(ctx, msg.Subject); err != nil {
			rp.keep(uint(d.Seq), d.reason(), fmt.Errorf("no stream takes %s: %w", msg.Subject, err))
			return
		}
		rp.counts.replayed++
		fmt.Fprintf(rp.out, "would replay %d (%s) to %s\n", d.Seq, render.Cell(d.reason()), render.Cell(msg.Subject))
		return
	}
	ack, err := rp.js.PublishMsg(ctx, msg)
	if errors.Is(err, jetstream.ErrNoStreamResponse) {
		err = fmt.Errorf("no stream takes %s", msg.Subject)
	}
	if err != nil {
		rp.keep(uint(d.Seq), d.reason(), fmt.Errorf("not re-published: %w", err))
		return
	}
	if err := rp.dlq.DeleteMsg(ctx, d.Seq); err != nil {
		rp.keep(uint(d.Seq), d.reason(), fmt.Errorf("re-published to %s (stream %s, sequence %d) but not deleted; replaying it again stores nothing twice: %w",
			msg.Subject, ack.Stream, ack.Sequence, err))
		return
	}
	rp.counts.replayed++
	fmt.Fprintf(rp.out, "replayed %d (%s) to %s: %s sequence %d\n", d.Seq, render.Cell(d.reason()), render.Cell(msg.Subject), ack.Stream, ack.Sequence)
}

func (rp *replayer) keep(seq uint, reason string, err error) {
	rp.counts.kept++
	fmt.Fprintf(rp.out, "kept %d (%s): %v\n", seq, render.Cell(reason), err)
}

// finish prints the summary and returns the command's error.
func (rp *replayer) finish(err error) error {
	c := rp.counts
	if rp.dryRun {
		fmt.Fprintf(rp.out, "dry run: would replay %d, cannot replay %d\n", c.replayed, c.kept)
	} else {
		fmt.Fprintf(rp.out, "replayed %d, kept %d\n", c.replayed, c.kept)
	}
	switch {
	case errors.Is(err, context.Canceled):
		return errors.New("dlq replay: interrupted")
	case err != nil:
		return err
	case c.kept > 0 && !rp.dryRun:
		return fmt.Errorf("dlq replay: %d dead letter(s) not replayed, kept in %s", c.kept, rp.dlq.CachedInfo().Config.Name)
	}
	return nil
}

// replayMsg rebuilds the input a dead letter came from (see the replay
// command's help for the header rules).
func replayMsg(d *deadLetter, dlqStream string, subjects events.Subjects) (*nats.Msg, error) {
	subject := d.sourceSubject()
	switch {
	case subject == "":
		return nil, fmt.Errorf("no %s header", events.HeaderSourceSubject)
	case strings.HasPrefix(subject, strings.TrimSuffix(subjects.DLQAll(), ">")):
		return nil, fmt.Errorf("source subject %s is a dead-letter subject", subject)
	case d.truncated() != "":
		return nil, fmt.Errorf("payload truncated to fit the server (original %s bytes): it cannot be replayed", d.truncated())
	}
	msg := nats.NewMsg(subject)
	msg.Data = d.Data
	for k, vs := range d.Header {
		lk := strings.ToLower(k)
		switch {
		case strings.HasPrefix(lk, strings.ToLower(consumers.HeaderOriginalPrefix)):
			if name := k[len(consumers.HeaderOriginalPrefix):]; !staleDirective(name) {
				msg.Header[name] = vs
			}
		case strings.HasPrefix(lk, "leadq-"), strings.EqualFold(k, jetstream.MsgIDHeader):
		default:
			msg.Header[k] = vs
		}
	}
	msg.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("leadq-replay:%s:%d", dlqStream, d.Seq))
	return msg, nil
}

// staleDirective reports the publish directives that asserted the input
// stream's state at the original publish (Nats-Expected-Last-Sequence,
// Nats-Expected-Last-Subject-Sequence, Nats-Expected-Last-Msg-Id...).
func staleDirective(name string) bool {
	const p = "nats-expected-last-"
	return len(name) >= len(p) && strings.EqualFold(name[:len(p)], p)
}
