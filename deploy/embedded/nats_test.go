package embedded_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/deploy/embedded"
)

func TestStartNATSRefusesMissingStoreDir(t *testing.T) {
	if _, _, err := embedded.StartNATS(embedded.NATSOptions{}); err == nil {
		t.Fatal("StartNATS without StoreDir: want an error, got none")
	}
}

func TestStartNATSKeepsStreamsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	srv, url, err := embedded.StartNATS(embedded.NATSOptions{StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	port, err := embedded.NATSPort(srv)
	if err != nil {
		t.Fatal(err)
	}
	publish(t, url, "ORDERS", "orders.new", "first")
	srv.Shutdown()
	srv.WaitForShutdown()

	srv, url2, err := embedded.StartNATS(embedded.NATSOptions{StoreDir: dir, Port: port})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	if url2 != url {
		t.Errorf("restarted URL = %s, want %s", url2, url)
	}
	if got := publish(t, url2, "ORDERS", "orders.new", "second"); got != 2 {
		t.Errorf("after restart the stream has %d messages, want 2", got)
	}
}

// publish ensures a stream with the subject, publishes body and returns the
// stream's message count.
func publish(t *testing.T, url, stream, subject, body string) uint64 {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{Name: stream, Subjects: []string{subject}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, subject, []byte(body)); err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.Storage != jetstream.FileStorage {
		t.Errorf("stream storage = %v, want file", info.Config.Storage)
	}
	return info.State.Msgs
}
