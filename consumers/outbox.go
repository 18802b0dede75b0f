package consumers

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/consumers/store"
)

// An outbox entry holds a complete output message (subject, headers with
// Nats-Msg-Id, payload) so that whoever flushes it — the processor that
// committed it, a redelivery of its input, or the sweeper after a crash —
// publishes exactly the same bytes under the same id.
//
// Encoding: a format byte (1), then uvarint-prefixed subject, the number of
// header keys and for each key its name and values, then the payload.
const outboxFormat = 1

var errBadOutbox = errors.New("consumers: malformed outbox entry")

// marshalMsg encodes an output message for the outbox.
func marshalMsg(m *nats.Msg) []byte {
	n := 1 + binary.MaxVarintLen64*2 + len(m.Subject) + len(m.Data)
	keys := make([]string, 0, len(m.Header))
	for k, vs := range m.Header {
		keys = append(keys, k)
		n += binary.MaxVarintLen64 * (2 + len(vs))
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	sort.Strings(keys) // equal messages encode to equal bytes
	b := make([]byte, 0, n)
	b = append(b, outboxFormat)
	b = appendString(b, m.Subject)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendString(b, k)
		vs := m.Header[k]
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, v := range vs {
			b = appendString(b, v)
		}
	}
	return append(b, m.Data...)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// unmarshalMsg decodes an outbox entry made by marshalMsg.
func unmarshalMsg(b []byte) (*nats.Msg, error) {
	if len(b) == 0 || b[0] != outboxFormat {
		return nil, errBadOutbox
	}
	r := reader{b: b[1:]}
	m := &nats.Msg{Subject: r.string()}
	nk := r.uvarint()
	if nk > uint64(len(r.b)) {
		return nil, errBadOutbox
	}
	if nk > 0 {
		m.Header = make(nats.Header, nk)
	}
	for i := uint64(0); i < nk && r.err == nil; i++ {
		k := r.string()
		nv := r.uvarint()
		if nv > uint64(len(r.b)) {
			return nil, errBadOutbox
		}
		vs := make([]string, 0, nv)
		for j := uint64(0); j < nv; j++ {
			vs = append(vs, r.string())
		}
		m.Header[k] = vs
	}
	if r.err != nil || m.Subject == "" {
		return nil, errBadOutbox
	}
	m.Data = r.b
	return m, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errBadOutbox
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) string() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errBadOutbox
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// flush publishes an account's outbox entries in order with asynchronous
// JetStream publishes, waits for every acknowledgement (a duplicate, dropped
// by the stream's Nats-Msg-Id window, counts as published), then removes
// them from the store's outbox. An error leaves the entries in the outbox:
// whoever flushes next publishes them again under the same ids.
func (p *Processor) flush(ctx context.Context, account string, entries []store.OutboxEntry) error {
	if len(entries) == 0 {
		return nil
	}
	futures := make([]pubFuture, 0, len(entries))
	for _, e := range entries {
		m, err := unmarshalMsg(e.Msg)
		if err != nil {
			// Not ours to publish and never publishable: drop it loudly.
			p.log.Error().Str("account", account).Str("output_id", e.ID).Msg("dropping a malformed outbox entry")
			futures = append(futures, pubFuture{id: e.ID})
			continue
		}
		f, err := p.pub.PublishMsgAsync(m)
		if err != nil {
			return fmt.Errorf("consumers: publishing output %s: %w", e.ID, err)
		}
		futures = append(futures, pubFuture{id: e.ID, f: f})
	}
	if err := p.awaitPubAcks(ctx, futures); err != nil {
		return err
	}
	ids := make([]string, len(futures))
	for i, f := range futures {
		ids[i] = f.id
	}
	if err := p.store.Ack(ctx, account, ids...); err != nil {
		return fmt.Errorf("consumers: removing published outputs of %s: %w", account, err)
	}
	p.metrics.published.Add(float64(len(ids)))
	return nil
}

// awaitPubAcks waits for the stream to acknowledge every publish, at most
// PublishWait in all.
func (p *Processor) awaitPubAcks(ctx context.Context, futures []pubFuture) error {
	timer := time.NewTimer(p.cfg.PublishWait)
	defer timer.Stop()
	for _, f := range futures {
		if f.f == nil {
			continue
		}
		select {
		case <-f.f.Ok():
		case err := <-f.f.Err():
			return fmt.Errorf("consumers: publishing output %s: %w", f.id, err)
		case <-timer.C:
			return fmt.Errorf("consumers: publishing output %s: no acknowledgement within %s", f.id, p.cfg.PublishWait)
		case <-ctx.Done():
			return fmt.Errorf("consumers: publishing output %s: %w", f.id, ctx.Err())
		}
	}
	return nil
}
