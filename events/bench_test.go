package events_test

import (
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

func BenchmarkDecode(b *testing.B) {
	a := with(attrs(events.TypeLeadCaptured), "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	for mode, msg := range map[string]*nats.Msg{
		"structured": structuredMsg(b, a, leadData),
		"binary":     binaryMsg(a, leadData),
	} {
		b.Run(mode, func(b *testing.B) {
			opts := decodeOpts()
			b.ReportAllocs()
			b.SetBytes(int64(len(msg.Data)))
			for b.Loop() {
				if _, err := events.Decode(msg, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	out := sampleOutputs()[0]
	for mode, binary := range map[string]bool{"structured": false, "binary": true} {
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := events.Encode(out, events.EncodeOptions{Binary: binary}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
