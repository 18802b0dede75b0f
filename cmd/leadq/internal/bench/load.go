package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers/clock"
	"github.com/leadq/leadq/events/synth"
)

// A bench trace is a W3C traceparent whose trace id holds the publish time
// (unix nanoseconds, 16 hex digits), the phase tag and the input's sequence
// number (8 each). The pipeline copies an input's traceparent to the outputs it
// causes unchanged, so an output tells which input caused it and when that
// was published; both sides use this process's clock.
const benchTraceLen = 55

func benchTrace(at time.Time, tag, seq uint32) string {
	b := make([]byte, 0, benchTraceLen)
	b = append(b, "00-"...)
	b = benchAppendHex(b, uint64(at.UnixNano()), 16)
	b = benchAppendHex(b, uint64(tag), 8)
	b = benchAppendHex(b, uint64(seq), 8)
	b = append(b, '-')
	b = benchAppendHex(b, uint64(seq)|1<<63, 16)
	return string(append(b, "-01"...))
}

func benchAppendHex(b []byte, v uint64, digits int) []byte {
	const hex = "0123456789abcdef"
	for i := digits - 1; i >= 0; i-- {
		b = append(b, hex[(v>>(4*uint(i)))&0xf])
	}
	return b
}

// parseBenchTrace reads a bench trace of tag; ok is false for any other.
func parseBenchTrace(tp string, tag uint32) (at time.Time, seq uint32, ok bool) {
	if len(tp) != benchTraceLen || tp[:3] != "00-" {
		return time.Time{}, 0, false
	}
	ns, err1 := strconv.ParseUint(tp[3:19], 16, 64)
	tg, err2 := strconv.ParseUint(tp[19:27], 16, 32)
	sq, err3 := strconv.ParseUint(tp[27:35], 16, 32)
	if err1 != nil || err2 != nil || err3 != nil || uint32(tg) != tag {
		return time.Time{}, 0, false
	}
	return time.Unix(0, int64(ns)), uint32(sq), true
}

// stamp returns it as a message carrying trace tp: in the structured payload's
// traceparent attribute when it has one (it wins over the header), and in the
// traceparent header, which binary mode and the baseline read.
func stamp(it synth.Item, tp string) *nats.Msg {
	msg := it.Msg()
	if it.Headers == nil {
		const attr = `"traceparent":"`
		head := msg.Data[:min(len(msg.Data), 512)]
		if i := bytes.Index(head, []byte(attr)); i >= 0 && i+len(attr)+benchTraceLen <= len(msg.Data) {
			copy(msg.Data[i+len(attr):], tp) // the item's own payload: not shared
		}
	} else {
		msg.Header = maps.Clone(msg.Header)
		if msg.Header.Get("ce-traceparent") != "" {
			msg.Header.Set("ce-traceparent", tp)
		}
	}
	msg.Header.Set("traceparent", tp)
	return msg
}

// consumerWatch follows a durable consumer's progress through a phase.
type consumerWatch struct {
	cons      jetstream.Consumer
	startSeq  uint64       // the stream's last sequence when the phase began
	processed atomic.Int64 // inputs of the phase delivered and acknowledged
}

// watchConsumer waits for the durable consumer (created by the processors)
// and starts watching from the input stream's current end.
func (env *benchEnv) watchConsumer(ctx context.Context, durable string) (*consumerWatch, error) {
	for {
		cons, err := env.js.Consumer(ctx, env.streams.In, durable)
		if err == nil {
			w := &consumerWatch{cons: cons}
			return w, w.restart(ctx, env)
		}
		if !errors.Is(err, jetstream.ErrConsumerNotFound) && !errors.Is(err, jetstream.ErrStreamNotFound) {
			return nil, fmt.Errorf("bench: looking up consumer %s: %w", durable, err)
		}
		if !clock.Sleep(ctx, 20*time.Millisecond) {
			return nil, ctx.Err()
		}
	}
}

// restart begins a phase: inputs published from now on are counted.
func (w *consumerWatch) restart(ctx context.Context, env *benchEnv) error {
	st, err := env.js.Stream(ctx, env.streams.In)
	if err != nil {
		return fmt.Errorf("bench: reading stream %s: %w", env.streams.In, err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		return fmt.Errorf("bench: reading stream %s: %w", env.streams.In, err)
	}
	w.startSeq = info.State.LastSeq
	w.processed.Store(0)
	return nil
}

// poll updates processed: delivered in stream order, minus those not yet
// acknowledged.
func (w *consumerWatch) poll(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	info, err := w.cons.Info(ctx)
	if err != nil {
		return err
	}
	n := int64(info.Delivered.Stream) - int64(w.startSeq) - int64(info.NumAckPending)
	w.processed.Store(max(n, 0))
	return nil
}
