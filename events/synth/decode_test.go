package synth

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/leadq/leadq/events"
)

// TestDecodeEveryItem decodes streams with the real decoder of package events:
// every valid item is accepted, of the right type and account, and every bad
// item is rejected for the reason it announces.
func TestDecodeEveryItem(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"structured", Options{Seed: 1}},
		{"binary and jitter", Options{Seed: 2, BinaryShare: 0.5, Jitter: 5 * time.Minute}},
		{"bad share", Options{Seed: 3, BadShare: 0.1}},
		{"large market", Options{Seed: 4, Accounts: 200_000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Events = 5000
			g := New(tt.opts)
			o := g.Options()
			dec := events.DecodeOptions{Now: o.Start.Add(o.Span + time.Hour)}
			reasons, traced := map[events.Reason]int{}, 0
			for it := range g.All() {
				checkDecode(t, it, dec)
				reasons[it.Bad]++
				if it.Bad == "" && traceParentOf(it) != "" {
					traced++
				}
			}
			if traced == 0 {
				t.Error("no item carries a traceparent")
			}
			if tt.opts.BadShare > 0 {
				for _, r := range []events.Reason{events.ReasonMalformed, events.ReasonSchema,
					events.ReasonUnknownType, events.ReasonTooLarge, events.ReasonFutureTime} {
					if reasons[r] == 0 {
						t.Errorf("no bad item of reason %s in %v", r, reasons)
					}
				}
			}
		})
	}
}

func TestDecodePreload(t *testing.T) {
	g := New(Options{Seed: 1, Accounts: 500})
	for it := range g.Preload() {
		checkDecode(t, it, events.DecodeOptions{Now: DefaultStart})
	}
}

func checkDecode(t *testing.T, it Item, opts events.DecodeOptions) {
	t.Helper()
	ev, err := events.Decode(it.Msg(), opts)
	if it.Bad != "" {
		var rej *events.Rejection
		if !errors.As(err, &rej) || rej.Reason != it.Bad {
			t.Fatalf("bad item %s (%s): Decode returned %v", it.ID, it.Bad, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("item %s rejected: %v\n%s", it.ID, err, it.Payload)
	}
	if ev.ID != it.ID || ev.Type != it.Type || ev.Source != it.Source || !ev.Time.Equal(it.Time) {
		t.Fatalf("item %s decoded as id %s type %s source %s time %s; want %s %s %s",
			it.ID, ev.ID, ev.Type, ev.Source, ev.Time, it.Type, it.Source, it.Time)
	}
	if tp := traceParentOf(it); ev.TraceParent != tp {
		t.Fatalf("item %s: decoded traceparent %q, want %q", it.ID, ev.TraceParent, tp)
	}
	if ev.Account() != it.Account {
		t.Fatalf("item %s: decoded account %q, item says %q\n%s", it.ID, ev.Account(), it.Account, it.Payload)
	}
}

// traceParentOf returns the traceparent extension of a valid item.
func traceParentOf(it Item) string {
	if it.Headers != nil {
		return it.Headers.Get("ce-traceparent")
	}
	const attr = `"traceparent":"`
	i := bytes.Index(it.Payload[:it.dataOff], []byte(attr))
	if i < 0 {
		return ""
	}
	v := it.Payload[i+len(attr):]
	return string(v[:bytes.IndexByte(v, '"')])
}
