package events

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"sort"
	"strings"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/nats-io/nats.go"
)

// Header names leadq reads or writes besides the ce- attributes.
const (
	HeaderContentType = "Content-Type"
	HeaderTraceParent = "traceparent"
	HeaderMsgID       = nats.MsgIdHdr // "Nats-Msg-Id"

	extTraceParent = "traceparent"
	ceHeaderPrefix = "ce-"
)

// Media types of the two content modes.
const (
	MediaTypeCloudEvents = "application/cloudevents+json"
	MediaTypeJSON        = "application/json"
)

// isStructured applies the content-mode rule (README, Events): a Content-Type starting with
// application/cloudevents, or no ce- header at all, means structured mode.
func isStructured(h nats.Header) bool {
	if ct := headerValue(h, HeaderContentType); strings.HasPrefix(strings.ToLower(ct), "application/cloudevents") {
		return true
	}
	for name := range h {
		if hasCEPrefix(name) {
			return false
		}
	}
	return true
}

func hasCEPrefix(name string) bool {
	return len(name) >= len(ceHeaderPrefix) && strings.EqualFold(name[:len(ceHeaderPrefix)], ceHeaderPrefix)
}

// headerValue returns the first value of a header, matching its name exactly first
// and then case-insensitively (NATS headers keep the publisher's case).
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

// parseStructured reads the JSON event format. The payload is parsed once, into
// generic values: the attributes are strings and the data is ready for its schema.
func parseStructured(payload []byte) (event.Event, any, *Rejection) {
	var members map[string]any
	if err := json.Unmarshal(payload, &members); err != nil {
		return event.Event{}, nil, reject(ReasonMalformed, fmt.Errorf("payload is not a JSON event: %w", err))
	}
	if members == nil {
		return event.Event{}, nil, rejectf(ReasonMalformed, "payload is not a JSON object")
	}
	switch sv, ok := members["specversion"]; {
	case !ok:
		return event.Event{}, nil, rejectf(ReasonMalformed, "missing attribute specversion")
	case sv != event.CloudEventsVersionV1:
		return event.Event{}, nil, rejectf(ReasonMalformed, "specversion must be the string 1.0")
	}
	ce := event.New(event.CloudEventsVersionV1)
	var data any
	for _, name := range sortedKeys(members) {
		v := members[name]
		var err error
		switch name {
		case "specversion":
		case "data":
			data = v
		case "data_base64":
			data, err = base64Data(members, v)
		default:
			err = setStructuredAttr(&ce, name, v)
		}
		if err != nil {
			return event.Event{}, nil, reject(ReasonMalformed, err)
		}
	}
	if err := checkContentType(ce.DataContentType()); err != nil {
		return event.Event{}, nil, reject(ReasonMalformed, err)
	}
	return ce, data, nil
}

// setStructuredAttr sets one attribute or extension from its JSON value. Context
// attributes are strings; extensions are strings, booleans or 32-bit integers,
// and null means absent.
func setStructuredAttr(ce *event.Event, name string, v any) error {
	if isContextAttr(name) {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("attribute %s must be a string", name)
		}
		return setAttr(ce, name, s)
	}
	switch x := v.(type) {
	case nil:
		return nil
	case float64:
		if x != math.Trunc(x) || x < math.MinInt32 || x > math.MaxInt32 {
			return fmt.Errorf("extension %s must be a 32-bit integer", truncate(name, 40))
		}
		v = int32(x)
	case string, bool:
	default:
		return fmt.Errorf("extension %s must be a string, an integer or a boolean", truncate(name, 40))
	}
	if err := ce.Context.SetExtension(name, v); err != nil {
		return fmt.Errorf("extension %s: %w", truncate(name, 40), err)
	}
	return nil
}

// isContextAttr reports whether name is a CloudEvents 1.0 context attribute
// (other than specversion) rather than an extension.
func isContextAttr(name string) bool {
	switch name {
	case "id", "source", "type", "subject", "time", "datacontenttype", "dataschema":
		return true
	}
	return false
}

// setAttr sets a context attribute (or a string extension) from its string form.
func setAttr(ce *event.Event, name, s string) error {
	switch name {
	case "id":
		ce.SetID(s)
	case "source":
		ce.SetSource(s)
	case "type":
		ce.SetType(s)
	case "subject":
		ce.SetSubject(s)
	case "datacontenttype":
		ce.SetDataContentType(s)
	case "dataschema":
		ce.SetDataSchema(s)
	case "time":
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return errors.New("attribute time is not an RFC 3339 timestamp")
		}
		ce.SetTime(t)
	default:
		if err := ce.Context.SetExtension(name, s); err != nil {
			return fmt.Errorf("extension %s: %w", truncate(name, 40), err)
		}
	}
	return nil
}

// base64Data decodes the data_base64 member, which excludes data, and parses the
// JSON it holds.
func base64Data(members map[string]any, v any) (any, error) {
	if _, ok := members["data"]; ok {
		return nil, errors.New("both data and data_base64 are present")
	}
	s, ok := v.(string)
	if !ok {
		return nil, errors.New("data_base64 must be a string")
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("data_base64: %w", err)
	}
	return parseData(b)
}

// parseData parses JSON data; no data is nil, which fails every schema.
func parseData(b []byte) (any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("data is not JSON: %w", err)
	}
	return doc, nil
}

// checkContentType accepts no data content type or application/json, with or
// without parameters such as charset.
func checkContentType(ct string) error {
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("datacontenttype: %w", err)
	}
	if mt != MediaTypeJSON {
		return fmt.Errorf("datacontenttype %q is not JSON", truncate(mt, 60))
	}
	return nil
}

// attrError renders an sdk-go validation error on one line, attributes sorted.
func attrError(err error) error {
	var verr event.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("invalid attributes: %w", err)
	}
	parts := make([]string, 0, len(verr))
	for _, name := range sortedKeys(verr) {
		parts = append(parts, "attribute "+name+": "+verr[name].Error())
	}
	return errors.New(strings.Join(parts, "; "))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
