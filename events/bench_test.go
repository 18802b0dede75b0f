package events_test

import (
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
)

// BenchmarkDecode decodes one event of each input type in each content mode.
func BenchmarkDecode(b *testing.B) {
	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	for _, typ := range []struct{ name, typ, data string }{
		{"lead", events.TypeLeadCaptured, leadData},
		{"trigger", events.TypeTriggerDetected, triggerData},
		{"usage", events.TypeUsageRecorded, usageData},
	} {
		a := with(attrs(typ.typ), "traceparent", tp)
		for _, m := range []struct {
			mode string
			msg  *nats.Msg
		}{
			{"structured", structuredMsg(b, a, typ.data)},
			{"binary", binaryMsg(a, typ.data)},
		} {
			b.Run(typ.name+"/"+m.mode, func(b *testing.B) {
				opts := decodeOpts()
				b.ReportAllocs()
				b.SetBytes(int64(len(m.msg.Data)))
				for b.Loop() {
					if _, err := events.Decode(m.msg, opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDecodeStream decodes the valid items of a synthetic stream, a
// third of them in binary mode, as leadq serve sees them.
func BenchmarkDecodeStream(b *testing.B) {
	g := synth.New(synth.Options{Seed: 7, Accounts: 1000, Events: 4000, BinaryShare: 0.3})
	var msgs []*nats.Msg
	for it := range g.All() {
		if it.Bad == "" {
			msgs = append(msgs, it.Msg())
		}
	}
	opts := events.DecodeOptions{Now: now.AddDate(10, 0, 0)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := events.Decode(msgs[i%len(msgs)], opts); err != nil {
			b.Fatal(err)
		}
		i++
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
