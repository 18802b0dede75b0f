package consumers_test

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

// Valid data of the three input types.
const (
	leadOK    = `{"lead":{"email":"jane.doe@acme.io","title":"VP Marketing"},"company":{"domain":"acme.io"},"form":{"kind":"demo_request"}}`
	triggerOK = `{"account":{"domain":"acme.io"},"kind":"funding_round"}`
	usageOK   = `{"account":{"domain":"acme.io"},"user":"u-1","event":"report.exported","count":2}`
)

// ceDoc returns a structured-mode event of type typ with data (raw JSON) and
// valid attributes, changed by edits: pairs of an attribute name and its raw
// JSON value, "" to leave the attribute out.
func ceDoc(typ, data string, edits ...string) string {
	attrs := [][2]string{
		{"specversion", `"1.0"`}, {"id", `"bad-1"`}, {"source", `"https://crm.example/hubspot"`},
		{"type", strconv.Quote(typ)}, {"time", `"2026-11-06T07:00:00Z"`}, {"datacontenttype", `"application/json"`},
	}
	attrs = edit(attrs, edits)
	var b strings.Builder
	b.WriteString("{")
	for _, a := range attrs {
		b.WriteString(strconv.Quote(a[0]) + ":" + a[1] + ",")
	}
	b.WriteString(`"data":` + data + "}")
	return b.String()
}

// structured returns a structured-mode message with payload as given.
func structured(subject func(events.Subjects) string, payload string) func(events.Subjects) *nats.Msg {
	return func(s events.Subjects) *nats.Msg {
		m := nats.NewMsg(subject(s))
		m.Header.Set("Content-Type", "application/cloudevents+json")
		m.Data = []byte(payload)
		return m
	}
}

// raw returns a message without headers.
func raw(subject func(events.Subjects) string, payload string) func(events.Subjects) *nats.Msg {
	return func(s events.Subjects) *nats.Msg {
		return &nats.Msg{Subject: subject(s), Data: []byte(payload)}
	}
}

// binary returns a binary-mode message of type typ with data as the payload
// and valid ce- headers, changed by edits: pairs of a header name and its
// value as sent (percent-encoded), "" to leave the header out.
func binary(subject func(events.Subjects) string, typ, data string, edits ...string) func(events.Subjects) *nats.Msg {
	headers := [][2]string{
		{"ce-specversion", "1.0"}, {"ce-id", "bad-1"}, {"ce-source", "https://crm.example/hubspot"},
		{"ce-type", typ}, {"ce-time", "2026-11-06T07:00:00Z"}, {"ce-datacontenttype", "application/json"},
	}
	headers = edit(headers, edits)
	return func(s events.Subjects) *nats.Msg {
		m := nats.NewMsg(subject(s))
		for _, h := range headers {
			m.Header.Set(h[0], h[1])
		}
		m.Data = []byte(data)
		return m
	}
}

// edit sets or removes name/value pairs in kv.
func edit(kv [][2]string, edits []string) [][2]string {
	kv = slices.Clone(kv)
	for i := 0; i+1 < len(edits); i += 2 {
		name, value := edits[i], edits[i+1]
		at := slices.IndexFunc(kv, func(p [2]string) bool { return p[0] == name })
		switch {
		case at < 0:
			kv = append(kv, [2]string{name, value})
		case value == "":
			kv = slices.Delete(kv, at, at+1)
		default:
			kv[at][1] = value
		}
	}
	return kv
}
