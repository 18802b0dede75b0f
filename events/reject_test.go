package events_test

import (
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

// badInput is an input Decode must reject with reason.
type badInput struct {
	name   string
	msg    func(t testing.TB) *nats.Msg
	reason events.Reason
}

// raw builds a message from a payload and optional header pairs.
func raw(payload string, header ...string) func(testing.TB) *nats.Msg {
	return func(testing.TB) *nats.Msg {
		msg := &nats.Msg{Subject: "leadq.in.lead", Data: []byte(payload)}
		if len(header) > 0 {
			msg.Header = nats.Header{}
			for i := 0; i+1 < len(header); i += 2 {
				msg.Header.Add(header[i], header[i+1])
			}
		}
		return msg
	}
}

// sm builds a structured message of typ with attribute overrides and data.
func sm(typ, data string, kv ...string) func(testing.TB) *nats.Msg {
	return func(t testing.TB) *nats.Msg { return structuredMsg(t, with(attrs(typ), kv...), data) }
}

// bm builds a binary message of typ with attribute overrides and data.
func bm(typ, data string, kv ...string) func(testing.TB) *nats.Msg {
	return func(testing.TB) *nats.Msg { return binaryMsg(with(attrs(typ), kv...), data) }
}

const (
	lead  = events.TypeLeadCaptured
	trig  = events.TypeTriggerDetected
	usage = events.TypeUsageRecorded
)

func badInputs() []badInput {
	validJSON := `{"specversion":"1.0","id":"1","source":"s","type":"io.leadq.usage.recorded","time":"2026-11-06T07:00:00Z","data":` + usageData + `}`
	return []badInput{
		// malformed: not JSON, not a CloudEvent 1.0, attributes missing or invalid
		{"empty payload", raw(""), events.ReasonMalformed},
		{"not JSON", raw("hello"), events.ReasonMalformed},
		{"truncated JSON", raw(validJSON[:len(validJSON)-7]), events.ReasonMalformed},
		{"trailing garbage", raw(validJSON + "}"), events.ReasonMalformed},
		{"JSON array", raw(`[` + validJSON + `]`), events.ReasonMalformed},
		{"JSON null", raw(`null`), events.ReasonMalformed},
		{"wrong specversion", sm(usage, usageData, "specversion", "0.3"), events.ReasonMalformed},
		{"missing specversion", sm(usage, usageData, "specversion", ""), events.ReasonMalformed},
		{"numeric specversion", raw(strings.Replace(validJSON, `"1.0"`, `1.0`, 1)), events.ReasonMalformed},
		{"missing id", sm(usage, usageData, "id", ""), events.ReasonMalformed},
		{"blank id", sm(usage, usageData, "id", "  "), events.ReasonMalformed},
		{"numeric id", raw(strings.Replace(validJSON, `"id":"1"`, `"id":1`, 1)), events.ReasonMalformed},
		{"missing source", sm(usage, usageData, "source", ""), events.ReasonMalformed},
		{"invalid source URI reference", sm(usage, usageData, "source", "%zz"), events.ReasonMalformed},
		{"missing type", sm(usage, usageData, "type", ""), events.ReasonMalformed},
		{"missing time", sm(usage, usageData, "time", ""), events.ReasonMalformed},
		{"time without zone", sm(usage, usageData, "time", "2026-11-06T07:00:00"), events.ReasonMalformed},
		{"time not RFC 3339", sm(usage, usageData, "time", "06/11/2026 07:00"), events.ReasonMalformed},
		{"XML data content type", sm(usage, usageData, "datacontenttype", "application/xml"), events.ReasonMalformed},
		{"other JSON-based data content type", sm(usage, usageData, "datacontenttype", "application/ld+json"), events.ReasonMalformed},
		{"unparsable data content type", sm(usage, usageData, "datacontenttype", "application/"), events.ReasonMalformed},
		{"data and data_base64", raw(strings.Replace(validJSON, `"data":`, `"data_base64":"e30=","data":`, 1)), events.ReasonMalformed},
		{"data_base64 not base64", raw(strings.Replace(validJSON, `"data":`+usageData, `"data_base64":"!!"`, 1)), events.ReasonMalformed},
		{"data_base64 not JSON", raw(strings.Replace(validJSON, `"data":`+usageData, `"data_base64":"aGVsbG8="`, 1)), events.ReasonMalformed},
		{"object extension", raw(strings.Replace(validJSON, `"id":"1"`, `"id":"1","ext":{"a":1}`, 1)), events.ReasonMalformed},
		{"invalid extension name", raw(strings.Replace(validJSON, `"id":"1"`, `"id":"1","bad-name":"x"`, 1)), events.ReasonMalformed},
		{"invalid UTF-8 in a structured string", raw(strings.Replace(validJSON, `"id":"1"`, "\"id\":\"1\xff\"", 1)), events.ReasonMalformed},
		{"binary: invalid UTF-8 in the data", bm(usage, strings.Replace(usageData, `"u-381"`, "\"u-\xfe\"", 1)), events.ReasonMalformed},
		{"binary: invalid percent-encoding", bm(usage, usageData, "source", "crm%zz"), events.ReasonMalformed},
		{"binary: truncated percent-encoding", bm(usage, usageData, "source", "crm%4"), events.ReasonMalformed},
		{"binary: percent-encoded invalid UTF-8", bm(usage, usageData, "source", "crm%FF%FE"), events.ReasonMalformed},
		{"binary: raw invalid UTF-8", bm(usage, usageData, "source", "crm\xff"), events.ReasonMalformed},
		{"binary: missing time", bm(usage, usageData, "time", ""), events.ReasonMalformed},
		{"binary: missing specversion", bm(usage, usageData, "specversion", ""), events.ReasonMalformed},
		{"binary: wrong specversion", bm(usage, usageData, "specversion", "0.3"), events.ReasonMalformed},
		{"binary: data not JSON", bm(usage, `{"account":`), events.ReasonMalformed},
		{"binary: text data content type", bm(usage, usageData, "datacontenttype", "text/plain"), events.ReasonMalformed},
		{"binary: XML Content-Type", raw(usageData, "ce-specversion", "1.0", "ce-id", "1", "ce-source", "s",
			"ce-type", usage, "ce-time", "2026-11-06T07:00:00Z", "Content-Type", "application/xml"), events.ReasonMalformed},
		{"binary: repeated ce-id", raw(usageData, "ce-specversion", "1.0", "ce-id", "1", "ce-id", "2", "ce-source", "s",
			"ce-type", usage, "ce-time", "2026-11-06T07:00:00Z"), events.ReasonMalformed},
		{"binary: empty attribute name", raw(usageData, "ce-specversion", "1.0", "ce-id", "1", "ce-source", "s",
			"ce-type", usage, "ce-time", "2026-11-06T07:00:00Z", "ce-", "x"), events.ReasonMalformed},

		// unknown_type
		{"unknown type", sm("com.example.thing", usageData), events.ReasonUnknownType},
		{"output type as input", sm(events.TypeLeadQualified, usageData), events.ReasonUnknownType},
		{"binary: unknown type", bm("io.leadq.lead.deleted", usageData), events.ReasonUnknownType},

		// too_large (checked before parsing, so even garbage is too large)
		{"over 64 KiB", raw(strings.Repeat("x", 64<<10+1)), events.ReasonTooLarge},
		{"binary: over 64 KiB", bm(usage, `{"account":{"domain":"a.io"},"event":"`+strings.Repeat("x", 64<<10)+`"}`), events.ReasonTooLarge},

		// future_time
		{"time 6 minutes ahead", sm(usage, usageData, "time", "2026-11-06T08:06:00Z"), events.ReasonFutureTime},
		{"time next year", sm(lead, leadData, "time", "2027-11-06T08:00:00Z"), events.ReasonFutureTime},
		{"binary: time ahead with offset", bm(usage, usageData, "time", "2026-11-06T09:10:00%2B01:00"), events.ReasonFutureTime},

		// schema: the data fails its JSON Schema or its e-mail/domain is invalid
		{"no data", sm(lead, ""), events.ReasonSchema},
		{"binary: empty data", bm(usage, ""), events.ReasonSchema},
		{"data is an array", sm(lead, `[]`), events.ReasonSchema},
		{"lead without email", sm(lead, `{"lead":{"first_name":"Jane"}}`), events.ReasonSchema},
		{"no lead", sm(lead, `{"company":{"domain":"acme.io"}}`), events.ReasonSchema},
		{"email without @", sm(lead, `{"lead":{"email":"jane.acme.io"}}`), events.ReasonSchema},
		{"email with two @", sm(lead, `{"lead":{"email":"jane@doe@acme.io"}}`), events.ReasonSchema},
		{"email with inner space", sm(lead, `{"lead":{"email":"jane doe@acme.io"}}`), events.ReasonSchema},
		{"email with empty local part", sm(lead, `{"lead":{"email":"@acme.io"}}`), events.ReasonSchema},
		{"email with invalid domain", sm(lead, `{"lead":{"email":"jane@acme..io"}}`), events.ReasonSchema},
		{"email with single-label domain", sm(lead, `{"lead":{"email":"jane@localhost"}}`), events.ReasonSchema},
		{"email as number", sm(lead, `{"lead":{"email":42}}`), events.ReasonSchema},
		{"employees negative", sm(lead, `{"lead":{"email":"a@b.io"},"company":{"employees":-1}}`), events.ReasonSchema},
		{"employees fractional", sm(lead, `{"lead":{"email":"a@b.io"},"company":{"employees":1.5}}`), events.ReasonSchema},
		{"employees as string", sm(lead, `{"lead":{"email":"a@b.io"},"company":{"employees":"300"}}`), events.ReasonSchema},
		{"revenue as string", sm(lead, `{"lead":{"email":"a@b.io"},"company":{"annual_revenue":"40M"}}`), events.ReasonSchema},
		{"tech stack not a list", sm(lead, `{"lead":{"email":"a@b.io"},"company":{"tech_stack":"slack"}}`), events.ReasonSchema},
		{"company domain with underscore", sm(lead, `{"lead":{"email":"a@b.io"},"company":{"domain":"acme_corp.io"}}`), events.ReasonSchema},
		{"company domain is a URL", sm(lead, `{"lead":{"email":"a@b.io"},"company":{"domain":"https://acme.io/"}}`), events.ReasonSchema},
		{"unknown form kind", sm(lead, `{"lead":{"email":"a@b.io"},"form":{"kind":"chat"}}`), events.ReasonSchema},
		{"country not a code", sm(lead, `{"lead":{"email":"a@b.io","country":"Germany"}}`), events.ReasonSchema},
		{"title too long", sm(lead, `{"lead":{"email":"a@b.io","title":"`+strings.Repeat("x", 201)+`"}}`), events.ReasonSchema},
		{"unknown trigger kind", sm(trig, `{"account":{"domain":"acme.io"},"kind":"party"}`), events.ReasonSchema},
		{"trigger without account", sm(trig, `{"kind":"tender"}`), events.ReasonSchema},
		{"trigger account domain invalid", sm(trig, `{"account":{"domain":"-acme.io"},"kind":"tender"}`), events.ReasonSchema},
		{"usage count zero", sm(usage, `{"account":{"domain":"acme.io"},"event":"x","count":0}`), events.ReasonSchema},
		{"usage count negative", sm(usage, `{"account":{"domain":"acme.io"},"event":"x","count":-3}`), events.ReasonSchema},
		{"usage count fractional", sm(usage, `{"account":{"domain":"acme.io"},"event":"x","count":1.5}`), events.ReasonSchema},
		{"usage count as string", bm(usage, `{"account":{"domain":"acme.io"},"event":"x","count":"2"}`), events.ReasonSchema},
		{"usage without event", bm(usage, `{"account":{"domain":"acme.io"},"user":"u"}`), events.ReasonSchema},
		{"usage account without domain", bm(usage, `{"account":{},"event":"x"}`), events.ReasonSchema},
	}
}

func TestDecodeRejectsBadInput(t *testing.T) {
	seen := map[events.Reason]int{}
	for _, tt := range badInputs() {
		t.Run(tt.name, func(t *testing.T) {
			e, err := events.Decode(tt.msg(t), decodeOpts())
			if err == nil {
				t.Fatalf("Decode accepted it: %+v", e)
			}
			rej := rejection(t, err)
			if rej.Reason != tt.reason {
				t.Errorf("reason = %s, want %s (%v)", rej.Reason, tt.reason, err)
			}
			if e != nil {
				t.Errorf("event %+v returned with the error", e)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "events: "+string(tt.reason)+": ") || strings.ContainsAny(msg, "\r\n") {
				t.Errorf("error %q is not one line starting with its reason", msg)
			}
			seen[rej.Reason]++
		})
	}
	for _, r := range events.Reasons() {
		if r != events.ReasonPoison && seen[r] == 0 {
			t.Errorf("no bad input covers reason %s", r)
		}
	}
}

func TestDecodeRejectsANilMessage(t *testing.T) {
	_, err := events.Decode(nil, decodeOpts())
	if rej := rejection(t, err); rej.Reason != events.ReasonMalformed {
		t.Errorf("reason = %s, want malformed", rej.Reason)
	}
}
