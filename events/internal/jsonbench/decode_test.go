package jsonbench_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/internal/jsonbench"
)

// sameEvent fails unless got is the event and account events.Decode gives.
func sameEvent(t *testing.T, what string, msg *nats.Msg, got jsonbench.Decoded) {
	t.Helper()
	want, err := events.Decode(msg, decodeOpts())
	if err != nil {
		t.Fatalf("%s takes %q, events.Decode rejects it: %v", what, msg.Data, err)
	}
	g := got.Event
	if !reflect.DeepEqual(g.CE, want.CE) || g.ID != want.ID || g.Source != want.Source || g.Type != want.Type ||
		!g.Time.Equal(want.Time) || g.TraceParent != want.TraceParent || got.Account != want.Account() ||
		!reflect.DeepEqual(g.Lead, want.Lead) || !reflect.DeepEqual(g.Trigger, want.Trigger) ||
		!reflect.DeepEqual(g.Usage, want.Usage) {
		t.Fatalf("%s %q:\ngot  %+v %q\nwant %+v %q", what, msg.Data, g, got.Account, want, want.Account())
	}
}

// TestDecodeAgrees: every library decoder takes every valid event of the
// synthetic stream and makes the event events.Decode makes, so that the
// benchmarks compare the same work.
func TestDecodeAgrees(t *testing.T) {
	opts := jsonbench.NewOptions(decodeOpts())
	in := stream(0.3, "")
	for _, c := range jsonbench.Codecs {
		t.Run(c.Name, func(t *testing.T) {
			for _, it := range in {
				d, ok := c.Decode(it.msg, opts)
				if !ok {
					t.Fatalf("Decode leaves a valid event to the generic path: %s %q", it.msg.Header, it.msg.Data)
				}
				sameEvent(t, "Decode", it.msg, d)
				if d, ok = c.DecodeSchema(it.msg, opts); !ok {
					t.Fatalf("DecodeSchema leaves a valid event to the generic path: %q", it.msg.Data)
				}
				sameEvent(t, "DecodeSchema", it.msg, d)
				var typed jsonbench.Typed
				if !c.DecodeOnly(it.msg, it.typ, &typed) {
					t.Fatalf("DecodeOnly fails on %q", it.msg.Data)
				}
			}
		})
	}
}

// structured builds a structured-mode lead.captured (or typ) message with
// extra envelope members and data.
func structured(typ, extra, data string) *nats.Msg {
	return &nats.Msg{Subject: "leadq.in.x", Data: []byte(`{"specversion":"1.0","id":"e1","source":"s",` +
		`"type":"` + typ + `","time":"2026-11-06T07:00:00Z"` + extra + `,"data":` + data + `}`)}
}

// TestLibraryDifferences records, for inputs that events.Decode rejects, which
// libraries' decoders take them anyway (a JSON Schema rule the typed structs
// cannot see, or JSON read differently); the others leave them to the
// generic path as they should. It fails when a library changes its reading.
func TestLibraryDifferences(t *testing.T) {
	const lead, usage = events.TypeLeadCaptured, events.TypeUsageRecorded
	all := []string{"encoding-json", "goccy", "goccy-v2", "segmentio", "sonic"}
	caseFolding := []string{"encoding-json", "goccy"}
	for _, tt := range []struct {
		name  string
		msg   *nats.Msg
		taken []string // the libraries whose Decode takes the input
	}{
		{"data member in another case", structured(lead, "", `{"lead":{"EMAIL":"a@b.io"}}`), caseFolding},
		{"attribute in another case", &nats.Msg{Data: []byte(`{"specversion":"1.0","ID":"e1","source":"s",` +
			`"type":"` + lead + `","time":"2026-11-06T07:00:00Z","data":{"lead":{"email":"a@b.io"}}}`)}, caseFolding},
		{"object member twice (merged)", structured(lead, "", `{"lead":{"email":"a@b.io"},"lead":{"title":"VP"}}`),
			[]string{"encoding-json", "goccy", "segmentio", "sonic"}},
		{"null attribute", structured(lead, `,"subject":null`, `{"lead":{"email":"a@b.io"}}`), all},
		{"null integer (count)", structured(usage, "", `{"account":{"domain":"a.io"},"event":"x","count":null}`),
			[]string{"encoding-json", "goccy", "segmentio", "sonic"}},
		{"empty string where minLength is 1", structured(lead, "", `{"lead":{"email":"a@b.io"},"company":{"domain":""}}`), all},
		{"trailing bytes", &nats.Msg{Data: append(structured(lead, "", `{"lead":{"email":"a@b.io"}}`).Data, " x"...)}, nil},
		{"string extension (kept by the generic path)", structured(lead, `,"ext":"v"`, `{"lead":{"email":"a@b.io"}}`), nil},
		{"integer written 1e2 (valid, left to the generic path)", structured(lead, "", `{"lead":{"email":"a@b.io"},"company":{"employees":1e2}}`), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var taken []string
			for _, c := range jsonbench.Codecs {
				d, ok := c.Decode(tt.msg, jsonbench.NewOptions(decodeOpts()))
				if !ok {
					continue
				}
				if want, err := events.Decode(tt.msg, decodeOpts()); err == nil && reflect.DeepEqual(d.Event.Lead, want.Lead) &&
					reflect.DeepEqual(d.Event.Usage, want.Usage) && reflect.DeepEqual(d.Event.CE, want.CE) {
					continue // taken, and rightly so
				}
				taken = append(taken, c.Name)
			}
			if !slices.Equal(taken, tt.taken) {
				t.Errorf("%q is taken wrongly by %s, want %s", tt.msg.Data, strings.Join(taken, ", "), strings.Join(tt.taken, ", "))
			}
		})
	}
}

// TestLibraryInvalidUTF8: every library but goccy/go-json/v2 turns invalid
// UTF-8 in a string into U+FFFD instead of failing, which is why Decode
// checks the payload is UTF-8 first (events.Decode rejects it as malformed).
func TestLibraryInvalidUTF8(t *testing.T) {
	data := []byte("{\"lead\":{\"email\":\"a@b.io\",\"title\":\"VP \xff\"}}")
	for _, c := range jsonbench.Codecs {
		var l events.LeadCaptured
		err := c.Data(data, &l)
		switch {
		case c.Name == "goccy-v2" && err == nil:
			t.Errorf("%s takes invalid UTF-8: title %q", c.Name, l.Lead.Title)
		case c.Name != "goccy-v2" && (err != nil || l.Lead.Title != "VP \uFFFD"):
			t.Errorf("%s: title %q, error %v; want the replacement character", c.Name, l.Lead.Title, err)
		}
	}
}
