package synth_test

import (
	"fmt"
	"time"

	"github.com/leadq/leadq/events/synth"
)

func Example() {
	g := synth.New(synth.Options{
		Seed:     42,
		Accounts: 300,
		Start:    time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Span:     14 * 24 * time.Hour,
	})
	it, _ := g.Next()
	fmt.Println(it.Subject, it.Type, it.Time.Format(time.RFC3339))
	// Output: leadq.in.lead io.leadq.lead.captured 2026-11-01T00:01:17Z
}

func ExampleGenerator_Preload() {
	g := synth.New(synth.Options{Seed: 42, Accounts: 3})
	for it := range g.Preload() {
		fmt.Println(it.Subject, it.Account)
	}
	// Output:
	// leadq.in.lead truewavestack.com
	// leadq.in.lead millroot-associates.com
	// leadq.in.lead sungateops.com
}

func ExampleItem_Binary() {
	g := synth.New(synth.Options{Seed: 42})
	it, _ := g.Next()
	bin := it.Binary()
	fmt.Println(bin.Headers.Get("ce-type"), bin.Headers.Get("ce-id") == it.ID, string(bin.Payload) == string(it.Data()))
	// Output: io.leadq.lead.captured true true
}
