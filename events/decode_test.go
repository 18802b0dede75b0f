package events_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

func TestDecodeAcceptsEveryInputTypeInBothModes(t *testing.T) {
	employees, revenue := int64(300), 40000000.0
	tests := []struct {
		typ, data string
		check     func(t *testing.T, e *events.Event)
	}{
		{events.TypeLeadCaptured, leadData, func(t *testing.T, e *events.Event) {
			want := &events.LeadCaptured{
				Lead: events.Person{Email: "jane.doe@acme.io", FirstName: "Jane", LastName: "Doe",
					Title: "VP Marketing", Department: "marketing", Country: "DE"},
				Company: &events.Company{Domain: "acme.io", Name: "Acme", Industry: "software",
					Employees: &employees, AnnualRevenue: &revenue, Country: "DE", GrowthStage: "scaleup",
					BusinessModel: "b2b", TechStack: []string{"slack", "notion"}},
				Form: &events.Form{ID: "f-12", Kind: "demo_request", URL: "https://acme.example/demo"},
			}
			if !reflect.DeepEqual(e.Lead, want) {
				t.Errorf("Lead = %+v, want %+v", e.Lead, want)
			}
		}},
		{events.TypeTriggerDetected, triggerData, func(t *testing.T, e *events.Event) {
			tr := e.Trigger
			if tr.Account.Domain != "acme.io" || tr.Kind != "funding_round" || tr.SourceURL != "https://news.example/acme-b" {
				t.Errorf("Trigger = %+v", tr)
			}
			if tr.Company == nil || tr.Company.AnnualRevenue == nil || *tr.Company.AnnualRevenue != 6e7 || tr.Company.Employees != nil {
				t.Errorf("Trigger.Company = %+v", tr.Company)
			}
			if tr.Details["round"] != "B" {
				t.Errorf("Trigger.Details = %v", tr.Details)
			}
		}},
		{events.TypeUsageRecorded, usageData, func(t *testing.T, e *events.Event) {
			want := &events.UsageRecorded{Account: events.AccountRef{Domain: "acme.io"}, User: "u-381", Event: "report.exported", Count: 1}
			if !reflect.DeepEqual(e.Usage, want) {
				t.Errorf("Usage = %+v, want %+v", e.Usage, want)
			}
		}},
	}
	for _, tt := range tests {
		modes := map[string]*nats.Msg{
			"structured": structuredMsg(t, with(attrs(tt.typ), "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), tt.data),
			"binary":     binaryMsg(with(attrs(tt.typ), "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), tt.data),
		}
		for mode, msg := range modes {
			t.Run(tt.typ+"/"+mode, func(t *testing.T) {
				e, err := events.Decode(msg, decodeOpts())
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if e.ID != "evt-1" || e.Source != "hubspot" || e.Type != tt.typ || !e.Time.Equal(now.Add(-3600e9)) {
					t.Errorf("attributes = %q %q %q %v", e.ID, e.Source, e.Type, e.Time)
				}
				if e.TraceParent != "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" {
					t.Errorf("TraceParent = %q", e.TraceParent)
				}
				if got := e.Account(); got != "acme.io" {
					t.Errorf("Account() = %q, want acme.io", got)
				}
				if n := countData(e); n != 1 {
					t.Errorf("%d data pointers set, want 1", n)
				}
				if e.CE.ID() != "evt-1" || e.CE.Type() != tt.typ {
					t.Errorf("CE = %v", e.CE)
				}
				tt.check(t, e)
			})
		}
	}
}

func countData(e *events.Event) int {
	n := 0
	if e.Lead != nil {
		n++
	}
	if e.Trigger != nil {
		n++
	}
	if e.Usage != nil {
		n++
	}
	return n
}

func TestDecodeResolvesTheAccountOfALead(t *testing.T) {
	tests := []struct {
		name, data, email, account string
	}{
		{"company domain wins", `{"lead":{"email":"jane@gmail.com"},"company":{"domain":"WWW.Acme.IO."}}`, "jane@gmail.com", "acme.io"},
		{"e-mail domain without company", `{"lead":{"email":" Jane.Doe@Acme.IO "}}`, "jane.doe@acme.io", "acme.io"},
		{"e-mail domain with www", `{"lead":{"email":"jane@www.acme.io"},"company":{"name":"Acme"}}`, "jane@www.acme.io", "acme.io"},
		{"free-mail lead has no account", `{"lead":{"email":"Jane@GMail.com"}}`, "jane@gmail.com", ""},
		{"free-mail country variant", `{"lead":{"email":"jane@yahoo.co.uk"},"company":{"domain":null}}`, "jane@yahoo.co.uk", ""},
		{"internationalised e-mail domain", `{"lead":{"email":"jörg@Bücher.example"}}`, "jörg@xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"null optional fields", `{"lead":{"email":"a@b.io","title":null},"company":null,"form":null}`, "a@b.io", "b.io"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := events.Decode(structuredMsg(t, attrs(events.TypeLeadCaptured), tt.data), decodeOpts())
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if e.Lead.Lead.Email != tt.email {
				t.Errorf("email = %q, want %q", e.Lead.Lead.Email, tt.email)
			}
			if got := e.Account(); got != tt.account {
				t.Errorf("Account() = %q, want %q", got, tt.account)
			}
		})
	}
}

func TestDecodeAppliesDefaults(t *testing.T) {
	e, err := events.Decode(structuredMsg(t, attrs(events.TypeLeadCaptured), `{"lead":{"email":"a@b.io"},"form":{"id":"f"}}`), decodeOpts())
	if err != nil {
		t.Fatalf("Decode lead: %v", err)
	}
	if e.Lead.Form.Kind != events.FormKindOther {
		t.Errorf("form kind = %q, want other", e.Lead.Form.Kind)
	}
	e, err = events.Decode(binaryMsg(attrs(events.TypeUsageRecorded), `{"account":{"domain":"b.io"},"event":"x"}`), decodeOpts())
	if err != nil {
		t.Fatalf("Decode usage: %v", err)
	}
	if e.Usage.Count != 1 {
		t.Errorf("count = %d, want 1", e.Usage.Count)
	}
}

func TestDecodeUsesTheGivenFreeMailList(t *testing.T) {
	opts := decodeOpts()
	opts.FreeMail = events.NewFreeMail("Corp-Mail.example")
	msg := structuredMsg(t, attrs(events.TypeLeadCaptured), `{"lead":{"email":"a@corp-mail.example"}}`)
	e, err := events.Decode(msg, opts)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if e.Account() != "" {
		t.Errorf("Account() = %q, want none for a listed free-mail domain", e.Account())
	}
	gmail := structuredMsg(t, attrs(events.TypeLeadCaptured), `{"lead":{"email":"a@gmail.com"}}`)
	if e, err = events.Decode(gmail, opts); err != nil || e.Account() != "gmail.com" {
		t.Errorf("with a custom list gmail.com is an account: %v, %v", e, err)
	}
}

func TestDecodeBinaryModeDetails(t *testing.T) {
	tests := []struct {
		name   string
		header nats.Header
		check  func(t *testing.T, e *events.Event)
	}{
		{"percent-encoded values are decoded", nats.Header{"ce-subject": {"Caf%C3%A9%20%22M%C3%BCller%22%25"}}, func(t *testing.T, e *events.Event) {
			if got := e.CE.Subject(); got != `Café "Müller"%` {
				t.Errorf("Subject = %q", got)
			}
		}},
		{"header names are case-insensitive", nats.Header{"Ce-Subject": {"acme.io"}}, func(t *testing.T, e *events.Event) {
			if e.CE.Subject() != "acme.io" {
				t.Errorf("Subject = %q", e.CE.Subject())
			}
		}},
		{"JSON datacontenttype with parameters", nats.Header{"ce-datacontenttype": {"application/json; charset=utf-8"}}, nil},
		{"Content-Type application/json", nats.Header{"Content-Type": {"application/json"}}, nil},
		{"plain traceparent header", nats.Header{"traceparent": {"00-aa-bb-01"}}, func(t *testing.T, e *events.Event) {
			if e.TraceParent != "00-aa-bb-01" {
				t.Errorf("TraceParent = %q", e.TraceParent)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := binaryMsg(attrs(events.TypeUsageRecorded), usageData)
			for k, v := range tt.header {
				msg.Header[k] = v
			}
			e, err := events.Decode(msg, decodeOpts())
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if tt.check != nil {
				tt.check(t, e)
			}
		})
	}
}

func TestDecodeStructuredModeDetails(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		header  nats.Header
	}{
		{"content type marks structured mode despite ce- headers",
			`{"specversion":"1.0","id":"1","source":"s","type":"io.leadq.usage.recorded","time":"2026-11-06T07:00:00Z","data":` + usageData + `}`,
			nats.Header{"Content-Type": {"application/cloudevents+json; charset=UTF-8"}, "ce-id": {"ignored"}}},
		{"data_base64 holding JSON",
			`{"specversion":"1.0","id":"1","source":"s","type":"io.leadq.usage.recorded","time":"2026-11-06T07:00:00Z","datacontenttype":"application/json","data_base64":"eyJhY2NvdW50Ijp7ImRvbWFpbiI6ImFjbWUuaW8ifSwiZXZlbnQiOiJ4In0="}`,
			nil},
		{"fractional seconds and offset time",
			`{"specversion":"1.0","id":"1","source":"s","type":"io.leadq.usage.recorded","time":"2026-11-06T09:00:00.123456+02:00","data":` + usageData + `}`,
			nil},
		{"integer and boolean extensions",
			`{"specversion":"1.0","id":"1","source":"s","type":"io.leadq.usage.recorded","time":"2026-11-06T07:00:00Z","sequence":7,"replayed":true,"data":` + usageData + `}`,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := events.Decode(&nats.Msg{Header: tt.header, Data: []byte(tt.payload)}, decodeOpts())
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if e.Usage == nil || e.Usage.Account.Domain != "acme.io" {
				t.Errorf("Usage = %+v", e.Usage)
			}
		})
	}
}

func TestDecodeAcceptsTheLimits(t *testing.T) {
	msg := structuredMsg(t, with(attrs(events.TypeUsageRecorded), "time", "2026-11-06T08:05:00Z"), usageData)
	opts := decodeOpts()
	opts.MaxSize = len(msg.Data)
	if _, err := events.Decode(msg, opts); err != nil {
		t.Errorf("payload of exactly MaxSize, time exactly MaxFuture ahead: %v", err)
	}
}

func TestRejectionMessagesAreOneLineWithoutEmailAddresses(t *testing.T) {
	bad := []string{
		`{"lead":{"email":"jane.doe@-acme.io"}}`,
		`{"lead":{"email":"jane.doe@acme.io@x.io"}}`,
		`{"lead":{"email":"jane.doe@acme.io","country":"Germany"},"company":{"employees":"many"}}`,
	}
	for _, data := range bad {
		_, err := events.Decode(structuredMsg(t, attrs(events.TypeLeadCaptured), data), decodeOpts())
		rej := rejection(t, err)
		if rej.Reason != events.ReasonSchema {
			t.Errorf("%s: reason %s, want schema", data, rej.Reason)
		}
		if msg := err.Error(); strings.Contains(msg, "jane") || strings.ContainsAny(msg, "\r\n") {
			t.Errorf("message %q leaks the address or spans lines", msg)
		}
	}
}

func TestDecodeIsSafeForConcurrentUse(t *testing.T) {
	msgs := []*nats.Msg{
		structuredMsg(t, attrs(events.TypeLeadCaptured), leadData),
		binaryMsg(attrs(events.TypeTriggerDetected), triggerData),
		structuredMsg(t, attrs(events.TypeUsageRecorded), `{"account":{"domain":"acme.io"},"event":"x","count":0}`),
	}
	errs := make(chan error, 8)
	for g := 0; g < cap(errs); g++ {
		go func() {
			var err error
			for i := 0; i < 50 && err == nil; i++ {
				_, err = events.Decode(msgs[i%2], decodeOpts())
				if _, bad := events.Decode(msgs[2], decodeOpts()); bad == nil {
					err = errors.New("bad usage accepted")
				}
			}
			errs <- err
		}()
	}
	for g := 0; g < cap(errs); g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
