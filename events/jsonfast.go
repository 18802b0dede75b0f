package events

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// unmarshalAny is json.Unmarshal(data, v) for v of type *any, through
// parseJSON when it can parse data exactly as encoding/json does; otherwise
// (syntax errors included) through encoding/json, so errors are its own.
func unmarshalAny(data []byte, v *any) error {
	if doc, ok := parseJSON(data); ok {
		*v = doc
		return nil
	}
	return json.Unmarshal(data, v)
}

// unmarshalObject is json.Unmarshal(data, m) for m of type
// *map[string]any, by the same rule.
func unmarshalObject(data []byte, m *map[string]any) error {
	if doc, ok := parseJSON(data); ok {
		switch x := doc.(type) {
		case map[string]any:
			*m = x
			return nil
		case nil: // JSON null leaves the map as it is
			return nil
		}
	}
	return json.Unmarshal(data, m)
}

// maxFastDepth bounds the nesting parseJSON handles (encoding/json allows
// 10,000 levels; deeper documents go to it).
const maxFastDepth = 64

// parseJSON parses a JSON document into the values encoding/json gives an
// any (map[string]any, []any, string, float64, bool, nil), several times
// faster and with fewer allocations. It handles what input events hold;
// ok is false for anything it does not parse exactly as encoding/json would:
// invalid JSON, invalid UTF-8, surrogate escapes, numbers out of range,
// deep nesting. FuzzParseJSON checks it against encoding/json.
func parseJSON(data []byte) (v any, ok bool) {
	p := jsonParser{b: data}
	if v, ok = p.value(); !ok {
		return nil, false
	}
	p.space()
	return v, p.i == len(p.b)
}

type jsonParser struct {
	b     []byte
	i     int
	depth int
}

func (p *jsonParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (any, bool) {
	p.space()
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		if s, ok := p.str(); ok {
			return s, true
		}
		return nil, false
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	}
	for _, lit := range [...]struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(p.b)-p.i >= len(lit.text) && string(p.b[p.i:p.i+len(lit.text)]) == lit.text {
			p.i += len(lit.text)
			return lit.v, true
		}
	}
	return nil, false
}

func (p *jsonParser) object() (any, bool) {
	if p.depth++; p.depth > maxFastDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	p.i++ // {
	m := map[string]any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return m, true
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, false
		}
		k, ok := p.str()
		if !ok {
			return nil, false
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, false
		}
		p.i++
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		m[k] = v
		if done, ok := p.separator('}'); !ok || done {
			return m, ok
		}
	}
}

func (p *jsonParser) array() (any, bool) {
	if p.depth++; p.depth > maxFastDepth {
		return nil, false
	}
	defer func() { p.depth-- }()
	p.i++ // [
	a := []any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return a, true
	}
	for {
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		a = append(a, v)
		if done, ok := p.separator(']'); !ok || done {
			return a, ok
		}
	}
}

// str reads a string: plain bytes are taken as they are, the simple
// escapes and \u escapes outside the surrogate range are decoded; anything
// else (control characters, invalid UTF-8, surrogates) gives up.
func (p *jsonParser) str() (string, bool) {
	b, ok := p.strBytes()
	if !ok {
		return "", false
	}
	return string(b), true
}

// strBytes is str without the string: the decoded bytes, which are a slice
// of the input when the string has no escape.
func (p *jsonParser) strBytes() ([]byte, bool) {
	p.i++ // "
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			return s, true
		case c == '\\':
			return p.escapedStr(start)
		case c < 0x20:
			return nil, false
		case c < utf8.RuneSelf:
			p.i++
		default:
			r, size := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError && size == 1 {
				return nil, false
			}
			p.i += size
		}
	}
	return nil, false
}

// escapedStr continues strBytes from the first backslash.
func (p *jsonParser) escapedStr(start int) ([]byte, bool) {
	buf := append(make([]byte, 0, p.i-start+16), p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return buf, true
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return nil, false
			}
			e := p.b[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				if p.i+4 > len(p.b) {
					return nil, false
				}
				r, err := strconv.ParseUint(string(p.b[p.i:p.i+4]), 16, 32)
				if err != nil || r >= 0xD800 && r <= 0xDFFF {
					return nil, false
				}
				buf = utf8.AppendRune(buf, rune(r))
				p.i += 4
			default:
				return nil, false
			}
		case c < 0x20:
			return nil, false
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.i++
		default:
			r, size := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError && size == 1 {
				return nil, false
			}
			buf = append(buf, p.b[p.i:p.i+size]...)
			p.i += size
		}
	}
	return nil, false
}

// number reads a number of the JSON grammar as a float64.
func (p *jsonParser) number() (any, bool) {
	f, ok := p.float()
	if !ok {
		return nil, false
	}
	return f, true
}

// float is number without the interface.
func (p *jsonParser) float() (float64, bool) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.i < len(p.b) && '1' <= p.b[p.i] && p.b[p.i] <= '9':
		p.digits()
	default:
		return 0, false
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if !p.digits() {
			return 0, false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	return f, err == nil
}

// digits skips one or more digits; false when there is none.
func (p *jsonParser) digits() bool {
	start := p.i
	for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

// separator reads what follows a member or an element: a comma (more to
// come) or the closing byte (done); anything else is not JSON.
func (p *jsonParser) separator(closing byte) (done, ok bool) {
	p.space()
	if p.i >= len(p.b) {
		return false, false
	}
	switch p.b[p.i] {
	case ',':
		p.i++
		return false, true
	case closing:
		p.i++
		return true, true
	}
	return false, false
}
