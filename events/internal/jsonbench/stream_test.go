package jsonbench_test

import (
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/internal/jsonbench"
	"github.com/leadq/leadq/events/synth"
)

// input is one valid message of the synthetic stream and its type.
type input struct {
	msg *nats.Msg
	typ string
}

// decodeOpts are the options of every decode: a clock well after the stream.
func decodeOpts() events.DecodeOptions {
	return events.DecodeOptions{Now: time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// stream returns the valid items of the synthetic stream events'
// BenchmarkDecodeStream decodes (binaryShare 0.3), or of one type only
// (typ not "").
func stream(binaryShare float64, typ string) []input {
	g := synth.New(synth.Options{Seed: 7, Accounts: 1000, Events: 4000, BinaryShare: binaryShare})
	var in []input
	for it := range g.All() {
		if it.Bad == "" && (typ == "" || it.Type == typ) {
			in = append(in, input{it.Msg(), it.Type})
		}
	}
	return in
}

// inputSets are the inputs of the tests and benchmarks: each type in
// structured mode, and the mixed stream with a share in binary mode.
func inputSets() []struct {
	name string
	in   []input
} {
	return []struct {
		name string
		in   []input
	}{
		{"lead", stream(0, events.TypeLeadCaptured)},
		{"trigger", stream(0, events.TypeTriggerDetected)},
		{"usage", stream(0, events.TypeUsageRecorded)},
		{"stream", stream(0.3, "")},
	}
}

// codec returns the library called name.
func codec(name string) jsonbench.Codec {
	for _, c := range jsonbench.Codecs {
		if c.Name == name {
			return c
		}
	}
	panic("no codec " + name)
}
