package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/cmd/leadq/internal/progress"
	"github.com/leadq/leadq/events"
)

// maxFailureReports caps the per-event reports of failed publishes (a NATS
// outage would otherwise print one per line); the count is always exact.
const maxFailureReports = 10

// publishCounts are the outcome of a publish run.
type publishCounts struct {
	lines      int // non-blank lines read
	published  int // stored by the stream
	duplicates int // dropped by the stream: Nats-Msg-Id seen within its duplicate window
	invalid    int // refused locally
	failed     int // published but not acknowledged
}

// String is the final line of `leadq publish`.
func (c publishCounts) String() string {
	return fmt.Sprintf("published %d, duplicates %d, invalid %d, failed %d (%d lines)",
		c.published, c.duplicates, c.invalid, c.failed, c.lines)
}

// pendingAck is a published event waiting for the stream's acknowledgement.
type pendingAck struct {
	line int
	f    jetstream.PubAckFuture
}

// publisher validates lines and publishes them with acknowledgements
// gathered every MaxPending events.
type publisher struct {
	js       jetstream.JetStream
	opts     *options
	subjects events.Subjects
	prog     *progress.Reporter
	now      func() time.Time
	pending  []pendingAck
	counts   publishCounts
	lastLine int
	offset   int64
}

func newPublisher(js jetstream.JetStream, o *options, prog *progress.Reporter) *publisher {
	return &publisher{js: js, opts: o, subjects: o.Streams.Subjects(), prog: prog, now: time.Now,
		pending: make([]pendingAck, 0, o.MaxPending)}
}

// checkStream fails early, with a hint, when no stream takes the events.
func (p *publisher) checkStream(ctx context.Context) error {
	subject := p.opts.Subject
	if subject == "" {
		subject = p.subjects.Lead()
	}
	_, err := p.js.StreamNameBySubject(ctx, subject)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return fmt.Errorf("no stream takes %s: `leadq serve` creates the input stream (or check --subject-prefix and --subject)", subject)
	}
	if err != nil {
		return fmt.Errorf("looking up the stream of %s: %w", subject, err)
	}
	return nil
}

// run publishes every line of r until its end, ctx is done (ctx's error)
// or, with --strict, an invalid line.
func (p *publisher) run(ctx context.Context, r *lineReader) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, tooLong, err := r.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading events after line %d: %w", r.n, err)
		}
		p.lastLine, p.offset = r.n, r.offset
		p.prog.Update(p.offset, p.status)
		if !tooLong && len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		p.counts.lines++
		if err := p.publishLine(r.n, line, tooLong); err != nil {
			return err
		}
	}
}

func (p *publisher) status() string {
	c := p.counts
	return fmt.Sprintf("line %d: published %d, duplicates %d, invalid %d, failed %d, waiting %d",
		p.lastLine, c.published, c.duplicates, c.invalid, c.failed, len(p.pending))
}

// publishLine validates and publishes line n; it fails only with --strict
// or when the publish itself cannot be started.
func (p *publisher) publishLine(n int, line []byte, tooLong bool) error {
	msg, err := p.message(line, tooLong)
	if err != nil {
		p.counts.invalid++
		if p.opts.Strict {
			return fmt.Errorf("line %d: %s (--strict: stopped)", n, invalidReason(err))
		}
		p.prog.Printf("line %d: %s", n, invalidReason(err))
		return nil
	}
	f, err := p.js.PublishMsgAsync(msg)
	if err != nil {
		return fmt.Errorf("line %d: publishing: %w", n, err)
	}
	p.pending = append(p.pending, pendingAck{line: n, f: f})
	if len(p.pending) >= p.opts.MaxPending {
		p.settle((len(p.pending) + 1) / 2) // the older half: the rest stays in flight
	}
	return nil
}

// message builds the NATS message of a line and validates it with
// events.Decode, as the pipeline will.
func (p *publisher) message(line []byte, tooLong bool) (*nats.Msg, error) {
	if tooLong {
		return nil, &events.Rejection{Reason: events.ReasonTooLarge,
			Err: fmt.Errorf("line longer than --max-event-size %d bytes", p.opts.MaxEventSize)}
	}
	data := line
	if p.opts.Type != "" {
		var err error
		o := wrapOptions{Type: p.opts.Type, Source: p.opts.Source, IDField: p.opts.IDField, TimeField: p.opts.TimeField}
		if data, err = wrapData(line, o, p.now()); err != nil {
			return nil, err
		}
	}
	msg := &nats.Msg{Header: nats.Header{}, Data: data}
	msg.Header.Set(events.HeaderContentType, events.MediaTypeCloudEvents)
	ev, err := events.Decode(msg, events.DecodeOptions{MaxSize: p.opts.MaxEventSize, Now: p.now()})
	if err != nil {
		return nil, err
	}
	msg.Subject = p.subjectOf(ev.Type)
	msg.Header.Set(jetstream.MsgIDHeader, ev.Key())
	return msg, nil
}

// subjectOf is the input subject of an event type, or --subject.
func (p *publisher) subjectOf(typ string) string {
	switch {
	case p.opts.Subject != "":
		return p.opts.Subject
	case typ == events.TypeTriggerDetected:
		return p.subjects.Trigger()
	case typ == events.TypeUsageRecorded:
		return p.subjects.Usage()
	}
	return p.subjects.Lead()
}

// invalidReason prints why a line is invalid: "<reason>: <cause>" for a
// rejection of events.Decode.
func invalidReason(err error) string {
	var rej *events.Rejection
	if errors.As(err, &rej) && rej.Err != nil {
		return fmt.Sprintf("%s: %v", rej.Reason, rej.Err)
	}
	return err.Error()
}

// gather waits for the acknowledgement of every pending event.
func (p *publisher) gather() {
	p.settle(len(p.pending))
}

// settle waits for the acknowledgements of the n oldest pending events and
// counts them. Each future resolves within publishAckWait, so settle always
// returns.
func (p *publisher) settle(n int) {
	for _, pa := range p.pending[:n] {
		select {
		case ack := <-pa.f.Ok():
			if ack.Duplicate {
				p.counts.duplicates++
			} else {
				p.counts.published++
			}
		case err := <-pa.f.Err():
			p.counts.failed++
			if p.counts.failed <= maxFailureReports {
				p.prog.Printf("line %d: not published: %v", pa.line, err)
			}
		}
	}
	rest := copy(p.pending, p.pending[n:])
	clear(p.pending[rest:])
	p.pending = p.pending[:rest]
	p.prog.Update(p.offset, p.status)
}
