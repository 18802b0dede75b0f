package connect

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// ReadStream passes the messages of an ordered consumer on s to fn in stream
// order until ctx is done (it returns ctx's error), fn asks to stop or fails,
// or — when follow is false — everything the consumer had pending when it
// started is delivered. An ordered consumer is ephemeral, acknowledges
// nothing and recreates itself after a reconnection, so reading changes
// nothing in the stream.
func ReadStream(ctx context.Context, s jetstream.Stream, cfg jetstream.OrderedConsumerConfig, follow bool, fn func(jetstream.Msg) (stop bool, err error)) error {
	name := s.CachedInfo().Config.Name
	cons, err := s.OrderedConsumer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("reading stream %s: %w", name, err)
	}
	it, err := cons.Messages()
	if err != nil {
		return fmt.Errorf("reading stream %s: %w", name, err)
	}
	defer it.Stop()
	if info := cons.CachedInfo(); !follow && info != nil && info.NumPending == 0 {
		return nil
	}
	for {
		m, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("reading stream %s: %w", name, err)
		}
		stop, err := fn(m)
		if err != nil || stop {
			return err
		}
		if md, err := m.Metadata(); !follow && err == nil && md.NumPending == 0 {
			return nil
		}
	}
}
