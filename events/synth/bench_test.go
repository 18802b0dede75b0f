package synth

import (
	"iter"
	"testing"
)

func benchmarkNext(b *testing.B, o Options) {
	o.Events = 4 << 20
	g := New(o)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		it, ok := g.Next()
		if !ok {
			g = New(o)
			it, _ = g.Next()
		}
		n += len(it.Payload)
	}
	b.ReportMetric(float64(n)/float64(b.N), "B/event")
}

func BenchmarkNext(b *testing.B) {
	b.Run("accounts=300", func(b *testing.B) { benchmarkNext(b, Options{Seed: 1}) })
	b.Run("accounts=10k", func(b *testing.B) { benchmarkNext(b, Options{Seed: 1, Accounts: 10_000}) })
	b.Run("accounts=1M", func(b *testing.B) { benchmarkNext(b, Options{Seed: 1, Accounts: 1_000_000}) })
	b.Run("binary=0.5", func(b *testing.B) { benchmarkNext(b, Options{Seed: 1, Accounts: 10_000, BinaryShare: 0.5}) })
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		New(Options{Seed: 1, Accounts: 1_000_000})
	}
}

func BenchmarkPreload(b *testing.B) {
	g := New(Options{Seed: 1, Accounts: 1_000_000})
	b.ReportAllocs()
	next, stop := iter.Pull(g.Preload())
	defer stop()
	for b.Loop() {
		if _, ok := next(); !ok {
			stop()
			next, stop = iter.Pull(g.Preload())
		}
	}
}
