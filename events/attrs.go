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

// The attribute handling of decodeTyped: each attribute checked as the
// sdk-go setters and validation would check it, and the sdk-go event
// context built directly, as event.New and its setters would build it.

// eventBox holds an Event and its sdk-go context in one allocation.
type eventBox struct {
	ev      Event
	ctx     event.EventContextV1
	ts      types.Timestamp
	ct, sub string
}

// The attributes decodeTyped takes, as bits.
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
// repeated attribute or a value decodeTyped leaves to the generic path.
func (a *attrSet) set(k uint16, v string) bool {
	if a.seen&k != 0 {
		return false
	}
	a.seen |= k
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

// binaryAttrs maps the attribute names decodeTyped takes in binary mode.
var binaryAttrs = map[string]uint16{
	"specversion": aSpec, "id": aID, "source": aSource, "type": aType, "time": aTime,
	"subject": aSubject, "datacontenttype": aContentType, "traceparent": aTraceParent,
}

// binary reads the attributes of a binary-mode event for decodeTyped: the
// attributes above as single ce- headers (in any case).
func (a *attrSet) binary(h nats.Header) bool {
	for name, vals := range h {
		if !hasCEPrefix(name) {
			continue
		}
		k := binaryAttr(name[len(ceHeaderPrefix):])
		if k == 0 || len(vals) != 1 {
			return false
		}
		v, err := percentDecode(vals[0])
		if err != nil || !a.set(k, v) {
			return false
		}
	}
	if a.seen&aContentType == 0 {
		if ct := headerValue(h, HeaderContentType); ct != "" && !a.set(aContentType, ct) {
			return false
		}
	}
	return a.seen&aType != 0
}

// binaryAttr returns the bit of a known attribute name in any case, 0 for others.
func binaryAttr(name string) uint16 {
	if k, ok := binaryAttrs[name]; ok {
		return k
	}
	for n, k := range binaryAttrs {
		if asciiEqualFold(n, name) {
			return k
		}
	}
	return 0
}

// asciiEqualFold compares lower-case ASCII lower with s ignoring ASCII case
// only, as strings.ToLower(s) == lower does for such a lower.
func asciiEqualFold(lower, s string) bool {
	if len(lower) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
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
