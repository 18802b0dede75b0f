package events_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
)

// checkFastDecode fails when the one-pass decoder and the generic path
// disagree on msg, or when Decode differs from the generic path; it reports
// whether the one-pass decoder took msg.
func checkFastDecode(t testing.TB, msg *nats.Msg, opts events.DecodeOptions) bool {
	t.Helper()
	want, wantErr := events.DecodeGeneric(msg, opts)
	got, gotErr := events.Decode(msg, opts)
	if errText(gotErr) != errText(wantErr) || !reflect.DeepEqual(got, want) {
		t.Fatalf("%s %q:\nDecode       %#v, %v\ngeneric path %#v, %v", headerText(msg.Header), msg.Data, got, gotErr, want, wantErr)
	}
	fast, ok := events.DecodeFast(msg, opts)
	if !ok {
		return false
	}
	if wantErr != nil {
		t.Fatalf("%s %q: one-pass decoder takes it, the generic path rejects it: %v", headerText(msg.Header), msg.Data, wantErr)
	}
	if !reflect.DeepEqual(fast, want) {
		t.Fatalf("%s %q:\none-pass %#v\n%#v\ngeneric  %#v\n%#v", headerText(msg.Header), msg.Data, fast, fast.CE.Context, want, want.CE.Context)
	}
	return true
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// fastDecodeCases are edge cases of the one-pass decoder; fast says whether it
// is expected to take the input itself.
func fastDecodeCases(t testing.TB) []struct {
	name string
	msg  *nats.Msg
	fast bool
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
		name string
		msg  *nats.Msg
		fast bool
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
	}
}

// TestDecodeFastCases: the one-pass decoder takes the common shapes, agrees
// with the generic path on them, and leaves the others to it.
func TestDecodeFastCases(t *testing.T) {
	for _, tt := range fastDecodeCases(t) {
		if got := checkFastDecode(t, tt.msg, decodeOpts()); got != tt.fast {
			t.Errorf("%s: one-pass decoder took it: %v, want %v", tt.name, got, tt.fast)
		}
	}
}

// TestDecodeFastTakesTheSyntheticStream: every valid synthetic event, in
// either mode, takes the one-pass decoder, which agrees with the generic path.
func TestDecodeFastTakesTheSyntheticStream(t *testing.T) {
	g := synth.New(synth.Options{Seed: 11, Accounts: 300, Events: 4000, BinaryShare: 0.4})
	opts := events.DecodeOptions{Now: now.AddDate(10, 0, 0)}
	for it := range g.All() {
		if took := checkFastDecode(t, it.Msg(), opts); it.Bad == "" && !took {
			t.Errorf("%s: left to the generic path: %s %s", it.ID, headerText(it.Headers), it.Payload)
		}
	}
}

// FuzzDecodeFast: for any message, Decode and the generic path agree
// (acceptance, reason, message, event), and whatever the one-pass decoder
// takes the generic path accepts as the same event.
func FuzzDecodeFast(f *testing.F) {
	for _, tt := range fastDecodeCases(f) {
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
		checkFastDecode(t, &nats.Msg{Subject: "leadq.in.fuzz", Header: parseHeaderText(headers), Data: payload}, opts)
	})
}
