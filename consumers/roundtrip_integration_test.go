package consumers_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/events"
)

const traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

// ceInput is an input event as a producer sends it: its attributes, and its
// data as JSON exactly as written.
type ceInput struct {
	typ     string
	subject func(events.Subjects) string
	data    string
	want    any // the decoded data: *LeadCaptured, *TriggerDetected or *UsageRecorded
}

func ptr[T any](v T) *T { return &v }

var inputs = []ceInput{
	{
		typ: events.TypeLeadCaptured, subject: events.Subjects.Lead,
		data: `{"lead":{"email":" Jane.Doe@Acme.IO ","first_name":"Jane","last_name":"Doe","title":"VP Marketing","department":"marketing","country":"DE"},` +
			`"company":{"domain":"WWW.Acme.io.","name":"Acme","industry":"software","employees":300,"annual_revenue":40000000,"country":"DE",` +
			`"growth_stage":"scaleup","business_model":"b2b","tech_stack":["slack","notion"]},"form":{"id":"f-12","kind":"demo_request","url":"https://acme.example/demo"}}`,
		want: &events.LeadCaptured{
			Lead: events.Person{Email: "jane.doe@acme.io", FirstName: "Jane", LastName: "Doe", Title: "VP Marketing", Department: "marketing", Country: "DE"},
			Company: &events.Company{Domain: "acme.io", Name: "Acme", Industry: "software", Employees: ptr(int64(300)), AnnualRevenue: ptr(40e6),
				Country: "DE", GrowthStage: "scaleup", BusinessModel: "b2b", TechStack: []string{"slack", "notion"}},
			Form: &events.Form{ID: "f-12", Kind: "demo_request", URL: "https://acme.example/demo"},
		},
	},
	{
		typ: events.TypeTriggerDetected, subject: events.Subjects.Trigger,
		data: `{"account":{"domain":"acme.io"},"kind":"funding_round","company":{"annual_revenue":60000000,"growth_stage":"scaleup"},` +
			`"details":{"amount":25000000,"round":"B"},"source_url":"https://news.example/acme-b"}`,
		want: &events.TriggerDetected{
			Account: events.AccountRef{Domain: "acme.io"}, Kind: "funding_round",
			Company: &events.Company{AnnualRevenue: ptr(60e6), GrowthStage: "scaleup"},
			Details: map[string]any{"amount": 25e6, "round": "B"}, SourceURL: "https://news.example/acme-b",
		},
	},
	{
		typ: events.TypeUsageRecorded, subject: events.Subjects.Usage,
		data: `{"account":{"domain":"bücher.example"},"user":"u-381","event":"report.exported","count":3}`,
		want: &events.UsageRecorded{Account: events.AccountRef{Domain: "xn--bcher-kva.example"}, User: "u-381", Event: "report.exported", Count: 3},
	},
}

// Attributes every input carries. The id needs percent-encoding in binary
// mode: a non-ASCII letter and a space.
var (
	inputSource = "https://crm.example/hubspot?portal=eu"
	inputTime   = time.Date(2026, 11, 6, 7, 0, 0, 123e6, time.UTC)
)

func inputID(mode string) string { return "évt 1-" + mode }

// structuredInput is in the JSON event format with the traceparent extension.
func structuredInput(s events.Subjects, in ceInput, id string) *nats.Msg {
	doc, _ := json.Marshal(map[string]any{
		"specversion": "1.0", "id": id, "source": inputSource, "type": in.typ,
		"time": inputTime.Format(time.RFC3339Nano), "datacontenttype": "application/json",
		"traceparent": traceParent, "data": json.RawMessage(in.data),
	})
	m := nats.NewMsg(in.subject(s))
	m.Header.Set("Content-Type", "application/cloudevents+json")
	m.Data = doc
	return m
}

// binaryInput has one percent-encoded ce- header per attribute.
func binaryInput(s events.Subjects, in ceInput, id string) *nats.Msg {
	m := nats.NewMsg(in.subject(s))
	m.Header.Set("ce-specversion", "1.0")
	m.Header.Set("ce-id", strings.NewReplacer("é", "%C3%A9", " ", "%20").Replace(id))
	m.Header.Set("ce-source", inputSource)
	m.Header.Set("ce-type", in.typ)
	m.Header.Set("ce-time", "2026-11-06T07:00:00.123Z")
	m.Header.Set("ce-datacontenttype", "application/json")
	m.Header.Set("ce-traceparent", traceParent)
	m.Data = []byte(in.data)
	return m
}

func TestIntegrationInputRoundTrip(t *testing.T) {
	modes := []struct {
		name  string
		build func(events.Subjects, ceInput, string) *nats.Msg
	}{{"structured", structuredInput}, {"binary", binaryInput}}
	for _, in := range inputs {
		for _, mode := range modes {
			t.Run(in.typ+"/"+mode.name, func(t *testing.T) {
				t.Parallel()
				s := newStreams(t)
				id := inputID(mode.name)
				sent := mode.build(s.subjects, in, id)
				s.publish(t, sent)

				m := fetchOne(t, s.consumer(t, 1))
				ev, err := events.Decode(natsMsg(m), events.DecodeOptions{Now: benchNow})
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if err := m.DoubleAck(testContext(t)); err != nil {
					t.Fatal(err)
				}
				if ev.ID != id || ev.Source != inputSource || ev.Type != in.typ || !ev.Time.Equal(inputTime) || ev.TraceParent != traceParent {
					t.Errorf("attributes id=%q source=%q type=%q time=%v traceparent=%q; want %q %q %q %v %q",
						ev.ID, ev.Source, ev.Type, ev.Time, ev.TraceParent, id, inputSource, in.typ, inputTime, traceParent)
				}
				if got := decodedData(ev); !reflect.DeepEqual(got, in.want) {
					t.Errorf("data\n got %s\nwant %s", jsonString(got), jsonString(in.want))
				}
				if m.Subject() != sent.Subject || string(m.Data()) != string(sent.Data) {
					t.Errorf("delivered %s %q, want %s %q", m.Subject(), m.Data(), sent.Subject, sent.Data)
				}
			})
		}
	}
}

func decodedData(ev *events.Event) any {
	switch {
	case ev.Lead != nil:
		return ev.Lead
	case ev.Trigger != nil:
		return ev.Trigger
	case ev.Usage != nil:
		return ev.Usage
	}
	return nil
}

// sameJSON reports whether a and b encode to the same JSON value (object keys
// in any order: the explanation is an object whose keys may be re-ordered).
func sameJSON(t *testing.T, a, b any) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal([]byte(jsonString(a)), &va); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(jsonString(b)), &vb); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(va, vb)
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func outputs(s events.Subjects) []events.Output {
	at := time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)
	qualified := events.QualifiedData{
		Lead:    events.LeadSummary{Email: "jane.doe@acme.io", Title: "VP Marketing", Role: "decision_maker"},
		Account: events.AccountSummary{Domain: "acme.io", Name: "Acme"}, EvaluatedAt: at, ConfigVersion: "2026-11-22.1",
		ICP: "midmarket-saas", Fit: 100, Grade: "A", Readiness: events.Readiness{Ready: 50, Willing: 71.76, Able: 100},
		Explanation: json.RawMessage(`{"icp":"midmarket-saas","fit":100}`),
	}
	return []events.Output{
		{Type: events.TypeLeadQualified, ID: "q-acme-jane-1", Subject: "acme.io", Time: at, TraceParent: traceParent,
			NATSSubject: s.Qualified(), Data: qualified},
		{Type: events.TypeLeadRouted, ID: "r-acme-jane-1", Subject: "acme.io", Time: at, TraceParent: traceParent,
			NATSSubject: s.Routed("sdr-smb-emea"), Data: events.RoutedData{
				Lead: events.LeadSummary{Email: "jane.doe@acme.io"}, Account: events.AccountSummary{Domain: "acme.io"},
				Segment: "smb", Region: "emea", Queue: "sdr-smb-emea", Rep: "ana", Reason: events.RouteRoundRobin, ConfigVersion: "2026-11-22.1"}},
		{Type: events.TypeLeadUnqualified, ID: "u-acme-jane-2", Subject: "acme.io", Time: at.Add(150 * time.Hour),
			NATSSubject: s.Unqualified(), Data: events.UnqualifiedData{QualifiedData: qualified, Reason: "readiness.ready below 40"}},
	}
}

func TestIntegrationOutputRoundTrip(t *testing.T) {
	for i := range outputs(events.Subjects{}) {
		for _, binary := range []bool{false, true} {
			mode := map[bool]string{false: "structured", true: "binary"}[binary]
			t.Run(outputs(events.Subjects{})[i].Type+"/"+mode, func(t *testing.T) {
				t.Parallel()
				s := newStreams(t)
				out := outputs(s.subjects)[i]
				msg, err := events.Encode(out, events.EncodeOptions{Binary: binary})
				if err != nil {
					t.Fatal(err)
				}
				first := s.publish(t, msg)
				again := s.publish(t, msg) // a re-publish after a crash: dropped by Nats-Msg-Id
				if first.Stream != s.names.Out || first.Duplicate || !again.Duplicate {
					t.Errorf("publish acks %+v then %+v; want stream %s, the second a duplicate", first, again, s.names.Out)
				}

				stored := s.stored(t, s.names.Out)
				if len(stored) != 1 {
					t.Fatalf("%d messages in %s, want 1", len(stored), s.names.Out)
				}
				got, err := events.DecodeOutput(&nats.Msg{Subject: stored[0].Subject, Header: stored[0].Header, Data: stored[0].Data})
				if err != nil {
					t.Fatalf("DecodeOutput: %v", err)
				}
				if data := reflect.ValueOf(got.Data).Elem().Interface(); !sameJSON(t, data, out.Data) {
					t.Errorf("data\n got %s\nwant %s", jsonString(data), jsonString(out.Data))
				}
				got.Data = out.Data
				if !reflect.DeepEqual(got, out) {
					t.Errorf("output\n got %+v\nwant %+v", got, out)
				}
				if id := stored[0].Header.Get(jetstream.MsgIDHeader); id != out.ID {
					t.Errorf("Nats-Msg-Id %q, want %q", id, out.ID)
				}
			})
		}
	}
}
