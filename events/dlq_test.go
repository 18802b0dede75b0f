package events_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

func TestDeadLetterKeepsTheOriginal(t *testing.T) {
	orig := &nats.Msg{
		Subject: "leadq.in.lead.hubspot",
		Header:  nats.Header{"ce-id": {"1"}, "X-Multi": {"a", "b"}, "Nats-Msg-Id": {"m-1"}},
		Data:    []byte("not json\x00\xff"),
	}
	before := &nats.Msg{Subject: orig.Subject, Header: nats.Header{}, Data: bytes.Clone(orig.Data)}
	for k, v := range orig.Header {
		before.Header[k] = append([]string(nil), v...)
	}
	_, err := events.Decode(orig, decodeOpts())
	rej := rejection(t, err)

	dl := events.DeadLetter(orig, events.Subjects{}, rej)

	if dl.Subject != "leadq.dlq.malformed" {
		t.Errorf("subject = %q", dl.Subject)
	}
	if !bytes.Equal(dl.Data, before.Data) {
		t.Errorf("data = %q, want the original bytes", dl.Data)
	}
	for k, v := range before.Header {
		if !reflect.DeepEqual(dl.Header[k], v) {
			t.Errorf("header %s = %q, want %q", k, dl.Header[k], v)
		}
	}
	if got := dl.Header.Get(events.HeaderSourceSubject); got != "leadq.in.lead.hubspot" {
		t.Errorf("leadq-source-subject = %q", got)
	}
	if got := dl.Header.Get(events.HeaderError); got != rej.Error() || !strings.HasPrefix(got, "events: malformed: ") {
		t.Errorf("leadq-error = %q, want %q", got, rej.Error())
	}
	if len(dl.Header) != len(before.Header)+2 {
		t.Errorf("headers = %v, want the original plus two", dl.Header)
	}
	if !reflect.DeepEqual(orig.Header, before.Header) || orig.Subject != before.Subject {
		t.Errorf("the original message was modified: %v", orig)
	}
	dl.Header["X-Multi"][0] = "changed"
	if orig.Header["X-Multi"][0] != "a" {
		t.Error("the dead letter shares header slices with the original")
	}
}

func TestDeadLetterErrorIsOneBoundedLine(t *testing.T) {
	rej := &events.Rejection{Reason: events.ReasonPoison, Err: errors.New("line one\nline two\r" + strings.Repeat("x", 2000))}
	dl := events.DeadLetter(&nats.Msg{Subject: "leadq.in.usage"}, events.Subjects{Prefix: "acme.leadq"}, rej)
	if dl.Subject != "acme.leadq.dlq.poison" {
		t.Errorf("subject = %q", dl.Subject)
	}
	got := dl.Header.Get(events.HeaderError)
	if strings.ContainsAny(got, "\r\n") || len(got) > 520 || !strings.HasPrefix(got, "events: poison: line one line two") {
		t.Errorf("leadq-error = %q (%d bytes)", got, len(got))
	}
}

func TestSubjects(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{events.Subjects{}.In(), "leadq.in.>"},
		{events.Subjects{}.Lead(), "leadq.in.lead"},
		{events.Subjects{}.Trigger(), "leadq.in.trigger"},
		{events.Subjects{}.Usage(), "leadq.in.usage"},
		{events.Subjects{}.Qualified(), "leadq.out.qualified"},
		{events.Subjects{}.Routed("sdr-smb-emea"), "leadq.out.routed.sdr-smb-emea"},
		{events.Subjects{}.Unqualified(), "leadq.out.unqualified"},
		{events.Subjects{}.Out(), "leadq.out.>"},
		{events.Subjects{}.DLQ(events.ReasonTooLarge), "leadq.dlq.too_large"},
		{events.Subjects{}.DLQAll(), "leadq.dlq.>"},
		{events.Subjects{Prefix: "eu.leadq"}.In(), "eu.leadq.in.>"},
		{events.Subjects{Prefix: "test"}.DLQ(events.ReasonSchema), "test.dlq.schema"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, p := range []string{"", "leadq", "eu.leadq", "a-b_c"} {
		if err := (events.Subjects{Prefix: p}).Validate(); err != nil {
			t.Errorf("prefix %q: %v", p, err)
		}
	}
	for _, p := range []string{".", "a..b", "a.*", "a.>", "a b", "leadq."} {
		if err := (events.Subjects{Prefix: p}).Validate(); err == nil {
			t.Errorf("prefix %q accepted", p)
		}
	}
}

func TestReasons(t *testing.T) {
	for _, r := range events.Reasons() {
		if !r.Valid() {
			t.Errorf("%s is not valid", r)
		}
	}
	if events.Reason("lost").Valid() {
		t.Error("unknown reason is valid")
	}
	rej := &events.Rejection{Reason: events.ReasonSchema, Err: events.ErrInvalidEmail}
	if !errors.Is(rej, events.ErrInvalidEmail) {
		t.Error("Rejection does not unwrap its cause")
	}
}
