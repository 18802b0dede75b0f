package consumers

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/leadq/leadq/qualify"
)

// BenchmarkStateCodec encodes and decodes the typical account (5 leads, 20
// signals, 10 users) and a large one (past linearMax symbols and stamps).
func BenchmarkStateCodec(b *testing.B) {
	for _, c := range []struct {
		name string
		a    *qualify.Account
	}{{"typical", typicalAccount()}, {"large", largeAccount()}} {
		bin := encodeState(c.a)
		b.Run("encode/"+c.name, func(b *testing.B) {
			benchCPU(b, func() { encodeState(c.a) })
		})
		b.Run("decode/"+c.name, func(b *testing.B) {
			benchCPU(b, func() { _ = decodeState(bin, &qualify.Account{}) })
		})
	}
	// A decoded account given a usage event (a new user and observation), as
	// the processor does.
	rules := loadRules(b, filepath.Join("..", "testdata", "config", "spec.yaml"))
	a := typicalAccount()
	bin := encodeState(a)
	ev := qualify.Event{ID: "evt-00000000000000ff", Source: "product/usage", Account: a.Domain,
		Time: a.Clock.Time(), Kind: qualify.UsageRecorded, User: "u-new", UsageEvent: "report.exported", Count: 1}
	b.Run("decode+apply/typical", func(b *testing.B) {
		benchCPU(b, func() {
			got := &qualify.Account{}
			if err := decodeState(bin, got); err != nil {
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

// largeAccount has 40 leads, 200 signals, 100 users and 100 usage
// observations, every write by a distinct event.
func largeAccount() *qualify.Account {
	a := typicalAccount()
	clock := a.Clock.Time()
	st := func(k int, src string) qualify.Stamp {
		return qualify.Stamp{T: qualify.At(clock.Add(-time.Duration(k) * time.Minute)), S: src,
			I: fmt.Sprintf("evt-%016x", uint64(k)*0x9e3779b97f4a7c15)}
	}
	sources := []string{"crm/hubspot", "web/forms", "intent/bombora", "product/usage"}
	kinds := []string{"form.demo_request", "form.pricing", "trigger.funding_round", "trigger.tender",
		"trigger.hiring_surge", "form.webinar", "trigger.new_project", "intent.surge"}
	a.Leads, a.Signals, a.Users, a.Usage = nil, nil, nil, nil
	for i := range 40 {
		txt := func(v string) *qualify.Text { return &qualify.Text{V: v, At: st(1000+i, sources[0])} }
		a.Leads = append(a.Leads, qualify.Lead{Email: fmt.Sprintf("person.%02d@acme-analytics.io", i),
			FirstName: txt("Jane"), LastName: txt("Doe"), Title: txt("VP Marketing"), Country: txt("DE"),
			Role: []string{"decision_maker", "champion", "none"}[i%3], Rule: 2, RoleKey: 4202345145, Seq: int64(i % 2)})
	}
	for i := range 200 {
		a.Signals = append(a.Signals, qualify.Signal{Kind: kinds[i%len(kinds)], At: st(2000-i, sources[i%len(sources)])})
	}
	for i := range 100 {
		a.Users = append(a.Users, qualify.UserSeen{User: fmt.Sprintf("u-%03d", i), Last: qualify.At(clock.Add(-time.Duration(i) * time.Second))})
		a.Usage = append(a.Usage, qualify.UsageObs{Event: []string{"report.exported", "seat.added"}[i%2], Count: int64(i), At: st(500-i, sources[3])})
	}
	return a
}
