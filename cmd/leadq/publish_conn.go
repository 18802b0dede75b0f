package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/events"
)

// streamOptions are the NATS settings of the operator commands that read or
// write leadq's streams (publish, tail, dlq): the connection of `serve` and
// the subject prefix, from which the stream names follow.
type streamOptions struct {
	NATS          natsOptions
	SubjectPrefix string
}

func (o *streamOptions) register(fs *pflag.FlagSet) {
	o.NATS.register(fs)
	fs.StringVar(&o.SubjectPrefix, "subject-prefix", events.DefaultPrefix,
		"first token of every subject (<prefix>.in.>, <prefix>.out.>, <prefix>.dlq.>), as given to serve")
}

// Validate reports settings that cannot work, before any connection.
func (o *streamOptions) Validate() error {
	if err := o.NATS.Validate(); err != nil {
		return usageErrorf("%v", err)
	}
	if err := o.config().Validate(); err != nil {
		return usageErrorf("--subject-prefix: %v", err)
	}
	return nil
}

func (o *streamOptions) config() consumers.StreamsConfig {
	return consumers.StreamsConfig{Subjects: o.subjects()}
}

func (o *streamOptions) subjects() events.Subjects {
	return events.Subjects{Prefix: o.SubjectPrefix}
}

// names returns the stream names of the prefix (LEADQ_IN, LEADQ_OUT, LEADQ_DLQ).
func (o *streamOptions) names() consumers.StreamNames {
	return o.config().Names()
}

// connect dials NATS for an operator command named name and opens
// JetStream; connection trouble is reported on stderr as warnings. The
// returned function closes the connection (quietly: closing is no trouble).
func (o *streamOptions) connect(name string, stderr io.Writer, opts ...jetstream.JetStreamOpt) (jetstream.JetStream, func(), error) {
	if err := o.Validate(); err != nil {
		return nil, nil, err
	}
	log := zerolog.New(zerolog.ConsoleWriter{Out: stderr, NoColor: true, TimeFormat: time.TimeOnly}).
		Level(zerolog.WarnLevel).With().Timestamp().Logger()
	nc, err := o.NATS.connect(name, log)
	if err != nil {
		return nil, nil, err
	}
	closeConn := func() {
		nc.SetDisconnectErrHandler(nil)
		nc.Close()
	}
	js, err := jetstream.New(nc, opts...)
	if err != nil {
		closeConn()
		return nil, nil, fmt.Errorf("opening JetStream: %w", err)
	}
	return js, closeConn, nil
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
