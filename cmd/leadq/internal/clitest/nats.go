package clitest

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/events"
)

// NATSBench is a JetStream server with leadq's streams for one test.
type NATSBench struct {
	Srv      *testbench.NATSServer
	Subjects events.Subjects
	Names    consumers.StreamNames
}

// NewNATSBench starts the server (of the test bench) and creates the streams
// of its subject prefix.
func NewNATSBench(t testing.TB) *NATSBench {
	t.Helper()
	srv := testbench.NATS(t)
	sc := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: srv.Prefix}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := consumers.EnsureStreams(ctx, srv.JS, sc); err != nil {
		t.Fatalf("EnsureStreams: %v", err)
	}
	return &NATSBench{Srv: srv, Subjects: sc.Subjects, Names: sc.Names()}
}

// Flags appends the connection flags of the operator commands to args.
func (b *NATSBench) Flags(args ...string) []string {
	return append(args, "--nats-url", b.Srv.URL, "--subject-prefix", b.Subjects.Prefix)
}

// Stream returns a stream of the bench.
func (b *NATSBench) Stream(t testing.TB, name string) jetstream.Stream {
	t.Helper()
	s, err := b.Srv.JS.Stream(context.Background(), name)
	if err != nil {
		t.Fatalf("stream %s: %v", name, err)
	}
	return s
}

// Count returns the number of messages of a stream on a subject filter.
func (b *NATSBench) Count(t testing.TB, stream, filter string) uint64 {
	t.Helper()
	info, err := b.Stream(t, stream).Info(context.Background(), jetstream.WithSubjectFilter(filter))
	if err != nil {
		t.Fatalf("stream info %s: %v", stream, err)
	}
	var n uint64
	for _, c := range info.State.Subjects {
		n += c
	}
	return n
}

// Publish publishes msg to JetStream and waits for its acknowledgement.
func (b *NATSBench) Publish(t testing.TB, msg *nats.Msg) {
	t.Helper()
	if _, err := b.Srv.JS.PublishMsg(context.Background(), msg); err != nil {
		t.Fatalf("publishing to %s: %v", msg.Subject, err)
	}
}

// FirstInput returns the first stored input on subject.
func (b *NATSBench) FirstInput(t testing.TB, subject string) *nats.Msg {
	t.Helper()
	return b.storedInput(t, subject, false)
}

// LastInput returns the last stored input on subject.
func (b *NATSBench) LastInput(t testing.TB, subject string) *nats.Msg {
	t.Helper()
	return b.storedInput(t, subject, true)
}

func (b *NATSBench) storedInput(t testing.TB, subject string, last bool) *nats.Msg {
	t.Helper()
	ctx := context.Background()
	s := b.Stream(t, b.Names.In)
	var raw *jetstream.RawStreamMsg
	var err error
	if last {
		raw, err = s.GetLastMsgForSubject(ctx, subject)
	} else {
		raw, err = s.GetMsg(ctx, 1, jetstream.WithGetMsgSubject(subject))
	}
	if err != nil {
		t.Fatalf("reading the input on %s: %v", subject, err)
	}
	return &nats.Msg{Subject: raw.Subject, Header: raw.Header, Data: raw.Data}
}
