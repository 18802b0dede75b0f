package dlq

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/events"
)

// deadLetter is one message of the dead-letter stream.
type deadLetter struct {
	Seq     uint64
	Time    time.Time // when the stream stored it
	Subject string    // <prefix>.dlq.<reason>
	Header  nats.Header
	Data    []byte
}

// reason is the last token of the subject.
func (d *deadLetter) reason() string {
	return d.Subject[strings.LastIndexByte(d.Subject, '.')+1:]
}

// header returns a header value, matching the name case-insensitively.
func (d *deadLetter) header(name string) string {
	if v := d.Header.Get(name); v != "" {
		return v
	}
	for k, vs := range d.Header {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

func (d *deadLetter) sourceSubject() string { return d.header(events.HeaderSourceSubject) }
func (d *deadLetter) errorText() string     { return d.header(events.HeaderError) }
func (d *deadLetter) truncated() string     { return d.header(consumers.HeaderTruncated) }

func deadLetterFromMsg(m jetstream.Msg) (*deadLetter, error) {
	md, err := m.Metadata()
	if err != nil {
		return nil, fmt.Errorf("reading dead letter metadata: %w", err)
	}
	return &deadLetter{Seq: md.Sequence.Stream, Time: md.Timestamp, Subject: m.Subject(),
		Header: m.Headers(), Data: m.Data()}, nil
}

// getDeadLetter reads one dead letter by stream sequence.
func getDeadLetter(ctx context.Context, s jetstream.Stream, seq uint64) (*deadLetter, error) {
	raw, err := s.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, fmt.Errorf("no dead letter %d (replayed, expired or never stored)", seq)
	}
	if err != nil {
		return nil, fmt.Errorf("reading dead letter %d: %w", seq, err)
	}
	return &deadLetter{Seq: raw.Sequence, Time: raw.Time, Subject: raw.Subject, Header: raw.Header, Data: raw.Data}, nil
}

// reasonFilter returns the dead-letter subjects of the given reasons (all
// when none), refusing unknown reasons.
func reasonFilter(subjects events.Subjects, reasons []string) ([]string, error) {
	if len(reasons) == 0 {
		return []string{subjects.DLQAll()}, nil
	}
	var out []string
	for _, r := range reasons {
		if !events.Reason(r).Valid() {
			return nil, cli.Usagef("--reason %q: want one of %v", r, events.Reasons())
		}
		out = append(out, subjects.DLQ(events.Reason(r)))
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// eachDeadLetter passes the dead letters on the filter subjects to fn in
// stream order, up to the last one stored when it starts: dead letters that
// arrive meanwhile (a replayed input rejected again) are left for next time.
func eachDeadLetter(ctx context.Context, s jetstream.Stream, filter []string, fn func(*deadLetter) error) error {
	info, err := s.Info(ctx)
	if err != nil {
		return fmt.Errorf("reading the dead-letter stream: %w", err)
	}
	last := info.State.LastSeq
	if info.State.Msgs == 0 {
		return nil
	}
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: filter, DeliverPolicy: jetstream.DeliverAllPolicy}
	return connect.ReadStream(ctx, s, cfg, false, func(m jetstream.Msg) (bool, error) {
		d, err := deadLetterFromMsg(m)
		if err != nil || d.Seq > last {
			return true, err
		}
		return d.Seq == last, fn(d)
	})
}
