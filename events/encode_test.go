package events_test

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"

	"github.com/leadq/leadq/events"
)

var evaluatedAt = time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)

func qualifiedData() events.QualifiedData {
	return events.QualifiedData{
		Lead:          events.LeadSummary{Email: "jane.doe@acme.io", Title: "VP Marketing", Role: "decision_maker"},
		Account:       events.AccountSummary{Domain: "acme.io", Name: "Acme"},
		EvaluatedAt:   evaluatedAt,
		ConfigVersion: "2026-11-22.1",
		ICP:           "midmarket-saas",
		Fit:           100,
		Grade:         "A",
		Readiness:     events.Readiness{Ready: 50, Willing: 71.76, Able: 100},
		Explanation:   json.RawMessage(`{"icp":"midmarket-saas","persona":{"role":"decision_maker"}}`),
	}
}

func sampleOutputs() []events.Output {
	s := events.Subjects{}
	return []events.Output{
		{Type: events.TypeLeadQualified, ID: "q-1", Subject: "acme.io", Time: evaluatedAt,
			TraceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			NATSSubject: s.Qualified(), Data: qualifiedData()},
		{Type: events.TypeLeadRouted, ID: "r-1", Subject: "acme.io", Time: evaluatedAt,
			NATSSubject: s.Routed("sdr-smb-emea"), Data: events.RoutedData{
				Lead: events.LeadSummary{Email: "jane.doe@acme.io"}, Account: events.AccountSummary{Domain: "acme.io"},
				Segment: "smb", Region: "emea", Queue: "sdr-smb-emea", Rep: "ana",
				Reason: events.RouteRoundRobin, ConfigVersion: "2026-11-22.1"}},
		{Type: events.TypeLeadUnqualified, ID: "u-1", Subject: "xn--bcher-kva.example", Time: evaluatedAt.Add(6 * 24 * time.Hour),
			TraceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
			NATSSubject: s.Unqualified(), Data: events.UnqualifiedData{QualifiedData: qualifiedData(), Reason: "readiness.ready below 40"}},
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, out := range sampleOutputs() {
		for _, binary := range []bool{false, true} {
			mode := map[bool]string{false: "structured", true: "binary"}[binary]
			t.Run(out.Type+"/"+mode, func(t *testing.T) {
				msg, err := events.Encode(out, events.EncodeOptions{Binary: binary})
				if err != nil {
					t.Fatalf("Encode: %v", err)
				}
				if msg.Subject != out.NATSSubject || msg.Header.Get("Nats-Msg-Id") != out.ID ||
					msg.Header.Get("traceparent") != out.TraceParent {
					t.Errorf("subject %q, headers %v", msg.Subject, msg.Header)
				}
				wantCT := map[bool]string{false: "application/cloudevents+json", true: "application/json"}[binary]
				if ct := msg.Header.Get("Content-Type"); ct != wantCT {
					t.Errorf("Content-Type = %q, want %q", ct, wantCT)
				}
				got, err := events.DecodeOutput(msg)
				if err != nil {
					t.Fatalf("DecodeOutput: %v", err)
				}
				data := reflect.ValueOf(got.Data).Elem().Interface()
				if !reflect.DeepEqual(data, out.Data) {
					t.Errorf("data = %+v\nwant %+v", data, out.Data)
				}
				got.Data = out.Data
				if !reflect.DeepEqual(got, out) {
					t.Errorf("output = %+v\nwant %+v", got, out)
				}
			})
		}
	}
}

func TestEncodeStructuredIsTheJSONEventFormat(t *testing.T) {
	out := sampleOutputs()[0]
	msg, err := events.Encode(out, events.EncodeOptions{Source: "leadq-eu"})
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	var ce event.Event // parsed by the CloudEvents SDK, not by us
	if err := json.Unmarshal(msg.Data, &ce); err != nil {
		t.Fatalf("sdk-go cannot read the payload: %v", err)
	}
	if err := ce.Validate(); err != nil {
		t.Fatalf("invalid CloudEvent: %v", err)
	}
	if ce.SpecVersion() != "1.0" || ce.ID() != "q-1" || ce.Source() != "leadq-eu" || ce.Type() != events.TypeLeadQualified ||
		ce.Subject() != "acme.io" || !ce.Time().Equal(evaluatedAt) || ce.DataContentType() != "application/json" {
		t.Errorf("attributes: %v", ce)
	}
	if tp, _ := ce.Extensions()["traceparent"].(string); tp != out.TraceParent {
		t.Errorf("traceparent extension = %q", tp)
	}
	var data map[string]any
	if err := ce.DataAs(&data); err != nil || data["evaluated_at"] != "2026-11-06T08:00:00Z" || data["fit"] != 100.0 {
		t.Errorf("data = %v, %v", data, err)
	}
}

func TestEncodeBinaryHeaders(t *testing.T) {
	out := sampleOutputs()[2]
	out.Subject = `Café "Müller"`
	msg, err := events.Encode(out, events.EncodeOptions{Binary: true})
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	want := map[string]string{
		"ce-specversion":     "1.0",
		"ce-id":              "u-1",
		"ce-source":          "leadq",
		"ce-type":            events.TypeLeadUnqualified,
		"ce-time":            "2026-11-12T08:00:00Z",
		"ce-subject":         "Caf%C3%A9%20%22M%C3%BCller%22",
		"ce-datacontenttype": "application/json",
		"ce-traceparent":     out.TraceParent,
	}
	for k, v := range want {
		if got := msg.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if !json.Valid(msg.Data) {
		t.Errorf("payload is not the JSON data: %s", msg.Data)
	}
}

func TestEncodeRejectsIncompleteOutputs(t *testing.T) {
	base := sampleOutputs()[1]
	tests := map[string]func(o *events.Output){
		"no type":          func(o *events.Output) { o.Type = "" },
		"no id":            func(o *events.Output) { o.ID = "" },
		"no time":          func(o *events.Output) { o.Time = time.Time{} },
		"no NATS subject":  func(o *events.Output) { o.NATSSubject = "" },
		"no data":          func(o *events.Output) { o.Data = nil },
		"unencodable":      func(o *events.Output) { o.Data = map[string]any{"x": math.NaN()} },
		"invalid raw JSON": func(o *events.Output) { o.Data = json.RawMessage(`{"a":`) },
	}
	for name, edit := range tests {
		t.Run(name, func(t *testing.T) {
			out := base
			edit(&out)
			if msg, err := events.Encode(out, events.EncodeOptions{}); err == nil {
				t.Errorf("Encode accepted it: %v", msg)
			}
		})
	}
}

func TestDecodeOutputRejectsInputsAndBadData(t *testing.T) {
	if _, err := events.DecodeOutput(structuredMsg(t, attrs(events.TypeLeadCaptured), leadData)); rejection(t, err).Reason != events.ReasonUnknownType {
		t.Errorf("input type: %v", err)
	}
	out := sampleOutputs()[1]
	out.Data = json.RawMessage(`{"lead":{"email":"a@b.io"}}`)
	msg, err := events.Encode(out, events.EncodeOptions{})
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	if _, err := events.DecodeOutput(msg); rejection(t, err).Reason != events.ReasonSchema {
		t.Errorf("incomplete routed data: %v", err)
	}
}

func TestRound2(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{71.7564, 71.76}, {71.754, 71.75}, {50, 50}, {0.005, 0.01}, {-0.001, 0}, {99.999, 100}, {12.245, 12.25},
	}
	for _, tt := range tests {
		if got := events.Round2(tt.in); got != tt.want || math.Signbit(got) != math.Signbit(tt.want) {
			t.Errorf("Round2(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
