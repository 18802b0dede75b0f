package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/nats-io/nats.go"
)

// DefaultSource is the CloudEvents source of outputs when EncodeOptions.Source is empty.
const DefaultSource = "leadq"

// EncodeOptions tunes Encode. The zero value gives structured mode with source "leadq".
type EncodeOptions struct {
	// Source is the CloudEvents source attribute; "" means DefaultSource.
	Source string
	// Binary selects binary mode (ce- headers, the payload is the data) instead of
	// structured mode (the payload is the JSON event format).
	Binary bool
}

// Output is an output event to encode.
type Output struct {
	// Type is the CloudEvent type, e.g. TypeLeadQualified.
	Type string
	// ID is the deterministic transition id; it is also the Nats-Msg-Id, so
	// JetStream drops a re-publish.
	ID string
	// Subject is the CloudEvents subject: the account domain.
	Subject string
	// Time is the CloudEvents time: the evaluation instant (evaluated_at).
	Time time.Time
	// TraceParent is the input's traceparent, "" for none.
	TraceParent string
	// NATSSubject is the subject to publish to, e.g. Subjects.Qualified().
	NATSSubject string
	// Data is QualifiedData, UnqualifiedData, RoutedData, or already encoded JSON
	// (json.RawMessage or []byte).
	Data any
}

// Encode renders out as a NATS message: a CloudEvent 1.0 in structured mode
// (Content-Type application/cloudevents+json) or, with opts.Binary, binary mode
// (percent-encoded ce- headers, Content-Type application/json). Both set
// Nats-Msg-Id to out.ID and the traceparent header when out.TraceParent is given.
func Encode(out Output, opts EncodeOptions) (*nats.Msg, error) {
	ce, err := outputEvent(out, opts)
	if err != nil {
		return nil, err
	}
	msg := &nats.Msg{Subject: out.NATSSubject, Header: make(nats.Header, 10)}
	msg.Header.Set(HeaderMsgID, out.ID)
	if out.TraceParent != "" {
		msg.Header.Set(HeaderTraceParent, out.TraceParent)
	}
	if !opts.Binary {
		if msg.Data, err = ce.MarshalJSON(); err != nil {
			return nil, fmt.Errorf("events: encoding %s: %w", out.Type, err)
		}
		msg.Header.Set(HeaderContentType, MediaTypeCloudEvents)
		return msg, nil
	}
	msg.Data = ce.DataEncoded
	msg.Header.Set(HeaderContentType, MediaTypeJSON)
	set := func(name, v string) { msg.Header.Set(ceHeaderPrefix+name, percentEncode(v)) }
	set("specversion", ce.SpecVersion())
	set("id", ce.ID())
	set("source", ce.Source())
	set("type", ce.Type())
	set("time", ce.Time().Format(time.RFC3339Nano))
	set("datacontenttype", ce.DataContentType())
	if ce.Subject() != "" {
		set("subject", ce.Subject())
	}
	if out.TraceParent != "" {
		set(extTraceParent, out.TraceParent)
	}
	return msg, nil
}

// outputEvent builds and validates the CloudEvent of an output.
func outputEvent(out Output, opts EncodeOptions) (event.Event, error) {
	switch {
	case out.Type == "":
		return event.Event{}, errors.New("events: encoding output: no type")
	case out.ID == "":
		return event.Event{}, fmt.Errorf("events: encoding %s: no id", out.Type)
	case out.Time.IsZero():
		return event.Event{}, fmt.Errorf("events: encoding %s: no time", out.Type)
	case out.NATSSubject == "":
		return event.Event{}, fmt.Errorf("events: encoding %s: no NATS subject", out.Type)
	}
	data, err := outputData(out.Data)
	if err != nil {
		return event.Event{}, fmt.Errorf("events: encoding %s data: %w", out.Type, err)
	}
	source := opts.Source
	if source == "" {
		source = DefaultSource
	}
	ce := event.New(event.CloudEventsVersionV1)
	ce.SetID(out.ID)
	ce.SetSource(source)
	ce.SetType(out.Type)
	ce.SetTime(out.Time.UTC())
	if out.Subject != "" {
		ce.SetSubject(out.Subject)
	}
	ce.SetDataContentType(MediaTypeJSON)
	if out.TraceParent != "" {
		ce.SetExtension(extTraceParent, out.TraceParent)
	}
	ce.DataEncoded = data
	if err := ce.Validate(); err != nil {
		return event.Event{}, fmt.Errorf("events: encoding %s: %w", out.Type, attrError(err))
	}
	return ce, nil
}

// outputData marshals the data unless it is already JSON, which it checks.
func outputData(d any) ([]byte, error) {
	var b []byte
	switch d := d.(type) {
	case nil:
		return nil, errors.New("no data")
	case json.RawMessage:
		b = d
	case []byte:
		b = d
	default:
		return json.Marshal(d)
	}
	if !json.Valid(b) {
		return nil, errors.New("data is not valid JSON")
	}
	return b, nil
}
