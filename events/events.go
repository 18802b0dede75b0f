package events

import (
	"errors"
	"strconv"
	"strings"
)

// CloudEvent types consumed and produced by leadq.
const (
	TypeLeadCaptured    = "io.leadq.lead.captured"
	TypeTriggerDetected = "io.leadq.trigger.detected"
	TypeUsageRecorded   = "io.leadq.usage.recorded"
	TypeLeadQualified   = "io.leadq.lead.qualified"
	TypeLeadRouted      = "io.leadq.lead.routed"
	TypeLeadUnqualified = "io.leadq.lead.unqualified"
)

// Reason says why an input was rejected; it names the dead-letter subject
// leadq.dlq.<reason> the input is moved to.
type Reason string

// The dead-letter reasons (README, Dead letters).
const (
	// ReasonMalformed is for input that is not JSON, not a CloudEvent 1.0, or lacks
	// a required attribute or has an invalid one.
	ReasonMalformed Reason = "malformed"
	// ReasonSchema is for data that fails the JSON Schema of its type or holds an
	// invalid e-mail address or domain.
	ReasonSchema Reason = "schema"
	// ReasonUnknownType is for an event type leadq does not consume.
	ReasonUnknownType Reason = "unknown_type"
	// ReasonTooLarge is for a payload larger than DecodeOptions.MaxSize.
	ReasonTooLarge Reason = "too_large"
	// ReasonFutureTime is for a time more than DecodeOptions.MaxFuture ahead of
	// DecodeOptions.Now.
	ReasonFutureTime Reason = "future_time"
	// ReasonPoison is for an event whose processing failed on more than the
	// configured number of deliveries; Decode never returns it.
	ReasonPoison Reason = "poison"
)

// Reasons lists every Reason, in the order the README lists them.
func Reasons() []Reason {
	return []Reason{ReasonMalformed, ReasonSchema, ReasonUnknownType, ReasonTooLarge, ReasonFutureTime, ReasonPoison}
}

// Valid reports whether r is one of the known reasons.
func (r Reason) Valid() bool {
	switch r {
	case ReasonMalformed, ReasonSchema, ReasonUnknownType, ReasonTooLarge, ReasonFutureTime, ReasonPoison:
		return true
	}
	return false
}

// Rejection is the error of an input that can never be processed: it goes to the
// dead-letter subject of its Reason instead of being retried.
type Rejection struct {
	Reason Reason
	Err    error
}

// Error returns "events: <reason>: <cause>" on one line.
func (r *Rejection) Error() string {
	msg := "events: " + string(r.Reason)
	if r.Err != nil {
		msg += ": " + oneLine(r.Err.Error())
	}
	return msg
}

// Unwrap returns the cause.
func (r *Rejection) Unwrap() error { return r.Err }

// reject builds a *Rejection.
func reject(reason Reason, err error) *Rejection {
	return &Rejection{Reason: reason, Err: err}
}

// rejectf builds a *Rejection whose cause is a new error with msg.
func rejectf(reason Reason, msg string) *Rejection {
	return &Rejection{Reason: reason, Err: errors.New(msg)}
}

// oneLine replaces line breaks and other control characters with spaces.
func oneLine(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Subjects names leadq's NATS subjects under a configurable prefix.
type Subjects struct {
	// Prefix is the first subject token; "" means "leadq".
	Prefix string
}

// DefaultPrefix is the subject prefix used when Subjects.Prefix is empty.
const DefaultPrefix = "leadq"

func (s Subjects) p() string {
	if s.Prefix == "" {
		return DefaultPrefix
	}
	return s.Prefix
}

// Validate reports whether the prefix can be used as NATS subject tokens.
func (s Subjects) Validate() error {
	for _, tok := range strings.Split(s.p(), ".") {
		if tok == "" || strings.ContainsAny(tok, " \t\r\n*>") {
			return errors.New("events: invalid subject prefix " + strconv.Quote(s.Prefix))
		}
	}
	return nil
}

// In returns the wildcard of every input subject, "leadq.in.>".
func (s Subjects) In() string { return s.p() + ".in.>" }

// Lead returns the default subject of lead.captured events, "leadq.in.lead".
func (s Subjects) Lead() string { return s.p() + ".in.lead" }

// Trigger returns the default subject of trigger.detected events, "leadq.in.trigger".
func (s Subjects) Trigger() string { return s.p() + ".in.trigger" }

// Usage returns the default subject of usage.recorded events, "leadq.in.usage".
func (s Subjects) Usage() string { return s.p() + ".in.usage" }

// Qualified returns the subject of lead.qualified events, "leadq.out.qualified".
func (s Subjects) Qualified() string { return s.p() + ".out.qualified" }

// Routed returns the subject of lead.routed events for queue, "leadq.out.routed.<queue>".
func (s Subjects) Routed(queue string) string { return s.p() + ".out.routed." + queue }

// Unqualified returns the subject of lead.unqualified events, "leadq.out.unqualified".
func (s Subjects) Unqualified() string { return s.p() + ".out.unqualified" }

// Out returns the wildcard of every output subject, "leadq.out.>".
func (s Subjects) Out() string { return s.p() + ".out.>" }

// DLQ returns the dead-letter subject of reason, "leadq.dlq.<reason>".
func (s Subjects) DLQ(r Reason) string { return s.p() + ".dlq." + string(r) }

// DLQAll returns the wildcard of every dead-letter subject, "leadq.dlq.>".
func (s Subjects) DLQAll() string { return s.p() + ".dlq.>" }
