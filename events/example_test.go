package events_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

func ExampleDecode() {
	msg := &nats.Msg{
		Subject: "leadq.in.lead.hubspot",
		Data: []byte(`{"specversion":"1.0","id":"evt-1","source":"hubspot",
			"type":"io.leadq.lead.captured","time":"2026-11-06T07:00:00Z",
			"data":{"lead":{"email":" Jane.Doe@WWW.Acme.io ","title":"VP Marketing"},
			        "form":{"kind":"demo_request"}}}`),
	}
	opts := events.DecodeOptions{Now: time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)}
	e, err := events.Decode(msg, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Type, e.Time.Format(time.RFC3339))
	fmt.Println(e.Lead.Lead.Email, e.Account(), e.Lead.Form.Kind)

	_, err = events.Decode(&nats.Msg{Data: []byte(`{"specversion":"1.0"`)}, opts)
	var rej *events.Rejection
	if errors.As(err, &rej) {
		fmt.Println(events.Subjects{}.DLQ(rej.Reason))
	}
	// Output:
	// io.leadq.lead.captured 2026-11-06T07:00:00Z
	// jane.doe@www.acme.io acme.io demo_request
	// leadq.dlq.malformed
}

func ExampleDecode_binary() {
	msg := &nats.Msg{
		Subject: "leadq.in.usage",
		Header: nats.Header{
			"ce-specversion": {"1.0"},
			"ce-id":          {"u-17"},
			"ce-source":      {"analytics"},
			"ce-type":        {"io.leadq.usage.recorded"},
			"ce-time":        {"2026-11-05T12:00:00Z"},
			"ce-traceparent": {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
		},
		Data: []byte(`{"account":{"domain":"Bücher.example"},"user":"u1","event":"report.exported"}`),
	}
	e, err := events.Decode(msg, events.DecodeOptions{Now: time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Account(), e.Usage.User, e.Usage.Event, e.Usage.Count)
	fmt.Println(e.TraceParent)
	// Output:
	// xn--bcher-kva.example u1 report.exported 1
	// 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
}

func ExampleEncode() {
	at := time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)
	msg, err := events.Encode(events.Output{
		Type:        events.TypeLeadRouted,
		ID:          "r-acme.io-1",
		Subject:     "acme.io",
		Time:        at,
		NATSSubject: events.Subjects{}.Routed("sdr-smb-emea"),
		Data: events.RoutedData{
			Lead:    events.LeadSummary{Email: "jane.doe@acme.io"},
			Account: events.AccountSummary{Domain: "acme.io"},
			Segment: "smb", Region: "emea", Queue: "sdr-smb-emea", Rep: "ana",
			Reason: events.RouteRoundRobin, ConfigVersion: "2026-11-22.1",
		},
	}, events.EncodeOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(msg.Subject)
	fmt.Println(msg.Header.Get("Nats-Msg-Id"), msg.Header.Get("Content-Type"))
	fmt.Println(string(msg.Data))
	// Output:
	// leadq.out.routed.sdr-smb-emea
	// r-acme.io-1 application/cloudevents+json
	// {"specversion":"1.0","id":"r-acme.io-1","source":"leadq","type":"io.leadq.lead.routed","subject":"acme.io","datacontenttype":"application/json","time":"2026-11-06T08:00:00Z","data":{"lead":{"email":"jane.doe@acme.io"},"account":{"domain":"acme.io"},"segment":"smb","region":"emea","queue":"sdr-smb-emea","rep":"ana","reason":"round_robin","config_version":"2026-11-22.1"}}
}

func ExampleDeadLetter() {
	in := &nats.Msg{Subject: "leadq.in.lead", Data: []byte(`{"oops"`)}
	_, err := events.Decode(in, events.DecodeOptions{})
	var rej *events.Rejection
	if !errors.As(err, &rej) {
		return
	}
	dl := events.DeadLetter(in, events.Subjects{}, rej)
	fmt.Println(dl.Subject, string(dl.Data))
	fmt.Println(dl.Header.Get("leadq-source-subject"))
	fmt.Println(dl.Header.Get("leadq-error"))
	// Output:
	// leadq.dlq.malformed {"oops"
	// leadq.in.lead
	// events: malformed: payload is not a JSON event: unexpected end of JSON input
}
