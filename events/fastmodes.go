package events

import "github.com/nats-io/nats.go"

// structured reads a structured-mode payload for decodeFast: the attributes
// as JSON strings, the traceparent extension a string or null, other
// extensions null, and the data. Data before the type is checked, then
// decoded once the type is known.
func (a *attrSet) structured(b []byte) bool {
	p := jsonParser{b: b}
	dataAt := -1
	ok := p.members(func(k []byte) bool {
		switch string(k) {
		case "data":
			if !first(&a.seen, aData) {
				return false
			}
			if a.seen&aType != 0 {
				return a.decodeData(&p)
			}
			p.space()
			dataAt = p.i
			return p.skip()
		case "specversion":
			return a.structuredAttr(&p, aSpec)
		case "id":
			return a.structuredAttr(&p, aID)
		case "source":
			return a.structuredSource(&p)
		case "type":
			return a.structuredAttr(&p, aType)
		case "time":
			return a.structuredAttr(&p, aTime)
		case "subject":
			return a.structuredAttr(&p, aSubject)
		case "datacontenttype":
			return a.structuredAttr(&p, aContentType)
		case "traceparent":
			if a.seen&(aTraceParent|aTraceNull) != 0 {
				return false
			}
			if p.null() {
				return first(&a.seen, aTraceNull) // absent
			}
			return a.structuredAttr(&p, aTraceParent)
		}
		return isLowerExtName(k) && p.null()
	})
	if !ok || !p.end() {
		return false
	}
	if dataAt >= 0 {
		q := jsonParser{b: b, i: dataAt, depth: 1}
		return a.decodeData(&q)
	}
	return true
}

// structuredAttr reads the string value of attribute k.
func (a *attrSet) structuredAttr(p *jsonParser, k uint16) bool {
	b, ok := p.strValue()
	if !ok {
		return false
	}
	switch k { // compared, not kept: no string needed
	case aSpec:
		return first(&a.seen, k) && string(b) == "1.0"
	case aType:
		a.box.ctx.Type = inputType(string(b))
		return first(&a.seen, k) && a.box.ctx.Type != ""
	}
	return a.set(k, string(b))
}

// structuredSource reads the source, looking it up before making a string.
func (a *attrSet) structuredSource(p *jsonParser) bool {
	b, ok := p.strValue()
	if !ok {
		return false
	}
	if su := cachedSource(b); su != nil {
		a.source = su
		return first(&a.seen, aSource)
	}
	return a.set(aSource, string(b))
}

// isLowerExtName reports whether k is a valid extension name in lower case
// that names no context attribute.
func isLowerExtName(k []byte) bool {
	if len(k) == 0 {
		return false
	}
	for _, c := range k {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	switch string(k) {
	case "dataschema", "specversion", "id", "source", "type", "time", "subject", "datacontenttype":
		return false
	}
	return true
}

// binaryAttrs maps the attribute names decodeFast takes in binary mode.
var binaryAttrs = map[string]uint16{
	"specversion": aSpec, "id": aID, "source": aSource, "type": aType, "time": aTime,
	"subject": aSubject, "datacontenttype": aContentType, "traceparent": aTraceParent,
}

// binary reads a binary-mode event for decodeFast: the attributes above as
// single ce- headers (in any case), the payload as the data.
func (a *attrSet) binary(h nats.Header, payload []byte) bool {
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
	if a.seen&aType == 0 {
		return false
	}
	a.seen |= aData
	p := jsonParser{b: payload}
	return a.decodeData(&p) && p.end()
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
