package events

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/schemas"
)

// Decoding defaults.
const (
	DefaultMaxSize   = 64 << 10
	DefaultMaxFuture = 5 * time.Minute
)

// DecodeOptions tunes Decode. The zero value uses the defaults.
type DecodeOptions struct {
	// MaxSize is the largest accepted payload in bytes; 0 means DefaultMaxSize.
	MaxSize int
	// Now is the wall clock against which MaxFuture is checked; the zero value
	// means time.Now().
	Now time.Time
	// MaxFuture is how far ahead of Now an event's time may be; 0 means DefaultMaxFuture.
	MaxFuture time.Duration
	// FreeMail is the set of free-mail domains; nil means DefaultFreeMail().
	FreeMail FreeMail
}

func (o DecodeOptions) withDefaults() DecodeOptions {
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.MaxFuture <= 0 {
		o.MaxFuture = DefaultMaxFuture
	}
	if o.FreeMail == nil {
		o.FreeMail = defaultFreeMail
	}
	return o
}

// Decode turns a NATS message into a validated input event with normalised
// e-mails and domains. The message is a CloudEvent 1.0 in structured mode (a
// Content-Type starting with application/cloudevents, or no ce- headers: the
// payload is the JSON event format) or binary mode (attributes in percent-encoded
// ce-<name> headers, the payload is the JSON data). Every bad input gives a
// *Rejection whose Reason names its dead-letter subject; Decode never panics.
func Decode(msg *nats.Msg, opts DecodeOptions) (*Event, error) {
	if msg == nil {
		return nil, rejectf(ReasonMalformed, "no message")
	}
	opts = opts.withDefaults()
	if len(msg.Data) > opts.MaxSize {
		return nil, rejectf(ReasonTooLarge, fmt.Sprintf("payload of %d bytes exceeds the limit of %d", len(msg.Data), opts.MaxSize))
	}
	if e, ok := decodeTyped(msg, opts); ok {
		return e, nil
	}
	return decodeGeneric(msg, opts)
}

// decodeGeneric decodes through generic JSON values and the JSON Schema: the
// reference that decodeTyped is checked against, and the path of every
// rejection.
func decodeGeneric(msg *nats.Msg, opts DecodeOptions) (*Event, error) {
	ce, data, rej := parseMessage(msg)
	if rej != nil {
		return nil, rej
	}
	e, rej := newEvent(ce, msg.Header)
	if rej != nil {
		return nil, rej
	}
	if e.Time.After(opts.Now.Add(opts.MaxFuture)) {
		return nil, rejectf(ReasonFutureTime, fmt.Sprintf("time %s is more than %s ahead of %s",
			e.Time.Format(time.RFC3339), opts.MaxFuture, opts.Now.UTC().Format(time.RFC3339)))
	}
	if rej := decodeData(e, data); rej != nil {
		return nil, rej
	}
	e.account, e.resolved = accountOf(e, opts.FreeMail, true), true
	return e, nil
}

// newEvent validates the CloudEvent attributes and checks the type is an input type.
func newEvent(ce event.Event, h nats.Header) (*Event, *Rejection) {
	if err := ce.Validate(); err != nil {
		return nil, reject(ReasonMalformed, attrError(err))
	}
	t := ce.Time()
	if t.IsZero() {
		return nil, rejectf(ReasonMalformed, "missing attribute time")
	}
	switch ce.Type() {
	case TypeLeadCaptured, TypeTriggerDetected, TypeUsageRecorded:
	default:
		return nil, rejectf(ReasonUnknownType, fmt.Sprintf("unknown event type %q", truncate(ce.Type(), 100)))
	}
	e := &Event{CE: ce, ID: ce.ID(), Source: ce.Source(), Type: ce.Type(), Time: t.UTC()}
	if tp, ok := traceParent(ce); ok {
		e.TraceParent = tp
	} else if h != nil {
		e.TraceParent = h.Get(HeaderTraceParent)
	}
	return e, nil
}

// traceParent returns the string traceparent extension of ce.
func traceParent(ce event.Event) (string, bool) {
	v, err := ce.Context.GetExtension(extTraceParent)
	if err != nil {
		return "", false
	}
	tp, ok := v.(string)
	return tp, ok
}

// decodeData validates the parsed data of e against its schema, then builds the
// typed data and normalises it.
func decodeData(e *Event, doc any) *Rejection {
	if vs := schemas.Validate(e.Type, doc); len(vs) > 0 {
		return reject(ReasonSchema, violationsError(vs))
	}
	m, _ := doc.(map[string]any) // the schemas require an object
	var err error
	switch e.Type {
	case TypeLeadCaptured:
		e.Lead, err = leadFrom(m)
	case TypeTriggerDetected:
		e.Trigger, err = triggerFrom(m)
	case TypeUsageRecorded:
		e.Usage, err = usageFrom(m)
	}
	if err != nil {
		return reject(ReasonSchema, err)
	}
	return nil
}

// maxViolations bounds how many violations a rejection message lists.
const maxViolations = 5

// violationsError renders schema violations as one error line.
func violationsError(vs []schemas.Violation) error {
	var sb strings.Builder
	sb.WriteString("data: ")
	for i, v := range vs {
		if i == maxViolations {
			fmt.Fprintf(&sb, "; and %d more", len(vs)-i)
			break
		}
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(v.String())
	}
	return errors.New(sb.String())
}

// truncate shortens s to at most n bytes for messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// parseMessage reads the attributes and data of a message in either content
// mode of the NATS binding.
func parseMessage(msg *nats.Msg) (event.Event, any, *Rejection) {
	if !utf8.Valid(msg.Data) {
		// JSON text is UTF-8 (RFC 8259); encoding/json would turn bad bytes into U+FFFD.
		return event.Event{}, nil, rejectf(ReasonMalformed, "payload is not valid UTF-8")
	}
	if isStructured(msg.Header) {
		return parseStructured(msg.Data)
	}
	return parseBinary(msg.Header, msg.Data)
}
