package testbench

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/deploy/embedded"
)

// DefaultPrefix is the subject prefix a test gets on a server of its own.
const DefaultPrefix = "leadq"

// NATSServer is a JetStream server for one test.
type NATSServer struct {
	// URL is the client URL of the server.
	URL string
	// Prefix is the subject prefix the test must use: DefaultPrefix on a
	// server of its own, a unique one on a shared server (LEADQ_TEST_NATS_URL).
	Prefix string
	// Conn is a connection for the test, closed in t.Cleanup. It reconnects
	// quickly and forever, so it survives [NATSServer.Restart].
	Conn *nats.Conn
	// JS is JetStream over Conn.
	JS jetstream.JetStream

	srv  *server.Server // nil unless embedded
	opts embedded.NATSOptions
}

// NATS returns a JetStream server for the test (see the package doc for
// where it comes from), with a connection to it.
func NATS(t testing.TB) *NATSServer {
	t.Helper()
	n := &NATSServer{Prefix: DefaultPrefix}
	switch {
	case os.Getenv(EnvNATSURL) != "":
		n.URL = os.Getenv(EnvNATSURL)
		n.Prefix = "lqt" + uniqueToken(t)
		t.Logf("testbench: nats at %s (%s), subject prefix %s", n.URL, EnvNATSURL, n.Prefix)
	case os.Getenv(EnvNATS) == "docker" && DockerAvailable():
		n.URL = natsContainer(t)
	default:
		n.opts = embedded.NATSOptions{StoreDir: t.TempDir()}
		n.start(t)
		t.Logf("testbench: nats-server %s (embedded, JetStream) on %s", server.VERSION, n.URL)
	}
	n.Conn = n.Connect(t)
	js, err := jetstream.New(n.Conn)
	if err != nil {
		t.Fatalf("testbench: jetstream: %v", err)
	}
	n.JS = js
	if n.srv == nil && n.Prefix != DefaultPrefix {
		t.Cleanup(func() { n.deleteStreams(t) })
	}
	return n
}

// Connect opens another connection to the server, closed in t.Cleanup, with
// fast unlimited reconnects; opts come after those defaults.
func (n *NATSServer) Connect(t testing.TB, opts ...nats.Option) *nats.Conn {
	t.Helper()
	defaults := []nats.Option{
		nats.Name(t.Name()),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(25 * time.Millisecond),
		nats.ReconnectJitter(10*time.Millisecond, 10*time.Millisecond),
	}
	nc, err := nats.Connect(n.URL, append(defaults, opts...)...)
	if err != nil {
		t.Fatalf("testbench: connecting to %s: %v", n.URL, err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// Server returns the embedded server, or nil when the test uses another one.
func (n *NATSServer) Server() *server.Server { return n.srv }

// Stop shuts the embedded server down; its store directory and port are kept
// for [NATSServer.Start]. It fails the test on a server that is not embedded.
func (n *NATSServer) Stop(t testing.TB) {
	t.Helper()
	n.mustEmbedded(t)
	n.srv.Shutdown()
	n.srv.WaitForShutdown()
}

// Start starts the embedded server again after [NATSServer.Stop], on the same
// port with the same store, so streams, messages and consumers survive.
func (n *NATSServer) Start(t testing.TB) {
	t.Helper()
	n.mustEmbedded(t)
	if n.srv.Running() {
		t.Fatalf("testbench: nats-server on %s is already running", n.URL)
	}
	n.start(t)
}

// Restart stops and starts the embedded server ([NATSServer.Stop], [NATSServer.Start]).
func (n *NATSServer) Restart(t testing.TB) {
	t.Helper()
	n.Stop(t)
	n.Start(t)
}

func (n *NATSServer) start(t testing.TB) {
	t.Helper()
	srv, url, err := embedded.StartNATS(n.opts)
	if err != nil {
		t.Fatalf("testbench: %v", err)
	}
	if n.srv == nil { // first start: pin the port for restarts, shut down at the end
		if n.opts.Port, err = embedded.NATSPort(srv); err != nil {
			t.Fatalf("testbench: %v", err)
		}
		t.Cleanup(func() {
			n.srv.Shutdown()
			n.srv.WaitForShutdown()
		})
	}
	n.srv, n.URL = srv, url
}

func (n *NATSServer) mustEmbedded(t testing.TB) {
	t.Helper()
	if n.srv == nil {
		t.Fatalf("testbench: the nats server at %s is not embedded: it cannot be stopped or restarted", n.URL)
	}
}

// deleteStreams removes, from a shared server, the streams of the test's prefix.
func (n *NATSServer) deleteStreams(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	names := n.JS.StreamNames(ctx, jetstream.WithStreamListSubject(n.Prefix+".>"))
	for name := range names.Name() {
		if err := n.JS.DeleteStream(ctx, name); err != nil {
			t.Errorf("testbench: deleting stream %s: %v", name, err)
		}
	}
	if err := names.Err(); err != nil {
		t.Errorf("testbench: listing streams of %s: %v", n.Prefix, err)
	}
}
