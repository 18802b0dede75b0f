package events

import "github.com/nats-io/nats.go"

// ValidFast exposes validFast to the external tests (fastcheck_test.go).
var ValidFast = validFast

// ParseJSON exposes parseJSON to the external tests (jsonfast_test.go).
var ParseJSON = parseJSON

// DecodeGeneric is Decode through the generic path only (the reference of
// decodeFast).
func DecodeGeneric(msg *nats.Msg, opts DecodeOptions) (*Event, error) {
	if msg == nil || len(msg.Data) > opts.withDefaults().MaxSize {
		return Decode(msg, opts)
	}
	return decodeGeneric(msg, opts.withDefaults())
}

// DecodeFast is decodeFast with Decode's defaults; ok is false when it
// leaves the message to the generic path.
func DecodeFast(msg *nats.Msg, opts DecodeOptions) (*Event, bool) {
	return decodeFast(msg, opts.withDefaults())
}
