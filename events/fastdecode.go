package events

import (
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/cloudevents/sdk-go/v2/types"
	"github.com/nats-io/nats.go"
)

// decodeFast decodes the common shape of a valid input in one pass, without
// generic values: plain string attributes (the traceparent extension at
// most), data that validFast would take. It builds the sdk-go event context
// directly, as event.New and its setters would. ok is false for anything
// else, valid or not, and Decode then takes the generic path, which decides
// (and words every rejection); FuzzDecodeFast checks that whatever
// decodeFast returns, the generic path returns too.
func decodeFast(msg *nats.Msg, opts DecodeOptions) (*Event, bool) {
	a := attrSet{box: &eventBox{}}
	var ok bool
	if isStructured(msg.Header) {
		ok = a.structured(msg.Data)
	} else {
		ok = a.binary(msg.Header, msg.Data)
	}
	if !ok {
		return nil, false
	}
	return a.finish(msg.Header, opts)
}

// eventBox holds an Event and its sdk-go context in one allocation.
type eventBox struct {
	ev      Event
	ctx     event.EventContextV1
	ts      types.Timestamp
	ct, sub string
}

// The attributes decodeFast takes, as bits.
const (
	aSpec uint16 = 1 << iota
	aID
	aSource
	aType
	aTime
	aSubject
	aContentType
	aTraceParent
	aData
	aTraceNull // a null traceparent: absent

	aRequired = aSpec | aID | aSource | aType | aTime | aData
)

// attrSet collects the attributes of one event.
type attrSet struct {
	box    *eventBox
	seen   uint16
	source *sourceURL
	tp     string
}

// set sets attribute k from its string value as setAttr would; false for a
// repeated attribute or a value decodeFast leaves to the generic path.
func (a *attrSet) set(k uint16, v string) bool {
	if !first(&a.seen, k) {
		return false
	}
	ctx := &a.box.ctx
	switch k {
	case aSpec:
		return v == event.CloudEventsVersionV1
	case aID:
		ctx.ID = strings.TrimSpace(v)
		return ctx.ID != ""
	case aSource:
		a.source = parseSource(v)
		return a.source != nil
	case aType:
		ctx.Type = inputType(v)
		return ctx.Type != ""
	case aTime:
		t, err := time.Parse(time.RFC3339Nano, v)
		a.box.ts.Time, ctx.Time = t, &a.box.ts
		return err == nil && !t.IsZero()
	case aSubject:
		if a.box.sub = strings.TrimSpace(v); a.box.sub != "" {
			ctx.Subject = &a.box.sub
		}
	case aContentType:
		switch strings.TrimSpace(v) {
		case "":
		case MediaTypeJSON:
			a.box.ct, ctx.DataContentType = MediaTypeJSON, &a.box.ct
		default:
			return false
		}
	case aTraceParent:
		a.tp = v
	}
	return true
}

// inputType is the trimmed type when it is an input type, else "".
func inputType(s string) string {
	switch strings.TrimSpace(s) {
	case TypeLeadCaptured:
		return TypeLeadCaptured
	case TypeTriggerDetected:
		return TypeTriggerDetected
	case TypeUsageRecorded:
		return TypeUsageRecorded
	}
	return ""
}

// finish checks the required attributes and the time, then makes the Event.
func (a *attrSet) finish(h nats.Header, opts DecodeOptions) (*Event, bool) {
	if a.seen&aRequired != aRequired {
		return nil, false
	}
	x := a.box
	x.ctx.Source = types.URIRef{URL: a.source.u}
	e := &x.ev
	*e = Event{CE: event.Event{Context: &x.ctx}, ID: x.ctx.ID, Source: a.source.s, Type: x.ctx.Type,
		Time: x.ts.Time.UTC(), Lead: e.Lead, Trigger: e.Trigger, Usage: e.Usage}
	if e.Time.After(opts.Now.Add(opts.MaxFuture)) {
		return nil, false
	}
	if a.seen&aTraceParent != 0 {
		x.ctx.Extensions = map[string]any{extTraceParent: a.tp}
		e.TraceParent = a.tp
	} else if h != nil {
		e.TraceParent = h.Get(HeaderTraceParent)
	}
	e.account, e.resolved = accountOf(e, opts.FreeMail, true), true
	return e, true
}

// decodeData reads the data of the event's type with p.
func (a *attrSet) decodeData(p *jsonParser) bool {
	e := &a.box.ev
	var ok bool
	switch a.box.ctx.Type {
	case TypeLeadCaptured:
		e.Lead, ok = p.leadData()
	case TypeTriggerDetected:
		e.Trigger, ok = p.triggerData()
	case TypeUsageRecorded:
		e.Usage, ok = p.usageData()
	}
	return ok
}

// sourceURL is a source attribute as the sdk-go keeps it, and its string form.
type sourceURL struct {
	u url.URL
	s string
}

// sources remembers the parsed form of the first maxSources sources (an
// input stream has a handful), so that they are parsed once.
var sources atomic.Pointer[map[string]*sourceURL]

const (
	maxSources   = 256
	maxSourceLen = 256
)

// cachedSource looks b up in sources.
func cachedSource(b []byte) *sourceURL {
	if m := sources.Load(); m != nil {
		return (*m)[string(b)]
	}
	return nil
}

// parseSource parses a source as event.SetSource does and checks it is not
// blank as the sdk-go validation does; nil when either fails.
func parseSource(s string) *sourceURL {
	m := sources.Load()
	if m != nil {
		if su := (*m)[s]; su != nil {
			return su
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	su := &sourceURL{u: *u, s: u.String()}
	if strings.TrimSpace(su.s) == "" {
		return nil
	}
	if len(s) <= maxSourceLen && (m == nil || len(*m) < maxSources) {
		next := make(map[string]*sourceURL, 1)
		if m != nil {
			for k, v := range *m {
				next[k] = v
			}
		}
		next[s] = su
		sources.CompareAndSwap(m, &next) // a lost race only means parsing again later
	}
	return su
}
