package embedded

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// NATSOptions configures an embedded nats-server. The zero value, apart from
// StoreDir, is a usable single-node JetStream server on a random loopback port.
type NATSOptions struct {
	// Host is the interface to listen on; default "127.0.0.1".
	Host string
	// Port to listen on; 0 picks a free port.
	Port int
	// StoreDir is the JetStream file storage directory. Required: reusing it
	// across starts keeps streams, messages and consumers.
	StoreDir string
	// ServerName names the server; default "leadq-embedded".
	ServerName string
	// MaxStore caps JetStream file storage in bytes; 0 means the server default.
	MaxStore int64
	// ReadyTimeout bounds the wait for the server to accept connections;
	// default 10s.
	ReadyTimeout time.Duration
	// Logger receives the server's log lines; nil keeps the server silent.
	Logger server.Logger
}

func (o NATSOptions) serverOptions() (*server.Options, error) {
	if o.StoreDir == "" {
		return nil, errors.New("embedded: nats: StoreDir is required")
	}
	opts := &server.Options{
		ServerName:        o.ServerName,
		Host:              o.Host,
		Port:              o.Port,
		JetStream:         true,
		StoreDir:          o.StoreDir,
		JetStreamMaxStore: o.MaxStore,
		NoSigs:            true,
		NoLog:             o.Logger == nil,
	}
	if opts.ServerName == "" {
		opts.ServerName = "leadq-embedded"
	}
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.Port == 0 {
		opts.Port = server.RANDOM_PORT
	}
	return opts, nil
}

// StartNATS starts a JetStream-enabled nats-server in this process and waits
// until it accepts connections. It returns the server, whose Shutdown the
// caller owns, and its client URL (nats://host:port).
func StartNATS(o NATSOptions) (*server.Server, string, error) {
	opts, err := o.serverOptions()
	if err != nil {
		return nil, "", err
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, "", fmt.Errorf("embedded: creating nats-server: %w", err)
	}
	if o.Logger != nil {
		s.SetLogger(o.Logger, false, false)
	}
	s.Start()
	timeout := o.ReadyTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	if !s.ReadyForConnections(timeout) {
		s.Shutdown()
		s.WaitForShutdown()
		return nil, "", fmt.Errorf("embedded: nats-server on %s:%d not ready after %s", opts.Host, opts.Port, timeout)
	}
	if !s.JetStreamEnabled() {
		s.Shutdown()
		s.WaitForShutdown()
		return nil, "", errors.New("embedded: nats-server started without JetStream")
	}
	return s, s.ClientURL(), nil
}

// NATSPort returns the TCP port s listens on, so that a restart can reuse it.
func NATSPort(s *server.Server) (int, error) {
	addr, ok := s.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("embedded: nats-server has no TCP listener (address %v)", s.Addr())
	}
	return addr.Port, nil
}
