// Package events is leadq's CloudEvents contract on NATS: the event types and
// subjects, the typed data of every event, Decode of input messages, Encode of
// output messages, dead letters, and the normalisation of e-mails and domains.
//
// # Decoding
//
// [Decode] accepts a CloudEvent 1.0 in either content mode of the CloudEvents NATS
// protocol binding: structured (the payload is the JSON event format; chosen when
// the Content-Type header starts with application/cloudevents or no ce- header is
// present) or binary (each attribute is a ce-<name> header whose value is
// percent-encoded UTF-8; the payload is the data, which must be JSON). It requires
// specversion 1.0, id, source, type and an RFC 3339 time, validates the data
// against the JSON Schema of its type (package schemas) and normalises it:
// e-mails trimmed and lower-cased, domains lower-cased without a trailing dot or a
// leading www., internationalised names in punycode. The traceparent extension is
// kept in [Event.TraceParent].
//
// Every input that can never be processed yields a [*Rejection] whose [Reason]
// names its dead-letter subject; [DeadLetter] builds that message from the
// original. Common valid inputs are decoded straight into the typed data by
// github.com/goccy/go-json/v2 (the semantics of encoding/json/v2: member names
// matched exactly, a name given twice or invalid UTF-8 refused), whose
// result is checked against the common-case rules of the schemas; anything
// else goes through generic JSON values (encoding/json) and the JSON Schema,
// which decide every rejection (the two paths are fuzzed against each
// other: FuzzDecodeTyped, FuzzCheckData).
// Check order: size (too_large, before any parsing), JSON and attributes
// (malformed), type (unknown_type), time (future_time), data (schema).
//
// # Encoding
//
// [Encode] renders an [Output] — [QualifiedData], [UnqualifiedData] or [RoutedData]
// with its attributes — in structured mode by default or binary mode on request,
// with Nats-Msg-Id set to the deterministic id so JetStream drops re-publishes, and
// the traceparent carried over from the input.
package events
