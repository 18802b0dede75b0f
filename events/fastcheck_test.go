package events_test

import (
	"encoding/json"
	"testing"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
	"github.com/leadq/leadq/schemas"
)

var inputTypes = []string{events.TypeLeadCaptured, events.TypeTriggerDetected, events.TypeUsageRecorded}

// checkFast fails when the fast check accepts a document its schema refuses.
func checkFast(t testing.TB, typ string, data []byte) (fast bool) {
	t.Helper()
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return false
	}
	if !events.ValidFast(typ, doc) {
		return false
	}
	if vs := schemas.Validate(typ, doc); len(vs) > 0 {
		t.Fatalf("%s: fast check accepts %s, the schema refuses it: %v", typ, data, vs)
	}
	return true
}

// fastCases are documents at the edges of the schemas; the fast check may
// leave any to the schema, but must accept none the schema refuses.
var fastCases = []struct {
	typ  string
	data string
	fast bool // the fast check is expected to decide it (common shapes)
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
}

// TestValidFastImpliesSchema: the fast check never accepts what the schema
// refuses, and it decides the common shapes itself.
func TestValidFastImpliesSchema(t *testing.T) {
	for _, tt := range fastCases {
		if got := checkFast(t, tt.typ, []byte(tt.data)); got != tt.fast {
			t.Errorf("%s %s: fast check %v, want %v", tt.typ, tt.data, got, tt.fast)
		}
	}
}

// TestValidFastCoversTheSyntheticStream: every valid event of the
// synthetic market passes the fast check (so Decode skips the schema for
// them), which the schema agrees with.
func TestValidFastCoversTheSyntheticStream(t *testing.T) {
	g := synth.New(synth.Options{Seed: 3, Accounts: 200, Events: 5000})
	n := 0
	for it := range g.All() {
		if it.Bad != "" {
			continue
		}
		if !checkFast(t, it.Type, it.Data()) {
			t.Errorf("%s %s: left to the schema", it.Type, it.Data())
		}
		n++
	}
	if n < 4000 {
		t.Fatalf("only %d valid items", n)
	}
}

// FuzzValidFast: for any JSON document and input type, the fast check
// accepts only what the schema accepts.
func FuzzValidFast(f *testing.F) {
	for _, tt := range fastCases {
		f.Add(tt.data)
	}
	f.Fuzz(func(t *testing.T, data string) {
		for _, typ := range inputTypes {
			checkFast(t, typ, []byte(data))
		}
	})
}
