package events_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
)

// checkTypedDecode fails when the typed decoder and the generic path
// disagree on msg, or when Decode differs from the generic path; it reports
// whether the typed decoder took msg.
func checkTypedDecode(t testing.TB, msg *nats.Msg, opts events.DecodeOptions) bool {
	t.Helper()
	want, wantErr := events.DecodeGeneric(msg, opts)
	got, gotErr := events.Decode(msg, opts)
	if errText(gotErr) != errText(wantErr) || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s %q:\nDecode       %#v, %v\ngeneric path %#v, %v", headerText(msg.Header), msg.Data, got, gotErr, want, wantErr)
	}
	typed, ok := events.DecodeTyped(msg, opts)
	if !ok {
		return false
	}
	if wantErr != nil {
		t.Fatalf("%s %q: typed decoder takes it, the generic path rejects it: %v", headerText(msg.Header), msg.Data, wantErr)
	}
	if !reflect.DeepEqual(typed, want) {
		t.Fatalf("%s %q:\ntyped   %#v\n%#v\ngeneric %#v\n%#v", headerText(msg.Header), msg.Data, typed, typed.CE.Context, want, want.CE.Context)
	}
	return true
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// typedDecodeCases are edge cases of the typed decoder; typed says whether
// it is expected to take the input itself.
func typedDecodeCases(t testing.TB) []struct {
	name  string
	msg   *nats.Msg
	typed bool
} {
	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	lead := attrs(events.TypeLeadCaptured)
	raw := func(s string) *nats.Msg { return &nats.Msg{Subject: "leadq.in.x", Data: []byte(s)} }
	env := `"specversion":"1.0","id":"e1","source":"synth://hubspot","type":"io.leadq.lead.captured","time":"2026-11-06T07:00:00Z"`
	hdr := func(kv ...string) nats.Header {
		h := nats.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Add(kv[i], kv[i+1])
		}
		return h
	}
	bin := func(h nats.Header, data string) *nats.Msg {
		return &nats.Msg{Subject: "x", Header: h, Data: []byte(data)}
	}
	return []struct {
		name  string
		msg   *nats.Msg
		typed bool
	}{
		{"lead structured, data first", structuredMsg(t, with(lead, "traceparent", tp), leadData), true},
		{"trigger structured", structuredMsg(t, attrs(events.TypeTriggerDetected), triggerData), true},
		{"usage binary", binaryMsg(attrs(events.TypeUsageRecorded), usageData), true},
		{"data last", raw(`{` + env + `,"data":` + leadData + `}`), true},
		{"spaces and subject", raw(" {\n" + env + `, "subject" : " s ", "datacontenttype":" application/json ","data":{"lead":{"email":"a@b.io"}}} `), true},
		{"escaped key and value", raw(`{` + strings.Replace(env, `"id":"e1"`, `"\u0069d":"e\u00e9"`, 1) + `,"data":{"lead":{"email":"a@b.io"}}}`), true},
		{"trimmed type and id", raw(`{` + strings.Replace(strings.Replace(env, `"e1"`, `" e1 "`, 1), `"io.leadq.lead.captured"`, `" io.leadq.lead.captured\t"`, 1) + `,"data":{"lead":{"email":"a@b.io"}}}`), true},
		{"null traceparent and extension", raw(`{` + env + `,"traceparent":null,"other":null,"data":{"lead":{"email":"a@b.io"}}}`), true},
		{"empty tech stack, nulls", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io","title":null},"company":{"tech_stack":[],"employees":null,"domain":null},"form":{"kind":null}}}`), true},
		{"offset time", raw(`{` + strings.Replace(env, `07:00:00Z`, `09:00:00.5+02:00`, 1) + `,"data":{"lead":{"email":"a@b.io"}}}`), true},
		{"repeated attribute", raw(`{` + env + `,"id":"e2","data":{"lead":{"email":"a@b.io"}}}`), false},
		{"repeated data key", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io"},"lead":{"email":"c@d.io"}}}`), false},
		{"traceparent twice", raw(`{` + env + `,"traceparent":null,"traceparent":"x","data":{"lead":{"email":"a@b.io"}}}`), false},
		{"string extension", raw(`{` + env + `,"other":"x","data":{"lead":{"email":"a@b.io"}}}`), false},
		{"upper-case extension", raw(`{` + env + `,"ID":null,"data":{"lead":{"email":"a@b.io"}}}`), false},
		{"trailing bytes", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io"}}} x`), false},
		{"schema left to the generic path", raw(`{` + env + `,"data":{"lead":{"email":"jäne@b.io"}}}`), false},
		{"bad e-mail", raw(`{` + env + `,"data":{"lead":{"email":"a@b..io"}}}`), false},
		{"no data", raw(`{` + env + `}`), false},
		{"future", raw(`{` + strings.Replace(env, `2026-11-06T07`, `2027-11-06T07`, 1) + `,"data":{"lead":{"email":"a@b.io"}}}`), false},
		{"binary upper-case names", bin(hdr("CE-SpecVersion", "1.0", "Ce-Id", "e%201", "ce-source", "/s", "CE-TYPE", events.TypeUsageRecorded,
			"ce-time", "2026-11-06T07:00:00Z", "Content-Type", "application/json", "traceparent", tp), usageData), true},
		{"binary long s", bin(hdr("ce-ſpecversion", "1.0", "ce-id", "e", "ce-source", "/s", "ce-type", events.TypeUsageRecorded,
			"ce-time", "2026-11-06T07:00:00Z"), usageData), false},
		{"binary repeated", bin(hdr("ce-specversion", "1.0", "ce-id", "e", "CE-ID", "f", "ce-source", "/s", "ce-type", events.TypeUsageRecorded,
			"ce-time", "2026-11-06T07:00:00Z"), usageData), false},
		{"binary empty data", binaryMsg(attrs(events.TypeUsageRecorded), ""), false},
		{"attribute in another case", raw(`{` + strings.Replace(env, `"id"`, `"ID"`, 1) + `,"data":{"lead":{"email":"a@b.io"}}}`), false},
		{"null subject", raw(`{` + env + `,"subject":null,"data":{"lead":{"email":"a@b.io"}}}`), false},
		{"data_base64", raw(`{` + env + `,"data_base64":"eyJsZWFkIjp7ImVtYWlsIjoiYUBiLmlvIn19"}`), false},
		{"data member in another case", raw(`{` + env + `,"data":{"lead":{"EMAIL":"a@b.io"}}}`), false},
		{"data object given twice", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io"},"lead":{"title":"VP"}}}`), false},
		{"empty country", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io","country":""}}}`), false},
		{"null countries", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io","country":null},"company":{"country":null}}}`), true},
		{"invalid UTF-8", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io","title":"VP ` + "\xff" + `"}}}`), false},
		{"lone surrogate escape", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io","title":"VP \ud800"}}}`), false},
		{"integer with an exponent", raw(`{` + env + `,"data":{"lead":{"email":"a@b.io"},"company":{"employees":1e2}}}`), false},
		{"null count", binaryMsg(attrs(events.TypeUsageRecorded), `{"account":{"domain":"a.io"},"event":"e","count":null}`), false},
	}
}

// TestDecodeTypedCases: the typed decoder takes the common shapes, agrees
// with the generic path on them, and leaves the others to it.
func TestDecodeTypedCases(t *testing.T) {
	for _, tt := range typedDecodeCases(t) {
		if got := checkTypedDecode(t, tt.msg, decodeOpts()); got != tt.typed {
			t.Errorf("%s: typed decoder took it: %v, want %v", tt.name, got, tt.typed)
		}
	}
}

// TestDecodeTypedTakesTheSyntheticStream: every valid synthetic event, in
// either mode, takes the typed decoder, which agrees with the generic path.
func TestDecodeTypedTakesTheSyntheticStream(t *testing.T) {
	g := synth.New(synth.Options{Seed: 11, Accounts: 300, Events: 4000, BinaryShare: 0.4})
	opts := events.DecodeOptions{Now: now.AddDate(10, 0, 0)}
	for it := range g.All() {
		if took := checkTypedDecode(t, it.Msg(), opts); it.Bad == "" && !took {
			t.Errorf("%s: left to the generic path: %s %s", it.ID, headerText(it.Headers), it.Payload)
		}
	}
}

// FuzzDecodeTyped: for any message, Decode and the generic path agree
// (acceptance, reason, message, event), and whatever the typed decoder
// takes the generic path accepts as the same event.
func FuzzDecodeTyped(f *testing.F) {
	for _, tt := range typedDecodeCases(f) {
		f.Add(headerText(tt.msg.Header), tt.msg.Data)
	}
	for _, bad := range badInputs() {
		if bad.reason != events.ReasonTooLarge {
			msg := bad.msg(f)
			f.Add(headerText(msg.Header), msg.Data)
		}
	}
	opts := decodeOpts()
	opts.MaxSize = 16 << 10
	f.Fuzz(func(t *testing.T, headers string, payload []byte) {
		checkTypedDecode(t, &nats.Msg{Subject: "leadq.in.fuzz", Header: parseHeaderText(headers), Data: payload}, opts)
	})
}
