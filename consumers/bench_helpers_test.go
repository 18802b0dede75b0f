package consumers_test

import (
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/events"
)

// benchNow is the wall clock of every decode in these tests.
var benchNow = time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)

// streams is an embedded (or LEADQ_TEST_NATS_URL) JetStream server with
// leadq's streams ensured under the test's subject prefix.
type streams struct {
	*testbench.NATSServer
	cfg      consumers.StreamsConfig
	subjects events.Subjects
	names    consumers.StreamNames
}

func newStreams(t *testing.T) *streams {
	t.Helper()
	n := testbench.NATS(t)
	cfg := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
	if err := consumers.EnsureStreams(testContext(t), n.JS, cfg); err != nil {
		t.Fatal(err)
	}
	return &streams{NATSServer: n, cfg: cfg, subjects: cfg.Subjects, names: cfg.Names()}
}

// publish publishes msg to JetStream and fails the test unless it is stored.
func (s *streams) publish(t *testing.T, msg *nats.Msg) *jetstream.PubAck {
	t.Helper()
	ack, err := s.JS.PublishMsg(testContext(t), msg)
	if err != nil {
		t.Fatalf("publishing to %s: %v", msg.Subject, err)
	}
	return ack
}

// consumer returns a durable pull consumer of the input stream that
// redelivers at once after a Nak, up to maxDeliver times.
func (s *streams) consumer(t *testing.T, maxDeliver int) jetstream.Consumer {
	t.Helper()
	c, err := s.JS.CreateOrUpdateConsumer(testContext(t), s.names.In, jetstream.ConsumerConfig{
		Durable:    "bench",
		AckPolicy:  jetstream.AckExplicitPolicy,
		AckWait:    30 * time.Second,
		MaxDeliver: maxDeliver,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fetchOne fetches the next message of c, waiting up to a few seconds.
func fetchOne(t *testing.T, c jetstream.Consumer) jetstream.Msg {
	t.Helper()
	batch, err := c.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for m := range batch.Messages() {
		return m
	}
	t.Fatalf("no message within 5s (%v)", batch.Error())
	return nil
}

// stored returns every message of the named stream, in order.
func (s *streams) stored(t *testing.T, stream string) []*jetstream.RawStreamMsg {
	t.Helper()
	ctx := testContext(t)
	st, err := s.JS.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq > 0 && seq <= info.State.LastSeq; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// natsMsg is the *nats.Msg view of a delivered JetStream message.
func natsMsg(m jetstream.Msg) *nats.Msg {
	return &nats.Msg{Subject: m.Subject(), Header: m.Headers(), Data: m.Data()}
}

// withoutDeadLetterHeaders returns h without the two headers a dead letter adds.
func withoutDeadLetterHeaders(h nats.Header) nats.Header {
	out := maps.Clone(h)
	delete(out, events.HeaderError)
	delete(out, events.HeaderSourceSubject)
	return out
}

// sameHeaders reports whether a and b hold the same keys and values; nil and
// empty are the same.
func sameHeaders(a, b nats.Header) bool {
	return len(a) == len(b) && maps.EqualFunc(a, b, slices.Equal[[]string])
}
