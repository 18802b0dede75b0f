package consumers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/events"
)

// Headers the dead-letter publisher adds or renames, besides events'.
const (
	// HeaderTruncated holds the original payload size of a dead letter whose
	// payload was cut to fit the server's max_payload.
	HeaderTruncated = "leadq-truncated"
	// HeaderOriginalPrefix prefixes the original name of a JetStream publish
	// directive moved aside in a dead letter (e.g. leadq-original-Nats-Expected-Stream).
	HeaderOriginalPrefix = "leadq-original-"
)

// DeadLetterJetStream is what DeadLetterPublisher needs of JetStream;
// jetstream.JetStream satisfies it.
type DeadLetterJetStream interface {
	PublishMsg(ctx context.Context, msg *nats.Msg, opts ...jetstream.PublishOpt) (*jetstream.PubAck, error)
	Conn() *nats.Conn
}

// DeadLetterMsg returns the dead letter of msg (see events.DeadLetter: the
// original payload and headers plus leadq-error and leadq-source-subject, on
// <prefix>.dlq.<reason>), changed in two ways only so that JetStream always
// accepts it — otherwise the input would be retried forever:
//
//   - headers that instruct JetStream about a publish (Nats-Expected-Stream,
//     Nats-Expected-Last-Sequence, Nats-Rollup, Nats-TTL...: every Nats-*
//     header but Nats-Msg-Id) are kept as leadq-original-<name>, because
//     JetStream stores them with the input and would apply them again to the
//     dead letter, refusing it ("expected stream does not match");
//   - when payload and headers exceed maxPayload (the server's max_payload;
//     0 for unknown), the payload is cut to fit and its original size is put
//     in leadq-truncated: an input at the limit has no room for two headers more.
//
// Nats-Msg-Id is kept, so a dead letter re-published after a crash within the
// dead-letter stream's duplicates window is dropped. msg is not modified.
func DeadLetterMsg(msg *nats.Msg, subjects events.Subjects, rej *events.Rejection, maxPayload int64) *nats.Msg {
	dl := events.DeadLetter(msg, subjects, rej)
	moveDirectives(dl.Header)
	fitPayload(dl, maxPayload)
	return dl
}

// DeadLetterPublisher moves inputs that can never be processed to the
// dead-letter stream (README, Events), as built by DeadLetterMsg. The consume loop
// calls Publish and terminates the input only once it returned nil.
type DeadLetterPublisher struct {
	js       DeadLetterJetStream
	subjects events.Subjects
}

// NewDeadLetterPublisher returns a publisher to the dead-letter subjects of
// cfg, which EnsureStreams binds to the dead-letter stream. (No
// Nats-Expected-Stream is sent: JetStream would store it in the dead letter.)
func NewDeadLetterPublisher(js DeadLetterJetStream, cfg StreamsConfig) *DeadLetterPublisher {
	return &DeadLetterPublisher{js: js, subjects: cfg.Subjects}
}

// Publish publishes msg, rejected for rej, to the dead-letter stream and
// waits for JetStream's acknowledgement (a duplicate counts as published).
// msg is not modified. A nil rej counts as malformed.
func (p *DeadLetterPublisher) Publish(ctx context.Context, msg *nats.Msg, rej *events.Rejection) (*jetstream.PubAck, error) {
	var maxPayload int64
	if nc := p.js.Conn(); nc != nil {
		maxPayload = nc.MaxPayload()
	}
	dl := DeadLetterMsg(msg, p.subjects, rej, maxPayload)
	ack, err := p.js.PublishMsg(ctx, dl)
	if err != nil {
		return nil, fmt.Errorf("consumers: publishing dead letter to %s: %w", dl.Subject, err)
	}
	return ack, nil
}

// Poison returns the rejection of an input whose processing failed on each
// of its deliveries; err is the last failure.
func Poison(deliveries uint64, err error) *events.Rejection {
	return &events.Rejection{
		Reason: events.ReasonPoison,
		Err:    fmt.Errorf("processing failed on %d deliveries: %w", deliveries, err),
	}
}

// moveDirectives renames every Nats-* header but Nats-Msg-Id to
// leadq-original-<name>.
func moveDirectives(h nats.Header) {
	for k, v := range h {
		if len(k) > 5 && strings.EqualFold(k[:5], "Nats-") && !strings.EqualFold(k, jetstream.MsgIDHeader) {
			delete(h, k)
			h[HeaderOriginalPrefix+k] = v
		}
	}
}

// fitPayload cuts msg's payload so that payload and headers fit maxPayload
// (0: unknown, nothing is cut), recording the original size.
func fitPayload(msg *nats.Msg, maxPayload int64) {
	if maxPayload <= 0 {
		return
	}
	size := int64(len(msg.Data))
	if headerSize(msg.Header)+size <= maxPayload {
		return
	}
	msg.Header[HeaderTruncated] = []string{strconv.FormatInt(size, 10)}
	keep := max(maxPayload-headerSize(msg.Header), 0)
	msg.Data = msg.Data[:keep:keep]
}

// headerSize is the encoded size of h: "NATS/1.0\r\n", "key: value\r\n" per
// value, and the closing "\r\n".
func headerSize(h nats.Header) int64 {
	n := int64(len("NATS/1.0\r\n\r\n"))
	for k, vs := range h {
		for _, v := range vs {
			n += int64(len(k) + len(v) + 4)
		}
	}
	return n
}
