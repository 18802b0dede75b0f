package synth

import (
	"bytes"
	"iter"
	"strings"
	"time"

	"github.com/leadq/leadq/events"
	"github.com/nats-io/nats.go"
)

// Item is one generated input event, ready to publish.
type Item struct {
	// Subject is the NATS subject: <prefix>.in.lead, .trigger or .usage.
	Subject string
	// Type, ID, Source and Time are the CloudEvent attributes; ID is unique in
	// the stream and derived from the seed.
	Type, ID, Source string
	Time             time.Time
	// Account is the domain of the account the event is about; "" for a lead
	// at a free-mail address that names no company.
	Account string
	// Payload is the message data: a structured-mode CloudEvent (JSON event
	// format) when Headers is nil; in binary mode, the event data alone.
	Payload []byte
	// Headers holds the ce-* attributes of a binary-mode item, else nil.
	Headers nats.Header
	// Bad is the dead-letter reason leadq gives this deliberately bad item
	// (malformed, schema, unknown_type, too_large or future_time), "" for a
	// valid event.
	Bad events.Reason

	kind    uint8
	dataOff int // where "data" starts in a structured Payload
}

// Data returns the event data (JSON) of a valid item, in either mode.
func (it Item) Data() []byte {
	if it.Headers != nil {
		return it.Payload
	}
	if it.dataOff == 0 || it.dataOff >= len(it.Payload) {
		return nil
	}
	return it.Payload[it.dataOff : len(it.Payload)-1]
}

// Msg returns the item as a NATS message: structured mode carries Content-Type
// application/cloudevents+json, binary mode its ce-* headers.
func (it Item) Msg() *nats.Msg {
	h := it.Headers
	if h == nil {
		h = nats.Header{"Content-Type": {"application/cloudevents+json"}}
	}
	return &nats.Msg{Subject: it.Subject, Data: it.Payload, Header: h}
}

// Binary returns a valid structured item in binary mode: Payload is the data
// and every attribute is a ce-* header. Other items are returned unchanged.
func (it Item) Binary() Item {
	if it.Headers != nil || it.Bad != "" || it.dataOff == 0 {
		return it
	}
	h := nats.Header{
		"ce-specversion":     {"1.0"},
		"ce-id":              {it.ID},
		"ce-source":          {it.Source},
		"ce-type":            {it.Type},
		"ce-time":            {it.Time.Format("2006-01-02T15:04:05.000Z07:00")},
		"ce-datacontenttype": {"application/json"},
	}
	if i := bytes.Index(it.Payload[:it.dataOff], []byte(`"traceparent":"`)); i >= 0 {
		v := it.Payload[i+len(`"traceparent":"`):]
		h["ce-traceparent"] = []string{string(v[:bytes.IndexByte(v, '"')])}
	}
	it.Payload, it.Headers = it.Data(), h
	it.dataOff = 0
	return it
}

// finish puts a share of valid items in binary mode.
func (g *Generator) finish(it Item) Item {
	if g.opts.BinaryShare > 0 && g.dr.Float64() < g.opts.BinaryShare {
		return it.Binary()
	}
	return it
}

// badMix says how often each dead-letter reason is provoked.
var badMix = newTable("malformed=30 schema=25 unknown_type=15 too_large=10 future_time=20")

// spoil returns a deliberately bad copy of the valid structured item it, with
// its own id.
func (g *Generator) spoil(it Item) Item {
	r := g.dr
	g.bad++
	bad := it
	bad.Bad = events.Reason(badMix.names[badMix.pick(r)])
	bad.dataOff = 0
	p := bytes.Clone(it.Payload)
	id := appendHex64([]byte("bad-"), mix64(mix64(g.key^saltBadID)+g.bad))
	copy(p[idStart:], id)
	bad.ID = string(id)
	switch bad.Bad {
	case events.ReasonMalformed:
		if r.IntN(2) == 0 {
			p = p[:len(p)*3/5] // truncated JSON
		} else {
			p = bytes.Replace(p, []byte(`"specversion":"1.0"`), []byte(`"specversion":"0.3"`), 1)
		}
	case events.ReasonSchema:
		p = breakSchema(p, it.kind)
	case events.ReasonUnknownType:
		typ := [...]string{"io.leadq.lead.merged", "io.leadq.trigger.retracted", "io.leadq.usage.aggregated"}[it.kind]
		p = bytes.Replace(p, []byte(`"type":"`+it.Type+`"`), []byte(`"type":"`+typ+`"`), 1)
		bad.Type = typ
	case events.ReasonTooLarge:
		pad := `"comment":"` + strings.Repeat("lorem ipsum ", 66<<10/12) + `",`
		p = append([]byte("{"+pad), p[1:]...)
	case events.ReasonFutureTime:
		bad.Time = it.Time.AddDate(100, 0, 0)
		old := it.Time.Format("2006-01-02T15:04:05.000Z07:00")
		p = bytes.Replace(p, []byte(`"time":"`+old), []byte(`"time":"`+bad.Time.Format("2006-01-02T15:04:05.000Z07:00")), 1)
	}
	bad.Payload = p
	return bad
}

// breakSchema makes the data of a structured event of the given kind fail its
// JSON Schema: a lead without e-mail, an unknown trigger kind, a zero count.
func breakSchema(p []byte, kind uint8) []byte {
	switch kind {
	case kindLead:
		return bytes.Replace(p, []byte(`{"lead":{"email":`), []byte(`{"lead":{"e_mail":`), 1)
	case kindTrigger:
		i := bytes.Index(p, []byte(`"kind":"`)) + len(`"kind":"`)
		j := i + bytes.IndexByte(p[i:], '"')
		return append(append(p[:i:i], "weather_event"...), p[j:]...)
	}
	i := bytes.LastIndex(p, []byte(`"count":`)) + len(`"count":`)
	j := i + bytes.IndexByte(p[i:], '}')
	return append(append(p[:i:i], '0'), p[j:]...)
}

// Preload returns one lead.captured per account, at time Start: the primary
// contact with every firmographic enrichment knows, as a CRM sync would send
// it. A benchmark publishes these first so that the accounts exist. Preload
// does not change the stream of Next; its items have ids "pre-...".
func (g *Generator) Preload() iter.Seq[Item] {
	return func(yield func(Item) bool) {
		for i := range uint32(g.opts.Accounts) {
			if !yield(g.preloadItem(i)) {
				return
			}
		}
	}
}

func (g *Generator) preloadItem(i uint32) Item {
	a := g.account(i)
	it := Item{Type: events.TypeLeadCaptured, Subject: g.subjects[kindLead], Account: a.domain, Source: upsertSource}
	b := g.envelope(g.scratch[:0], "pre-", mix64(g.key^saltPreID)+uint64(i), it.Source, it.Type, g.startMs)
	it.dataOff = len(b)
	p := g.person(a, 0)
	b = appendPerson(b, &p, a)
	b = g.appendCompany(append(key(b, "company"), '{'), a, a.known, true)
	b = append(b, '}', '}')
	g.scratch = b
	return g.seal(it, b, g.startMs)
}
