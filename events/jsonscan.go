package events

// The methods below let the typed decoders of fastdata.go walk a document
// with the grammar of jsonParser, without building generic values: what they
// take, parseJSON takes too, with the same values.

// literal consumes lit at the current position.
func (p *jsonParser) literal(lit string) bool {
	if len(p.b)-p.i >= len(lit) && string(p.b[p.i:p.i+len(lit)]) == lit {
		p.i += len(lit)
		return true
	}
	return false
}

// null consumes a null after optional space; false leaves the position at
// the value.
func (p *jsonParser) null() bool {
	p.space()
	return p.literal("null")
}

// at reports whether the next byte after optional space is c.
func (p *jsonParser) at(c byte) bool {
	p.space()
	return p.i < len(p.b) && p.b[p.i] == c
}

// skip checks a value of any kind and moves past it, building nothing.
func (p *jsonParser) skip() bool {
	p.space()
	if p.i >= len(p.b) {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.members(func([]byte) bool { return p.skip() })
	case c == '[':
		return p.elements(p.skip)
	case c == '"':
		_, ok := p.strBytes()
		return ok
	case c == '-' || '0' <= c && c <= '9':
		_, ok := p.float()
		return ok
	}
	return p.literal("true") || p.literal("false") || p.literal("null")
}

// members reads an object, calling member with each key (decoded) and the
// position before its value, which member must consume.
func (p *jsonParser) members(member func(key []byte) bool) bool {
	if !p.at('{') {
		return false
	}
	if p.depth++; p.depth > maxFastDepth {
		return false
	}
	p.i++
	if p.at('}') {
		p.i++
		p.depth--
		return true
	}
	for {
		if !p.at('"') {
			return false
		}
		k, ok := p.strBytes()
		if !ok || !p.at(':') {
			return false
		}
		p.i++
		if !member(k) {
			return false
		}
		done, ok := p.separator('}')
		if !ok {
			return false
		}
		if done {
			p.depth--
			return true
		}
	}
}

// elements reads an array, calling element before each element, which it
// must consume.
func (p *jsonParser) elements(element func() bool) bool {
	if !p.at('[') {
		return false
	}
	if p.depth++; p.depth > maxFastDepth {
		return false
	}
	p.i++
	if p.at(']') {
		p.i++
		p.depth--
		return true
	}
	for {
		if !element() {
			return false
		}
		done, ok := p.separator(']')
		if !ok {
			return false
		}
		if done {
			p.depth--
			return true
		}
	}
}

// strValue reads a string value (after optional space).
func (p *jsonParser) strValue() ([]byte, bool) {
	if !p.at('"') {
		return nil, false
	}
	return p.strBytes()
}

// floatValue reads a number value (after optional space).
func (p *jsonParser) floatValue() (float64, bool) {
	p.space()
	if p.i >= len(p.b) {
		return 0, false
	}
	if c := p.b[p.i]; c != '-' && (c < '0' || c > '9') {
		return 0, false
	}
	return p.float()
}

// end reports whether only space is left.
func (p *jsonParser) end() bool {
	p.space()
	return p.i == len(p.b)
}
