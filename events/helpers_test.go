package events_test

import (
	"encoding/json"
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

// now is the wall clock of every decode in the tests.
var now = time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)

func decodeOpts() events.DecodeOptions { return events.DecodeOptions{Now: now} }

// Data of the three input types, as in the README's Events section.
const (
	leadData    = `{"lead":{"email":"Jane.Doe@Acme.io","first_name":"Jane","last_name":"Doe","title":"VP Marketing","department":"marketing","country":"DE"},"company":{"domain":"acme.io","name":"Acme","industry":"software","employees":300,"annual_revenue":40000000,"country":"DE","growth_stage":"scaleup","business_model":"b2b","tech_stack":["slack","notion"]},"form":{"id":"f-12","kind":"demo_request","url":"https://acme.example/demo"}}`
	triggerData = `{"account":{"domain":"acme.io"},"kind":"funding_round","company":{"annual_revenue":60000000,"growth_stage":"scaleup"},"details":{"amount":25000000,"round":"B"},"source_url":"https://news.example/acme-b"}`
	usageData   = `{"account":{"domain":"acme.io"},"user":"u-381","event":"report.exported","count":1}`
)

// attrs returns the attributes of a valid event of type typ; callers may edit the copy.
func attrs(typ string) map[string]string {
	return map[string]string{
		"specversion": "1.0",
		"id":          "evt-1",
		"source":      "hubspot",
		"type":        typ,
		"time":        "2026-11-06T07:00:00Z",
	}
}

// with returns a copy of m with the given key/value pairs set; an empty value
// deletes the key.
func with(m map[string]string, kv ...string) map[string]string {
	out := maps.Clone(m)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
			continue
		}
		out[kv[i]] = kv[i+1]
	}
	return out
}

// structuredMsg builds a structured-mode message: the attributes as JSON strings
// and data as raw JSON ("" leaves data out).
func structuredMsg(t testing.TB, a map[string]string, data string) *nats.Msg {
	t.Helper()
	doc := make(map[string]any, len(a)+1)
	for k, v := range a {
		doc[k] = v
	}
	if data != "" {
		doc["data"] = json.RawMessage(data)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("marshal structured event: %v", err)
	}
	return &nats.Msg{Subject: "leadq.in.lead", Data: b}
}

// binaryMsg builds a binary-mode message: one ce-<name> header per attribute,
// values used as given (already percent-encoded), and data as the payload.
func binaryMsg(a map[string]string, data string) *nats.Msg {
	h := nats.Header{}
	for k, v := range a {
		h.Set("ce-"+k, v)
	}
	return &nats.Msg{Subject: "leadq.in.lead", Header: h, Data: []byte(data)}
}

// rejection asserts err is a *events.Rejection and returns it.
func rejection(t testing.TB, err error) *events.Rejection {
	t.Helper()
	var rej *events.Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("error %v (%T) is not a *events.Rejection", err, err)
	}
	return rej
}
