package events

import (
	"encoding/json"
	"fmt"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/schemas"
)

// DecodeOutput parses an output message, in either content mode, back into an
// Output whose Data is a *QualifiedData, *UnqualifiedData or *RoutedData checked
// against its JSON Schema. It serves consumers of leadq's outputs and tests; a bad
// message gives a *Rejection like Decode's.
func DecodeOutput(msg *nats.Msg) (Output, error) {
	if msg == nil {
		return Output{}, rejectf(ReasonMalformed, "no message")
	}
	ce, data, rej := parseMessage(msg)
	if rej != nil {
		return Output{}, rej
	}
	if err := ce.Validate(); err != nil {
		return Output{}, reject(ReasonMalformed, attrError(err))
	}
	var target any
	switch ce.Type() {
	case TypeLeadQualified:
		target = new(QualifiedData)
	case TypeLeadUnqualified:
		target = new(UnqualifiedData)
	case TypeLeadRouted:
		target = new(RoutedData)
	default:
		return Output{}, rejectf(ReasonUnknownType, fmt.Sprintf("unknown output type %q", truncate(ce.Type(), 100)))
	}
	if vs := schemas.Validate(ce.Type(), data); len(vs) > 0 {
		return Output{}, reject(ReasonSchema, violationsError(vs))
	}
	b, err := json.Marshal(data) // not a hot path: outputs are read by tests and tools
	if err == nil {
		err = json.Unmarshal(b, target)
	}
	if err != nil {
		return Output{}, reject(ReasonSchema, err)
	}
	out := Output{
		Type: ce.Type(), ID: ce.ID(), Subject: ce.Subject(), Time: ce.Time().UTC(),
		NATSSubject: msg.Subject, Data: target,
	}
	if tp, ok := traceParent(ce); ok {
		out.TraceParent = tp
	}
	return out, nil
}
