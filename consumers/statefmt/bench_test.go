package statefmt

import (
	"encoding/json"
	"testing"

	"github.com/leadq/leadq/qualify"
)

// BenchmarkStateCodec encodes and decodes the typical account (5 leads, 20
// signals, 10 users) and a large one (past linearMax symbols and stamps).
func BenchmarkStateCodec(b *testing.B) {
	for _, c := range []struct {
		name string
		a    *qualify.Account
	}{{"typical", typicalAccount()}, {"large", largeAccount()}} {
		bin := Encode(c.a)
		b.Run("encode/"+c.name, func(b *testing.B) {
			benchCPU(b, func() { Encode(c.a) })
		})
		b.Run("decode/"+c.name, func(b *testing.B) {
			benchCPU(b, func() { _ = Decode(bin, &qualify.Account{}) })
		})
	}
	// A decoded account given a usage event (a new user and observation), as
	// the processor does.
	rules := loadRules(b, specRules)
	a := typicalAccount()
	bin := Encode(a)
	ev := qualify.Event{ID: "evt-00000000000000ff", Source: "product/usage", Account: a.Domain,
		Time: a.Clock.Time(), Kind: qualify.UsageRecorded, User: "u-new", UsageEvent: "report.exported", Count: 1}
	b.Run("decode+apply/typical", func(b *testing.B) {
		benchCPU(b, func() {
			got := &qualify.Account{}
			if err := Decode(bin, got); err != nil {
				b.Fatal(err)
			}
			if _, err := got.Apply(rules, ev); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// benchCPU runs f b.N times and reports, besides wall time, the process CPU
// time per run (cpu-ns/op), steadier than wall time on a shared machine.
func benchCPU(b *testing.B, f func()) {
	b.ReportAllocs()
	start := processCPU()
	for range b.N {
		f()
	}
	if d := processCPU() - start; d > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkState compares the format with the JSON of before version 1 on
// the typical account.
func BenchmarkState(b *testing.B) {
	a := typicalAccount()
	js, _ := json.Marshal(a)
	bin := Encode(a)
	b.Run("encode/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = json.Marshal(a)
		}
	})
	b.Run("encode/binary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Encode(a)
		}
	})
	b.Run("decode/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = Decode(js, &qualify.Account{})
		}
	})
	b.Run("decode/binary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = Decode(bin, &qualify.Account{})
		}
	})
}
