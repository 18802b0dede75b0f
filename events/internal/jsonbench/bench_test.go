package jsonbench_test

import (
	"testing"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/internal/jsonbench"
)

// BenchmarkDecode decodes the valid events of the synthetic stream (each type
// in structured mode, and the mixed stream) with events.Decode ("events")
// and, per library, its part alone ("decode"), the library in place of the
// typed decoder of events.Decode ("checked") and that with the JSON Schema
// instead of the hand-written rules ("schema").
func BenchmarkDecode(b *testing.B) {
	opts := decodeOpts()
	lopts := jsonbench.NewOptions(opts)
	for _, set := range inputSets() {
		in := set.in
		run := func(name string, decode func(it input) bool) {
			b.Run(set.name+"/"+name, func(b *testing.B) {
				b.ReportAllocs()
				cpu := startCPU()
				i := 0
				for b.Loop() {
					if !decode(in[i%len(in)]) {
						b.Fatalf("%s fails on %q", name, in[i%len(in)].msg.Data)
					}
					i++
				}
				cpu.report(b)
			})
		}
		run("events", func(it input) bool {
			_, err := events.Decode(it.msg, opts)
			return err == nil
		})
		for _, c := range jsonbench.Codecs {
			var typed jsonbench.Typed
			run(c.Name+"/decode", func(it input) bool { return c.DecodeOnly(it.msg, it.typ, &typed) })
			run(c.Name+"/checked", func(it input) bool {
				_, ok := c.Decode(it.msg, lopts)
				return ok
			})
			run(c.Name+"/schema", func(it input) bool {
				_, ok := c.DecodeSchema(it.msg, lopts)
				return ok
			})
		}
	}
}
