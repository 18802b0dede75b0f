package schemas_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/leadq/leadq/schemas"
)

func TestEverySchemaIsDraft2020AndCompiles(t *testing.T) {
	names := schemas.Names()
	if len(names) != 7 {
		t.Fatalf("Names() = %v, want the 6 event types and config", names)
	}
	for _, name := range names {
		src, ok := schemas.Source(name)
		if !ok {
			t.Fatalf("Source(%q) missing", name)
		}
		var doc map[string]any
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema = %v", name, doc["$schema"])
		}
		// Compiles on first use: an empty object is checked without a panic.
		_ = schemas.Validate(name, map[string]any{})
	}
	if _, ok := schemas.Source("nope"); ok {
		t.Error("Source of an unknown schema")
	}
}

// doc parses a JSON literal the way Decode does (numbers as float64).
func doc(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

func TestValidDocuments(t *testing.T) {
	tests := []struct{ schema, name, doc string }{
		{schemas.LeadCaptured, "README example", `{"lead": {"email": "Jane.Doe@Acme.io", "first_name": "Jane", "last_name": "Doe", "title": "VP Marketing", "department": "marketing", "country": "DE"}, "company": {"domain": "acme.io", "name": "Acme", "industry": "software", "employees": 300, "annual_revenue": 40000000, "country": "DE", "growth_stage": "scaleup", "business_model": "b2b", "tech_stack": ["slack", "notion"]}, "form": {"id": "f-12", "kind": "demo_request", "url": "https://acme.example/demo"}}`},
		{schemas.LeadCaptured, "only the e-mail", `{"lead":{"email":"a@b.io"}}`},
		{schemas.LeadCaptured, "untrimmed e-mail", `{"lead":{"email":"  A@B.io "}}`},
		{schemas.LeadCaptured, "internationalised e-mail", `{"lead":{"email":"jörg@bücher.example"}}`},
		{schemas.LeadCaptured, "nulls mean unknown", `{"lead":{"email":"a@b.io","title":null,"country":null},"company":{"domain":null,"employees":null,"annual_revenue":null,"tech_stack":null},"form":{"kind":null}}`},
		{schemas.LeadCaptured, "null blocks", `{"lead":{"email":"a@b.io"},"company":null,"form":null}`},
		{schemas.LeadCaptured, "empty company and form", `{"lead":{"email":"a@b.io"},"company":{},"form":{}}`},
		{schemas.LeadCaptured, "unknown properties are ignored", `{"lead":{"email":"a@b.io","phone":"+49"},"utm":{"source":"x"}}`},
		{schemas.LeadCaptured, "zero employees, integral float", `{"lead":{"email":"a@b.io"},"company":{"employees":0,"annual_revenue":1.5e6}}`},
		{schemas.TriggerDetected, "README example", `{"account": {"domain": "acme.io"}, "kind": "funding_round", "company": {"annual_revenue": 60000000, "growth_stage": "scaleup"}, "details": {"amount": 25000000, "round": "B"}, "source_url": "https://news.example/acme-b"}`},
		{schemas.TriggerDetected, "minimal", `{"account":{"domain":"acme.io"},"kind":"other"}`},
		{schemas.UsageRecorded, "README example", `{"account": {"domain": "acme.io"}, "user": "u-381", "event": "report.exported", "count": 1}`},
		{schemas.UsageRecorded, "count defaults", `{"account":{"domain":"acme.io"},"user":"u","event":"login"}`},
		{schemas.UsageRecorded, "no user", `{"account":{"domain":"acme.io"},"event":"login","count":12}`},
		{schemas.LeadQualified, "README example", `{"lead": {"email": "jane.doe@acme.io", "title": "VP Marketing", "role": "decision_maker"}, "account": {"domain": "acme.io", "name": "Acme"}, "evaluated_at": "2026-11-06T08:00:00Z", "config_version": "2026-11-22.1", "icp": "midmarket-saas", "fit": 100, "grade": "A", "readiness": {"ready": 50, "willing": 71.76, "able": 100}, "explanation": {"attributes": [], "any": "shape"}}`},
		{schemas.LeadUnqualified, "README example", `{"lead": {"email": "jane.doe@acme.io"}, "account": {"domain": "acme.io"}, "evaluated_at": "2026-11-12T12:00:00.5Z", "config_version": "2026-11-22.1", "icp": "midmarket-saas", "fit": 100, "grade": "A", "readiness": {"ready": 0, "willing": 60.2, "able": 100}, "explanation": {}, "reason": "readiness.ready below 40"}`},
		{schemas.LeadRouted, "README example", `{"lead": {"email": "jane.doe@acme.io"}, "account": {"domain": "acme.io"}, "segment": "smb", "region": "emea", "queue": "sdr-smb-emea", "rep": "ana", "reason": "round_robin", "config_version": "2026-11-22.1"}`},
		{schemas.LeadRouted, "no segment or region", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "queue": "sdr-general", "rep": "fay", "reason": "account_owner", "config_version": "1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.schema+"/"+tt.name, func(t *testing.T) {
			if vs := schemas.Validate(tt.schema, doc(t, tt.doc)); len(vs) > 0 {
				t.Errorf("violations: %v", vs)
			}
		})
	}
}

func TestInvalidDocuments(t *testing.T) {
	tests := []struct{ schema, name, doc, pointer, message string }{
		{schemas.LeadCaptured, "not an object", `[]`, "", "must be object"},
		{schemas.LeadCaptured, "null", `null`, "", "must be object"},
		{schemas.LeadCaptured, "no lead", `{}`, "/lead", "is required"},
		{schemas.LeadCaptured, "no e-mail", `{"lead":{}}`, "/lead/email", "is required"},
		{schemas.LeadCaptured, "e-mail without @", `{"lead":{"email":"jane"}}`, "/lead/email", "must be "},
		{schemas.LeadCaptured, "e-mail with two @", `{"lead":{"email":"a@b@c.io"}}`, "/lead/email", "must be "},
		{schemas.LeadCaptured, "e-mail with a space", `{"lead":{"email":"a b@c.io"}}`, "/lead/email", "must be "},
		{schemas.LeadCaptured, "e-mail too long", `{"lead":{"email":"` + strings.Repeat("a", 320) + `@b.io"}}`, "/lead/email", "at most 320 characters"},
		{schemas.LeadCaptured, "e-mail number", `{"lead":{"email":7}}`, "/lead/email", "must be string, not number"},
		{schemas.LeadCaptured, "title too long", `{"lead":{"email":"a@b.io","title":"` + strings.Repeat("t", 201) + `"}}`, "/lead/title", "at most 200"},
		{schemas.LeadCaptured, "country name", `{"lead":{"email":"a@b.io","country":"Germany"}}`, "/lead/country", "must be "},
		{schemas.LeadCaptured, "negative employees", `{"lead":{"email":"a@b.io"},"company":{"employees":-5}}`, "/company/employees", "at least 0"},
		{schemas.LeadCaptured, "fractional employees", `{"lead":{"email":"a@b.io"},"company":{"employees":2.5}}`, "/company/employees", "must be integer or null, not number"},
		{schemas.LeadCaptured, "revenue string", `{"lead":{"email":"a@b.io"},"company":{"annual_revenue":"40M"}}`, "/company/annual_revenue", "must be number or null"},
		{schemas.LeadCaptured, "domain with path", `{"lead":{"email":"a@b.io"},"company":{"domain":"acme.io/x"}}`, "/company/domain", "must be "},
		{schemas.LeadCaptured, "tech stack item number", `{"lead":{"email":"a@b.io"},"company":{"tech_stack":["slack",3]}}`, "/company/tech_stack/1", "must be string"},
		{schemas.LeadCaptured, "form kind", `{"lead":{"email":"a@b.io"},"form":{"kind":"chat"}}`, "/form/kind", `must be one of "demo_request"`},
		{schemas.TriggerDetected, "no kind", `{"account":{"domain":"acme.io"}}`, "/kind", "is required"},
		{schemas.TriggerDetected, "unknown kind", `{"account":{"domain":"acme.io"},"kind":"ipo"}`, "/kind", "must be one of"},
		{schemas.TriggerDetected, "no domain", `{"account":{},"kind":"tender"}`, "/account/domain", "is required"},
		{schemas.TriggerDetected, "details not an object", `{"account":{"domain":"acme.io"},"kind":"tender","details":[1]}`, "/details", "must be object or null"},
		{schemas.UsageRecorded, "count zero", `{"account":{"domain":"a.io"},"event":"x","count":0}`, "/count", "at least 1"},
		{schemas.UsageRecorded, "count negative", `{"account":{"domain":"a.io"},"event":"x","count":-1}`, "/count", "at least 1"},
		{schemas.UsageRecorded, "count fractional", `{"account":{"domain":"a.io"},"event":"x","count":1.5}`, "/count", "must be integer"},
		{schemas.UsageRecorded, "no event", `{"account":{"domain":"a.io"}}`, "/event", "is required"},
		{schemas.UsageRecorded, "empty event", `{"account":{"domain":"a.io"},"event":""}`, "/event", "at least 1 characters"},
		{schemas.LeadQualified, "missing explanation", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "evaluated_at": "2026-11-06T08:00:00Z", "config_version": "1", "icp": "x", "fit": 100, "grade": "A", "readiness": {"ready": 50, "willing": 71.76, "able": 100}}`, "/explanation", "is required"},
		{schemas.LeadQualified, "bad time", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "evaluated_at": "yesterday", "config_version": "1", "icp": "x", "fit": 100, "grade": "A", "readiness": {"ready": 50, "willing": 71.76, "able": 100}, "explanation": {}}`, "/evaluated_at", "not a valid date-time"},
		{schemas.LeadQualified, "fit over 100", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "evaluated_at": "2026-11-06T08:00:00Z", "config_version": "1", "icp": "x", "fit": 100.5, "grade": "A", "readiness": {"ready": 50, "willing": 71.76, "able": 100}, "explanation": {}}`, "/fit", "at most 100"},
		{schemas.LeadQualified, "grade E", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "evaluated_at": "2026-11-06T08:00:00Z", "config_version": "1", "icp": "x", "fit": 10, "grade": "E", "readiness": {"ready": 50, "willing": 71.76, "able": 100}, "explanation": {}}`, "/grade", "must be one of"},
		{schemas.LeadQualified, "reason belongs to unqualified", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "evaluated_at": "2026-11-06T08:00:00Z", "config_version": "1", "icp": "x", "fit": 10, "grade": "D", "readiness": {"ready": 50, "willing": 71.76, "able": 100}, "explanation": {}, "reason": "x"}`, "/reason", "is not allowed"},
		{schemas.LeadQualified, "upper-case e-mail", `{"lead": {"email": "A@b.io"}, "account": {"domain": "b.io"}, "evaluated_at": "2026-11-06T08:00:00Z", "config_version": "1", "icp": "x", "fit": 10, "grade": "D", "readiness": {"ready": 50, "willing": 71.76, "able": 100}, "explanation": {}}`, "/lead/email", "must be "},
		{schemas.LeadUnqualified, "no reason", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "evaluated_at": "2026-11-06T08:00:00Z", "config_version": "1", "icp": "x", "fit": 10, "grade": "D", "readiness": {"ready": 50, "willing": 71.76, "able": 100}, "explanation": {}}`, "/reason", "is required"},
		{schemas.LeadRouted, "unknown reason", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "queue": "q", "rep": "r", "reason": "lottery", "config_version": "1"}`, "/reason", "must be one of"},
		{schemas.LeadRouted, "queue with a dot", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "queue": "q.x", "rep": "r", "reason": "round_robin", "config_version": "1"}`, "/queue", "must be "},
		{schemas.LeadRouted, "extra field", `{"lead": {"email": "a@b.io"}, "account": {"domain": "b.io"}, "queue": "q", "rep": "r", "reason": "round_robin", "config_version": "1", "fit": 3}`, "/fit", "is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.schema+"/"+tt.name, func(t *testing.T) {
			expectViolation(t, schemas.Validate(tt.schema, doc(t, tt.doc)), tt.pointer, tt.message)
		})
	}
}

// expectViolation asserts vs has a violation at pointer whose message contains message.
func expectViolation(t *testing.T, vs []schemas.Violation, pointer, message string) {
	t.Helper()
	for _, v := range vs {
		if v.Pointer == pointer && strings.Contains(v.Message, message) {
			return
		}
	}
	t.Errorf("want a violation %s: ...%s...; got %v", pointer, message, vs)
}

func TestViolationMessagesDoNotRepeatValues(t *testing.T) {
	vs := schemas.Validate(schemas.LeadCaptured, doc(t, `{"lead":{"email":"secret.person@nowhere","country":"secretland"},"form":{"kind":"secret"}}`))
	if len(vs) == 0 {
		t.Fatal("no violations")
	}
	for _, v := range vs {
		if strings.Contains(v.Message, "secret") {
			t.Errorf("message repeats the value: %v", v)
		}
	}
}

func TestViolationString(t *testing.T) {
	if got := (schemas.Violation{Pointer: "/lead/email", Message: "is required"}).String(); got != "/lead/email: is required" {
		t.Errorf("String() = %q", got)
	}
	if got := (schemas.Violation{Message: "must be object, not array"}).String(); got != "/: must be object, not array" {
		t.Errorf("String() = %q", got)
	}
}

func TestPointersAreEscaped(t *testing.T) {
	vs := schemas.Validate(schemas.Config, map[string]any{"a/b~c": 1})
	expectViolation(t, vs, "/a~1b~0c", "is not allowed")
}

func TestValidateJSON(t *testing.T) {
	vs, err := schemas.ValidateJSON(schemas.UsageRecorded, []byte(`{"account":{"domain":"a.io"},"event":"x","count":100000000000000000000}`))
	if err != nil {
		t.Fatal(err)
	}
	expectViolation(t, vs, "/count", "at most 1000000000")

	if vs, err := schemas.ValidateJSON(schemas.UsageRecorded, []byte(` {"account":{"domain":"a.io"},"event":"x"} `)); err != nil || vs != nil {
		t.Errorf("valid document: %v, %v", vs, err)
	}
	for name, data := range map[string]string{"empty": "", "truncated": `{"a":`, "trailing data": `{} {}`, "trailing garbage": `{}x`} {
		if _, err := schemas.ValidateJSON(schemas.UsageRecorded, []byte(data)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := schemas.ValidateJSON("io.leadq.nope", []byte(`{}`)); !errors.Is(err, schemas.ErrUnknownSchema) {
		t.Errorf("unknown schema: %v", err)
	}
	if vs := schemas.Validate("io.leadq.nope", nil); len(vs) != 1 {
		t.Errorf("Validate of an unknown schema: %v", vs)
	}
}
