package connect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/logs"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/events"
)

// StreamOptions are the NATS settings of the operator commands that read or
// write leadq's streams (publish, tail, dlq): the connection of `serve` and
// the subject prefix, from which the stream names follow.
type StreamOptions struct {
	NATS          NATSOptions
	SubjectPrefix string
}

// Register adds the --nats-* flags and --subject-prefix to fs.
func (o *StreamOptions) Register(fs *pflag.FlagSet) {
	o.NATS.Register(fs)
	fs.StringVar(&o.SubjectPrefix, "subject-prefix", events.DefaultPrefix,
		"first token of every subject (<prefix>.in.>, <prefix>.out.>, <prefix>.dlq.>), as given to serve")
}

// Validate reports settings that cannot work, before any connection.
func (o *StreamOptions) Validate() error {
	if err := o.NATS.Validate(); err != nil {
		return cli.Usagef("%v", err)
	}
	if err := o.config().Validate(); err != nil {
		return cli.Usagef("--subject-prefix: %v", err)
	}
	return nil
}

func (o *StreamOptions) config() consumers.StreamsConfig {
	return consumers.StreamsConfig{Subjects: o.Subjects()}
}

// Subjects are the subjects of the prefix.
func (o *StreamOptions) Subjects() events.Subjects {
	return events.Subjects{Prefix: o.SubjectPrefix}
}

// Names returns the stream names of the prefix (LEADQ_IN, LEADQ_OUT, LEADQ_DLQ).
func (o *StreamOptions) Names() consumers.StreamNames {
	return o.config().Names()
}

// Session is what an operator command works with once started: JetStream
// and, when it asked for one, a stream.
type Session struct {
	JS     jetstream.JetStream
	Stream jetstream.Stream // nil when Open was given no stream name
	close  []func()
}

// Close closes the connection (quietly: closing is no trouble to report) and
// restores the default handling of SIGINT and SIGTERM.
func (s *Session) Close() {
	for i := len(s.close) - 1; i >= 0; i-- {
		s.close[i]()
	}
	s.close = nil
}

// Open is the start-up of an operator command: it validates the options,
// returns a context that SIGINT or SIGTERM cancels (so the command can stop
// cleanly, printing what it did so far), connects to NATS as client (its
// connection trouble reported on stderr as warnings), opens JetStream with
// opts and, unless stream is empty, looks the stream up. The caller closes
// the session.
func (o *StreamOptions) Open(ctx context.Context, client, stream string, stderr io.Writer, opts ...jetstream.JetStreamOpt) (context.Context, *Session, error) {
	if err := o.Validate(); err != nil {
		return nil, nil, err
	}
	s := &Session{}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	s.close = append(s.close, stop)
	nc, err := o.NATS.Connect(client, logs.Warnings(stderr))
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	s.close = append(s.close, func() {
		nc.SetDisconnectErrHandler(nil)
		nc.Close()
	})
	if s.JS, err = jetstream.New(nc, opts...); err != nil {
		s.Close()
		return nil, nil, fmt.Errorf("opening JetStream: %w", err)
	}
	if stream != "" {
		if s.Stream, err = openStream(ctx, s.JS, stream); err != nil {
			s.Close()
			return nil, nil, err
		}
	}
	return ctx, s, nil
}

// openStream looks a stream up, saying how to create it when it is missing.
func openStream(ctx context.Context, js jetstream.JetStream, name string) (jetstream.Stream, error) {
	s, err := js.Stream(ctx, name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, fmt.Errorf("stream %s not found: `leadq serve` creates it (or check --subject-prefix)", name)
	}
	if err != nil {
		return nil, fmt.Errorf("looking up stream %s: %w", name, err)
	}
	return s, nil
}
