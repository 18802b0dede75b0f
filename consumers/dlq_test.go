package consumers_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/events"
)

var schemaRejection = &events.Rejection{Reason: events.ReasonSchema, Err: errors.New("/lead/email: not an e-mail")}

func TestDeadLetterMsg(t *testing.T) {
	payload := bytes.Repeat([]byte("x"), 1000)
	tests := []struct {
		name        string
		header      nats.Header
		maxPayload  int64
		wantHeader  nats.Header // besides leadq-error and leadq-source-subject
		wantPayload int         // bytes kept of payload
	}{
		{
			name:        "keeps payload and headers",
			header:      nats.Header{"ce-id": {"e1"}, "traceparent": {"00-abc-def-01"}, "Nats-Msg-Id": {"e1"}},
			wantHeader:  nats.Header{"ce-id": {"e1"}, "traceparent": {"00-abc-def-01"}, "Nats-Msg-Id": {"e1"}},
			wantPayload: 1000,
		},
		{
			name:        "moves JetStream publish directives aside",
			header:      nats.Header{"Nats-Expected-Stream": {"LEADQ_IN"}, "nats-rollup": {"sub"}, "Nats-TTL": {"1h"}, "Nats-Msg-Id": {"e1"}},
			wantHeader:  nats.Header{"leadq-original-Nats-Expected-Stream": {"LEADQ_IN"}, "leadq-original-nats-rollup": {"sub"}, "leadq-original-Nats-TTL": {"1h"}, "Nats-Msg-Id": {"e1"}},
			wantPayload: 1000,
		},
		{
			name:        "cuts a payload that no longer fits max_payload",
			header:      nats.Header{"ce-id": {"e1"}},
			maxPayload:  600,
			wantHeader:  nats.Header{"ce-id": {"e1"}, consumers.HeaderTruncated: {"1000"}},
			wantPayload: -1, // whatever fits
		},
		{
			name:        "keeps a payload that fits max_payload",
			maxPayload:  2000,
			wantHeader:  nats.Header{},
			wantPayload: 1000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &nats.Msg{Subject: "leadq.in.lead", Header: maps.Clone(tt.header), Data: payload}
			dl := consumers.DeadLetterMsg(in, events.Subjects{}, schemaRejection, tt.maxPayload)
			if dl.Subject != "leadq.dlq.schema" {
				t.Errorf("subject %q, want leadq.dlq.schema", dl.Subject)
			}
			if got := dl.Header.Get(events.HeaderSourceSubject); got != "leadq.in.lead" {
				t.Errorf("%s = %q, want leadq.in.lead", events.HeaderSourceSubject, got)
			}
			if got := dl.Header.Get(events.HeaderError); !strings.Contains(got, "not an e-mail") {
				t.Errorf("%s = %q, want the rejection", events.HeaderError, got)
			}
			if got := withoutDeadLetterHeaders(dl.Header); !sameHeaders(got, tt.wantHeader) {
				t.Errorf("headers %v, want %v", got, tt.wantHeader)
			}
			if !bytes.HasPrefix(payload, dl.Data) || tt.wantPayload >= 0 && len(dl.Data) != tt.wantPayload {
				t.Errorf("payload of %d bytes, want the first %d of the original", len(dl.Data), tt.wantPayload)
			}
			if tt.maxPayload > 0 && int64(len(dl.Data))+encodedHeaderSize(dl.Header) > tt.maxPayload {
				t.Errorf("dead letter of %d+%d bytes exceeds max_payload %d", len(dl.Data), encodedHeaderSize(dl.Header), tt.maxPayload)
			}
			if !sameHeaders(in.Header, tt.header) {
				t.Errorf("the input's headers were modified: %v", in.Header)
			}
		})
	}
}

func TestPoisonWrapsTheLastFailure(t *testing.T) {
	cause := errors.New("redis: connection refused")
	rej := consumers.Poison(10, cause)
	if rej.Reason != events.ReasonPoison || !errors.Is(rej, cause) || !strings.Contains(rej.Error(), "10 deliveries") {
		t.Errorf("Poison(10, cause) = %v (reason %s); want reason poison wrapping cause and naming 10 deliveries", rej, rej.Reason)
	}
}

// TestDeadLetterPublisherRepublishesStoredInputs takes inputs as JetStream
// stored and delivered them and checks each lands on the dead-letter stream.
func TestDeadLetterPublisherRepublishesStoredInputs(t *testing.T) {
	tests := []struct {
		name  string
		input func(*streams) *nats.Msg
		check func(t *testing.T, in *nats.Msg, dl *jetstream.RawStreamMsg)
	}{
		{"binary-mode input with trace context", func(s *streams) *nats.Msg {
			m := nats.NewMsg(s.subjects.Lead() + ".hubspot")
			m.Header.Set("ce-specversion", "1.0")
			m.Header.Set("ce-id", "e-1")
			m.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			m.Data = []byte(`{"lead":{"email":"nope"}}`)
			return m
		}, unchanged},
		{"input published with expected stream and sequence", func(s *streams) *nats.Msg {
			m := nats.NewMsg(s.subjects.Usage())
			m.Header.Set(jetstream.ExpectedStreamHeader, s.names.In)
			m.Header.Set(jetstream.ExpectedLastSeqHeader, "0")
			m.Data = []byte(`{"specversion":"1.0"}`)
			return m
		}, func(t *testing.T, in *nats.Msg, dl *jetstream.RawStreamMsg) {
			if !bytes.Equal(dl.Data, in.Data) {
				t.Errorf("payload %q, want %q", dl.Data, in.Data)
			}
			for _, h := range []string{jetstream.ExpectedStreamHeader, jetstream.ExpectedLastSeqHeader} {
				if got, want := dl.Header.Get(consumers.HeaderOriginalPrefix+h), in.Header.Get(h); got != want {
					t.Errorf("%s%s = %q, want %q", consumers.HeaderOriginalPrefix, h, got, want)
				}
			}
		}},
		{"input of the server's max payload", func(s *streams) *nats.Msg {
			return &nats.Msg{Subject: s.subjects.Trigger(), Data: bytes.Repeat([]byte("{"), int(s.Conn.MaxPayload()))}
		}, func(t *testing.T, in *nats.Msg, dl *jetstream.RawStreamMsg) {
			if got, want := dl.Header.Get(consumers.HeaderTruncated), strconv.Itoa(len(in.Data)); got != want {
				t.Errorf("%s = %q, want %q", consumers.HeaderTruncated, got, want)
			}
			if len(dl.Data) == 0 || !bytes.HasPrefix(in.Data, dl.Data) {
				t.Errorf("payload of %d bytes is not a prefix of the input", len(dl.Data))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStreams(t)
			in := tt.input(s)
			s.publish(t, in)
			delivered := fetchOne(t, s.consumer(t, 1))

			pub := consumers.NewDeadLetterPublisher(s.JS, s.cfg)
			ack, err := pub.Publish(testContext(t), natsMsg(delivered), schemaRejection)
			if err != nil {
				t.Fatal(err)
			}
			if ack.Stream != s.names.DLQ {
				t.Errorf("dead letter stored in %s, want %s", ack.Stream, s.names.DLQ)
			}
			dls := s.stored(t, s.names.DLQ)
			if len(dls) != 1 {
				t.Fatalf("%d dead letters, want 1", len(dls))
			}
			if dls[0].Subject != s.subjects.DLQ(events.ReasonSchema) {
				t.Errorf("dead letter on %s, want %s", dls[0].Subject, s.subjects.DLQ(events.ReasonSchema))
			}
			if got := dls[0].Header.Get(events.HeaderSourceSubject); got != in.Subject {
				t.Errorf("%s = %q, want %q", events.HeaderSourceSubject, got, in.Subject)
			}
			tt.check(t, in, dls[0])
		})
	}
}

func unchanged(t *testing.T, in *nats.Msg, dl *jetstream.RawStreamMsg) {
	t.Helper()
	if !bytes.Equal(dl.Data, in.Data) {
		t.Errorf("payload %q, want %q", dl.Data, in.Data)
	}
	if got := withoutDeadLetterHeaders(dl.Header); !sameHeaders(got, in.Header) {
		t.Errorf("headers %v, want %v and the dead-letter headers", dl.Header, in.Header)
	}
}

func TestDeadLetterPublisherDropsARepublishedDeadLetter(t *testing.T) {
	s := newStreams(t)
	in := nats.NewMsg(s.subjects.Lead())
	in.Header.Set(jetstream.MsgIDHeader, "hubspot/e-7")
	in.Data = []byte(`not json`)
	rej := &events.Rejection{Reason: events.ReasonMalformed, Err: errors.New("invalid character")}
	pub := consumers.NewDeadLetterPublisher(s.JS, s.cfg)

	first, err := pub.Publish(testContext(t), in, rej)
	if err != nil {
		t.Fatal(err)
	}
	again, err := pub.Publish(testContext(t), in, rej) // as after a crash before Term
	if err != nil {
		t.Fatal(err)
	}
	if first.Duplicate || !again.Duplicate {
		t.Errorf("first duplicate=%v, again duplicate=%v; want only the second dropped", first.Duplicate, again.Duplicate)
	}
	if n := len(s.stored(t, s.names.DLQ)); n != 1 {
		t.Errorf("%d dead letters, want 1", n)
	}
}

func TestDeadLetterPublisherFailsWithoutDeadLetterStream(t *testing.T) {
	s := newStreams(t)
	if err := s.JS.DeleteStream(testContext(t), s.names.DLQ); err != nil {
		t.Fatal(err)
	}
	in := &nats.Msg{Subject: s.subjects.Lead(), Data: []byte(`{}`)}
	_, err := consumers.NewDeadLetterPublisher(s.JS, s.cfg).Publish(testContext(t), in, schemaRejection)
	if !errors.Is(err, jetstream.ErrNoStreamResponse) {
		t.Fatalf("Publish with no dead-letter stream = %v, want ErrNoStreamResponse (so the input is retried, not terminated)", err)
	}
}

// encodedHeaderSize is the size of h on the wire, as nats.go encodes it.
func encodedHeaderSize(h nats.Header) int64 {
	n := int64(len("NATS/1.0\r\n\r\n"))
	for k, vs := range h {
		for _, v := range vs {
			n += int64(len(fmt.Sprintf("%s: %s\r\n", k, v)))
		}
	}
	return n
}
