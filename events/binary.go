package events

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/nats-io/nats.go"
)

// parseBinary reads a binary-mode event: every attribute is a ce-<name> header
// with a percent-encoded UTF-8 value, the payload is the data.
func parseBinary(h nats.Header, payload []byte) (event.Event, any, *Rejection) {
	names := make([]string, 0, 8)
	for name := range h {
		if hasCEPrefix(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	attrs := make(map[string]string, len(names))
	for _, name := range names {
		attr := strings.ToLower(name[len(ceHeaderPrefix):])
		if attr == "" {
			return event.Event{}, nil, rejectf(ReasonMalformed, "header ce- names no attribute")
		}
		vals := h[name]
		if _, dup := attrs[attr]; dup || len(vals) != 1 {
			return event.Event{}, nil, rejectf(ReasonMalformed, "header "+truncate(name, 40)+" is repeated")
		}
		v, err := percentDecode(vals[0])
		if err != nil {
			return event.Event{}, nil, reject(ReasonMalformed, fmt.Errorf("header %s: %w", truncate(name, 40), err))
		}
		attrs[attr] = v
	}
	if _, ok := attrs["datacontenttype"]; !ok {
		if ct := headerValue(h, HeaderContentType); ct != "" {
			attrs["datacontenttype"] = ct // as in the HTTP binding
		}
	}
	sv, ok := attrs["specversion"]
	if !ok {
		return event.Event{}, nil, rejectf(ReasonMalformed, "missing attribute specversion")
	}
	if sv != event.CloudEventsVersionV1 {
		return event.Event{}, nil, rejectf(ReasonMalformed, "specversion must be 1.0")
	}
	ce := event.New(event.CloudEventsVersionV1)
	for _, name := range sortedKeys(attrs) {
		if name == "specversion" {
			continue
		}
		if err := setAttr(&ce, name, attrs[name]); err != nil {
			return event.Event{}, nil, reject(ReasonMalformed, err)
		}
	}
	if err := checkContentType(ce.DataContentType()); err != nil {
		return event.Event{}, nil, reject(ReasonMalformed, err)
	}
	data, err := parseData(payload)
	if err != nil {
		return event.Event{}, nil, reject(ReasonMalformed, err)
	}
	return ce, data, nil
}

var (
	errBadPercent = errors.New("invalid percent-encoding")
	errBadUTF8    = errors.New("invalid UTF-8")
)

// percentDecode decodes %XX escapes and requires the result to be valid UTF-8, as
// the CloudEvents NATS binding prescribes for header values.
func percentDecode(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		if !utf8.ValidString(s) {
			return "", errBadUTF8
		}
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return "", errBadPercent
		}
		b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
		i += 2
	}
	if !utf8.Valid(b) {
		return "", errBadUTF8
	}
	return string(b), nil
}

// percentEncode escapes what the binding requires: space, double quote, percent
// and every byte outside printable ASCII.
func percentEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if needsEscape(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if needsEscape(c) {
			b = append(b, '%', hex[c>>4], hex[c&15])
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

func needsEscape(c byte) bool { return c <= ' ' || c >= 0x7f || c == '"' || c == '%' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}
