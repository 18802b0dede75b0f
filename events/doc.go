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
// # Decoding cost
//
// Issue 10 measured decoding the three input types straight into their
// structs with JSON libraries against the hand-written one-pass parser Decode
// had before (the parent of the commit that added typed.go), on the valid
// events of the synthetic stream (seed 7, 1,000 accounts: each type in
// structured mode, and the mixed stream with 30 % in binary mode). "decode"
// is the library alone (envelope and data into the structs), "checked" adds
// what Decode does besides parsing (attributes, the schema rules of the
// common case on the structs, normalisation: the same events as Decode),
// "schema" checks the data with the JSON Schema instead. CPU ns per event
// (getrusage, GC included) and allocations, medians of 8 interleaved runs on
// 2 cores shared with other work (load 6 to 12; wall-clock ns/op, 1.5 to 4
// times these, and B/op are in events/internal/jsonbench/testdata):
//
//	                              lead       trigger       usage       stream
//	hand-written parser           6096 (24)    4726 (21)    2386 (8)     3255 (10)
//	encoding/json      decode    22150 (52)   14256 (50)    7174 (30)    8500 (28)
//	                   checked   23650 (55)   15430 (53)    9552 (33)   10713 (31)
//	                   schema    51520 (245)  30960 (133)  20370 (96)   21953 (112)
//	goccy/go-json      decode     9519 (38)    5699 (32)    3038 (17)    2860 (16)
//	                   checked   11946 (41)    8710 (34)    4504 (20)    5940 (19)
//	                   schema    35438 (217)  20388 (109)  12110 (80)   18115 (97)
//	goccy/go-json/v2   decode     5109 (32)    4287 (28)    1716 (13)    2542 (13)
//	                   checked    8749 (35)    6036 (31)    3421 (16)    5448 (17)
//	                   schema    32814 (211)  18698 (106)  12272 (76)   17558 (94)
//	segmentio/encoding decode     3790 (31)    7652 (28)    1306 (12)    2212 (13)
//	                   checked    6022 (33)    8838 (31)    3216 (15)    4522 (16)
//	                   schema    33594 (210)  22758 (105)  11334 (75)   18130 (93)
//	bytedance/sonic    decode     7418 (36)    5666 (30)    2647 (16)    3422 (16)
//	                   checked    8992 (39)    6765 (33)    4826 (19)    5316 (19)
//	                   schema    34718 (217)  17474 (110)  14338 (81)   19960 (99)
//
// Measured in one run against each other, Decode with goccy/go-json/v2 as
// shipped (typed.go, typeddata.go) costs 7828 (36), 5826 (29), 3340 (15) and
// 4322 (16) where the hand-written parser cost 5618 (24), 4080 (21),
// 2688 (8) and 3183 (10): +36 % on the stream. End to end (leadq bench
// --accounts 10000 --duration 20s, 9 interleaved runs each, load 9 to 21)
// the difference is within the noise: 4966 events/s and 0.0773 CPU s per
// 1,000 events of the bench process against 5315 and 0.0728 (medians; the
// medians of the run-by-run ratios are -4 % and +0.6 %), and a CPU profile
// puts Decode at 5.9 µs of the about 70 µs an event costs that process,
// against 4.2 µs (+2.5 %). Within the 10 % the issue set, the library
// replaced the parser; the binary grew by 3.6 MB. goccy/go-json/v2 has the
// API of encoding/json/v2 and reads JSON the way the schema path needs:
// member names matched exactly (encoding/json and goccy/go-json's v1 API
// fill "email" from "EMAIL", and cannot be told not to), an object member
// given twice refused (all the others merge {"lead":{...},"lead":{...}} into
// one struct, where the schema sees only the last), invalid UTF-8 and lone
// surrogate escapes refused (the others but sonic's UseUnicodeErrors turn
// them into U+FFFD), a null integer decoded as 0, not left at its default.
// No library tells null, absent and "" apart in a string field, hence the
// pointer fields of typeddata.go. Integers written 1e2 or 100.0 fail every
// library's int64 and are left to the schema path, which takes them. To
// reproduce: go test -run '^$' -bench . -benchmem -count 8 in
// events/internal/jsonbench (its "events" row is Decode at that commit), and
// leadq bench built at both commits.
//
// # Encoding
//
// [Encode] renders an [Output] — [QualifiedData], [UnqualifiedData] or [RoutedData]
// with its attributes — in structured mode by default or binary mode on request,
// with Nats-Msg-Id set to the deterministic id so JetStream drops re-publishes, and
// the traceparent carried over from the input.
package events
