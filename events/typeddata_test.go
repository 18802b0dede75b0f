package events_test

import (
	"encoding/json"
	"testing"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
	"github.com/leadq/leadq/schemas"
)

var inputTypes = []string{events.TypeLeadCaptured, events.TypeTriggerDetected, events.TypeUsageRecorded}

// checkTyped fails when the typed decoding of data takes a document its
// schema (or encoding/json) refuses; it reports whether it took data.
func checkTyped(t testing.TB, typ string, data []byte) (typed bool) {
	t.Helper()
	if !events.CheckData(typ, data) {
		return false
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: typed decoding takes %q, encoding/json refuses it: %v", typ, data, err)
	}
	if vs := schemas.Validate(typ, doc); len(vs) > 0 {
		t.Fatalf("%s: typed decoding takes %s, the schema refuses it: %v", typ, data, vs)
	}
	return true
}

// dataCases are documents at the edges of the schemas; the typed decoding
// may leave any to the schema, but must take none the schema refuses.
var dataCases = []struct {
	typ   string
	data  string
	typed bool // the typed decoding is expected to take it (common shapes)
}{
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"}}`, true},
	{events.TypeLeadCaptured, `{"lead":{"email":"Jane.Doe@Acme.io","first_name":"Jane","title":"VP","country":"de"},
		"company":{"domain":"acme.io","employees":300,"annual_revenue":4e7,"tech_stack":["slack"],"country":"DE"},
		"form":{"id":"f","kind":"demo_request","url":"https://x"}}`, true},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":null,"form":null,"extra":[1]}`, true},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"form":{"kind":null}}`, true},
	{events.TypeLeadCaptured, `{"lead":{"email":" a@b.io "}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"jäne@b.io"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@@b.io"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"@b.io"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"ab@"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io","country":"DEU"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":{"employees":1.5}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":{"employees":-1}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":{"annual_revenue":1e16}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":{"tech_stack":[""]}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":{"domain":"http://x"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":{"domain":""}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"form":{"kind":"fax"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io","title":"` + string(make([]byte, 201)) + `"}}`, false},
	{events.TypeLeadCaptured, `{"company":{}}`, false},
	{events.TypeLeadCaptured, `[]`, false},
	{events.TypeTriggerDetected, `{"account":{"domain":"acme.io"},"kind":"funding_round","details":{"amount":1},"source_url":"https://n"}`, true},
	{events.TypeTriggerDetected, `{"account":{"domain":"acme.io"},"kind":"funding"}`, false},
	{events.TypeTriggerDetected, `{"account":{"domain":null},"kind":"other"}`, false},
	{events.TypeTriggerDetected, `{"account":{},"kind":"other"}`, false},
	{events.TypeTriggerDetected, `{"account":{"domain":"a.io"}}`, false},
	{events.TypeTriggerDetected, `{"account":{"domain":"a.io"},"kind":"other","details":[]}`, false},
	{events.TypeUsageRecorded, `{"account":{"domain":"acme.io"},"user":"u1","event":"report.exported","count":3}`, true},
	{events.TypeUsageRecorded, `{"account":{"domain":"acme.io"},"user":null,"event":"e"}`, true},
	{events.TypeUsageRecorded, `{"account":{"domain":"acme.io"},"event":"e","count":0}`, false},
	{events.TypeUsageRecorded, `{"account":{"domain":"acme.io"},"event":"e","count":null}`, false},
	{events.TypeUsageRecorded, `{"account":{"domain":"acme.io"},"event":""}`, false},
	{events.TypeUsageRecorded, `{"account":{"domain":"acme.io"},"user":"","event":"e"}`, false},
	{events.TypeUsageRecorded, `{"account":{"domain":"ünï.io"},"event":"e"}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io","country":null},"company":{"country":null,"domain":null}}`, true},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io","country":""}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":{"country":""}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"form":{"kind":""}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"EMAIL":"a@b.io"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"lead":{"title":"VP"}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io","title":"\ud800"}}`, false},
	{events.TypeLeadCaptured, "{\"lead\":{\"email\":\"a@b.io\",\"title\":\"\xff\"}}", false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"},"company":{"employees":1e2}}`, false},
	{events.TypeLeadCaptured, `{"lead":{"email":"a@b.io"}} x`, false},
	{events.TypeTriggerDetected, `{"account":{"domain":"a.io"},"kind":null}`, false},
	{events.TypeTriggerDetected, `{"account":{"domain":"a.io"},"kind":"other","details":{"a":1,"a":2}}`, false},
}

// TestCheckDataImpliesSchema: the typed decoding never takes what the
// schema refuses, and it takes the common shapes itself.
func TestCheckDataImpliesSchema(t *testing.T) {
	for _, tt := range dataCases {
		if got := checkTyped(t, tt.typ, []byte(tt.data)); got != tt.typed {
			t.Errorf("%s %s: typed decoding %v, want %v", tt.typ, tt.data, got, tt.typed)
		}
	}
}

// TestCheckDataCoversTheSyntheticStream: the typed decoding takes the data
// of every valid event of the synthetic market (so Decode skips the schema
// for them), which the schema agrees with.
func TestCheckDataCoversTheSyntheticStream(t *testing.T) {
	g := synth.New(synth.Options{Seed: 3, Accounts: 200, Events: 5000})
	n := 0
	for it := range g.All() {
		if it.Bad != "" {
			continue
		}
		if !checkTyped(t, it.Type, it.Data()) {
			t.Errorf("%s %s: left to the schema", it.Type, it.Data())
		}
		n++
	}
	if n < 4000 {
		t.Fatalf("only %d valid items", n)
	}
}

// FuzzCheckData: for any document and input type, the typed decoding takes
// only what the schema accepts.
func FuzzCheckData(f *testing.F) {
	for _, tt := range dataCases {
		f.Add(tt.data)
	}
	f.Fuzz(func(t *testing.T, data string) {
		for _, typ := range inputTypes {
			checkTyped(t, typ, []byte(data))
		}
	})
}
