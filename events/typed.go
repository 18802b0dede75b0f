package events

import (
	"github.com/goccy/go-json/jsontext"
	json "github.com/goccy/go-json/v2"
	"github.com/nats-io/nats.go"
)

// decodeTyped decodes the common shape of a valid input straight into the
// typed data with goccy/go-json/v2, which reads JSON as encoding/json/v2
// does: member names matched exactly, a name given twice, invalid UTF-8 or
// a lone surrogate escape is an error. It takes plain string attributes (a
// string or null traceparent, other extensions null) and data that
// checkLead, checkTrigger or checkUsage take, and builds the sdk-go event
// context directly, as event.New and its setters would. ok is false for
// anything else, valid or not, and Decode then takes the generic path, which
// decides (and words every rejection); FuzzDecodeTyped checks that whatever
// decodeTyped returns, the generic path returns too.
func decodeTyped(msg *nats.Msg, opts DecodeOptions) (*Event, bool) {
	a := attrSet{box: &eventBox{}}
	data := msg.Data
	if isStructured(msg.Header) {
		if data = a.structured(msg.Data); data == nil {
			return nil, false
		}
	} else if !a.binary(msg.Header) {
		return nil, false
	}
	a.seen |= aData
	if !a.decodeData(data) {
		return nil, false
	}
	return a.finish(msg.Header, opts)
}

// absent is the value an optional string attribute keeps when the member is
// absent: invalid UTF-8, so no JSON string decodes to it.
const absent = "\xff"

// envelope is the JSON event format as decodeTyped reads it. A null
// subject or datacontenttype decodes to "", like an empty one, which the
// generic path decides; a null traceparent is nil, like an absent one.
// Other members land in Extensions.
type envelope struct {
	SpecVersion     string         `json:"specversion"`
	ID              string         `json:"id"`
	Source          string         `json:"source"`
	Type            string         `json:"type"`
	Time            string         `json:"time"`
	Subject         string         `json:"subject"`
	DataContentType string         `json:"datacontenttype"`
	TraceParent     *string        `json:"traceparent"`
	Data            jsontext.Value `json:"data"`
	Extensions      jsontext.Value `json:",embed"`
}

// structured reads a structured-mode payload and returns its data, nil when
// decodeTyped leaves the payload to the generic path.
func (a *attrSet) structured(b []byte) []byte {
	env := envelope{Subject: absent, DataContentType: absent}
	if json.Unmarshal(b, &env) != nil || env.Data == nil || !nullExtensions(env.Extensions) {
		return nil
	}
	ok := a.set(aSpec, env.SpecVersion) && a.set(aID, env.ID) && a.set(aSource, env.Source) &&
		a.set(aType, env.Type) && a.set(aTime, env.Time) &&
		optionalAttr(a, aSubject, env.Subject) && optionalAttr(a, aContentType, env.DataContentType) &&
		(env.TraceParent == nil || a.set(aTraceParent, *env.TraceParent))
	if !ok {
		return nil
	}
	return env.Data
}

// optionalAttr sets an optional attribute that is present; "" (which may
// have been null) is left to the generic path.
func optionalAttr(a *attrSet, k uint16, v string) bool {
	return v == absent || v != "" && a.set(k, v)
}

// nullExtensions reports whether the members other than the attributes, a
// JSON object or nothing, are null extensions with valid lower-case names,
// which mean absent.
func nullExtensions(ext jsontext.Value) bool {
	if ext == nil {
		return true
	}
	var m map[string]jsontext.Value
	if json.Unmarshal(ext, &m) != nil {
		return false
	}
	for k, v := range m {
		if !isLowerExtName(k) || string(v) != "null" {
			return false
		}
	}
	return true
}

// isLowerExtName reports whether k is a valid extension name in lower case
// that names no context attribute.
func isLowerExtName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	switch k {
	case "dataschema", "specversion", "id", "source", "type", "time", "subject", "datacontenttype", "data":
		return false
	}
	return true
}

// decodeData decodes and checks the data of the event's type.
func (a *attrSet) decodeData(data []byte) bool {
	e := &a.box.ev
	var ok bool
	switch a.box.ctx.Type {
	case TypeLeadCaptured:
		e.Lead, ok = leadData(data)
	case TypeTriggerDetected:
		e.Trigger, ok = triggerData(data)
	case TypeUsageRecorded:
		e.Usage, ok = usageData(data)
	}
	return ok
}
