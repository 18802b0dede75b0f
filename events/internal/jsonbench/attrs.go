package jsonbench

import (
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/cloudevents/sdk-go/v2/types"
	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

// The attribute handling below repeats what the typed decoder of
// events.Decode does with the attributes once they are parsed (package events
// keeps it unexported), so that the libraries are compared on the same work:
// trim and check each attribute, parse the time, look the source up in a
// cache, build the sdk-go context directly.

// eventBox holds an Event and its sdk-go context in one allocation.
type eventBox struct {
	ev      events.Event
	ctx     event.EventContextV1
	ts      types.Timestamp
	ct, sub string
}

// attrs is the attributes of one event as strings.
type attrs struct {
	spec, id, source, typ, time string
	subject, contentType, tp    *string
}

// context checks the attributes and builds the event around its sdk-go
// context; false for anything the typed decoder leaves to the generic path.
func (a *attrs) context(h nats.Header, now time.Time, maxFuture time.Duration) (*eventBox, bool) {
	x := &eventBox{}
	ctx := &x.ctx
	if a.spec != event.CloudEventsVersionV1 {
		return nil, false
	}
	if ctx.ID = strings.TrimSpace(a.id); ctx.ID == "" {
		return nil, false
	}
	src := parseSource(a.source)
	if src == nil {
		return nil, false
	}
	ctx.Source = types.URIRef{URL: src.u}
	if ctx.Type = inputType(a.typ); ctx.Type == "" {
		return nil, false
	}
	t, err := time.Parse(time.RFC3339Nano, a.time)
	if err != nil || t.IsZero() || t.After(now.Add(maxFuture)) {
		return nil, false
	}
	x.ts.Time, ctx.Time = t, &x.ts
	if a.subject != nil {
		if x.sub = strings.TrimSpace(*a.subject); x.sub != "" {
			ctx.Subject = &x.sub
		}
	}
	if a.contentType != nil {
		switch strings.TrimSpace(*a.contentType) {
		case "":
		case events.MediaTypeJSON:
			x.ct, ctx.DataContentType = events.MediaTypeJSON, &x.ct
		default:
			return nil, false
		}
	}
	x.ev = events.Event{CE: event.Event{Context: ctx}, ID: ctx.ID, Source: src.s, Type: ctx.Type, Time: t.UTC()}
	if a.tp != nil {
		ctx.Extensions = map[string]any{events.HeaderTraceParent: *a.tp}
		x.ev.TraceParent = *a.tp
	} else if h != nil {
		x.ev.TraceParent = h.Get(events.HeaderTraceParent)
	}
	return x, true
}

// inputType is the trimmed type when it is an input type, else "".
func inputType(s string) string {
	switch s = strings.TrimSpace(s); s {
	case events.TypeLeadCaptured, events.TypeTriggerDetected, events.TypeUsageRecorded:
		return s
	}
	return ""
}

// sourceURL is a source as the sdk-go keeps it, and its string form.
type sourceURL struct {
	u url.URL
	s string
}

// sources caches parsed sources; an input stream has a handful.
var sources sync.Map

func parseSource(s string) *sourceURL {
	if v, ok := sources.Load(s); ok {
		return v.(*sourceURL)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil
	}
	su := &sourceURL{u: *u, s: u.String()}
	if strings.TrimSpace(su.s) == "" {
		return nil
	}
	sources.Store(s, su)
	return su
}

// binaryAttrs reads the ce- headers of a binary-mode message as the typed
// decoder does: each known attribute once, in any case, percent-decoded.
func binaryAttrs(h nats.Header) (attrs, bool) {
	var a attrs
	for name, vals := range h {
		if len(name) < 3 || !strings.EqualFold(name[:3], "ce-") {
			continue
		}
		if len(vals) != 1 {
			return a, false
		}
		v, ok := percentDecode(vals[0])
		if !ok || !a.setBinary(strings.ToLower(name[3:]), v) {
			return a, false
		}
	}
	if a.contentType == nil {
		if ct := headerValue(h, events.HeaderContentType); ct != "" {
			a.contentType = &ct
		}
	}
	return a, true
}

// setBinary sets one attribute; false for an unknown or repeated one.
func (a *attrs) setBinary(name, v string) bool {
	var dst *string
	switch name {
	case "specversion":
		dst = &a.spec
	case "id":
		dst = &a.id
	case "source":
		dst = &a.source
	case "type":
		dst = &a.typ
	case "time":
		dst = &a.time
	case "subject":
		return setOnce(&a.subject, v)
	case "datacontenttype":
		return setOnce(&a.contentType, v)
	case "traceparent":
		return setOnce(&a.tp, v)
	default:
		return false
	}
	if *dst != "" || v == "" {
		return false
	}
	*dst = v
	return true
}

func setOnce(dst **string, v string) bool {
	if *dst != nil {
		return false
	}
	*dst = &v
	return true
}

// isStructured is the content-mode rule of the NATS binding.
func isStructured(h nats.Header) bool {
	if strings.HasPrefix(strings.ToLower(headerValue(h, events.HeaderContentType)), "application/cloudevents") {
		return true
	}
	for name := range h {
		if len(name) >= 3 && strings.EqualFold(name[:3], "ce-") {
			return false
		}
	}
	return true
}

func headerValue(h nats.Header, name string) string {
	if v, ok := h[name]; ok && len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// percentDecode decodes %XX escapes into valid UTF-8.
func percentDecode(s string) (string, bool) {
	if strings.IndexByte(s, '%') < 0 {
		return s, utf8.ValidString(s)
	}
	u, err := url.PathUnescape(s)
	return u, err == nil && utf8.ValidString(u)
}
