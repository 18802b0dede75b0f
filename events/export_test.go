package events

import "github.com/nats-io/nats.go"

// DecodeGeneric is Decode through the generic path only (the reference of
// decodeTyped).
func DecodeGeneric(msg *nats.Msg, opts DecodeOptions) (*Event, error) {
	if msg == nil || len(msg.Data) > opts.withDefaults().MaxSize {
		return Decode(msg, opts)
	}
	return decodeGeneric(msg, opts.withDefaults())
}

// DecodeTyped is decodeTyped with Decode's defaults; ok is false when it
// leaves the message to the generic path.
func DecodeTyped(msg *nats.Msg, opts DecodeOptions) (*Event, bool) {
	return decodeTyped(msg, opts.withDefaults())
}

// CheckData decodes and checks data of an input type as decodeTyped does;
// false leaves it to the JSON Schema.
func CheckData(typ string, data []byte) bool {
	a := attrSet{box: &eventBox{}}
	a.box.ctx.Type = typ
	return a.decodeData(data)
}
