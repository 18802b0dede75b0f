package events

import (
	"math"
	"unicode/utf8"
)

// validFast is a hand-written check of the three input data schemas
// (schemas/lead.captured.json, trigger.detected.json, usage.recorded.json)
// for the common, plain case. true means doc certainly satisfies the
// schema of typ; false means "not sure": the JSON Schema decides, and
// produces the violations of a rejection. It is stricter than the schemas
// (e.g. it takes only ASCII e-mails and domains), never looser, so that
// decoding accepts and rejects exactly what the schemas do
// (TestValidFastImpliesSchema and FuzzValidFast check it); it only spares
// the schema evaluation of valid events, the largest cost of Decode.
func validFast(typ string, doc any) bool {
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	switch typ {
	case TypeLeadCaptured:
		return fastPerson(m["lead"]) && optional(m, "company", fastCompany) && optional(m, "form", fastForm)
	case TypeTriggerDetected:
		kind, ok := m["kind"].(string)
		return ok && fastAccountRef(m["account"]) && triggerKinds[kind] &&
			optional(m, "company", fastCompany) && optional(m, "details", fastDetails) &&
			optional(m, "source_url", nullableMaxLen(2048))
	case TypeUsageRecorded:
		ev, ok := m["event"].(string)
		return ok && fastAccountRef(m["account"]) && runeLenIn(ev, 1, 200) &&
			optional(m, "user", func(v any) bool { return v == nil || isStrLen(v, 1, 200) }) &&
			optional(m, "count", func(v any) bool { return isInteger(v, 1, 1e9) })
	}
	return false
}

// optional applies check to m[key] when the key is present.
func optional(m map[string]any, key string, check func(any) bool) bool {
	v, ok := m[key]
	return !ok || check(v)
}

func fastPerson(v any) bool {
	p, ok := v.(map[string]any)
	if !ok {
		return false
	}
	email, ok := p["email"].(string)
	return ok && fastEmail(email) &&
		optional(p, "first_name", nullableMaxLen(100)) && optional(p, "last_name", nullableMaxLen(100)) &&
		optional(p, "title", nullableMaxLen(200)) && optional(p, "department", nullableMaxLen(100)) &&
		optional(p, "country", fastCountry)
}

func fastCompany(v any) bool {
	if v == nil {
		return true
	}
	c, ok := v.(map[string]any)
	return ok &&
		optional(c, "domain", func(v any) bool { return v == nil || fastDomain(v) }) &&
		optional(c, "name", nullableMaxLen(200)) && optional(c, "industry", nullableMaxLen(100)) &&
		optional(c, "growth_stage", nullableMaxLen(100)) && optional(c, "business_model", nullableMaxLen(100)) &&
		optional(c, "country", fastCountry) &&
		optional(c, "employees", func(v any) bool { return v == nil || isInteger(v, 0, 1e8) }) &&
		optional(c, "annual_revenue", func(v any) bool { return v == nil || isNumber(v, 0, 1e15) }) &&
		optional(c, "tech_stack", fastTechStack)
}

func fastTechStack(v any) bool {
	if v == nil {
		return true
	}
	l, ok := v.([]any)
	if !ok || len(l) > 200 {
		return false
	}
	for _, s := range l {
		if !isStrLen(s, 1, 100) {
			return false
		}
	}
	return true
}

func fastForm(v any) bool {
	if v == nil {
		return true
	}
	f, ok := v.(map[string]any)
	return ok && optional(f, "id", nullableMaxLen(200)) && optional(f, "url", nullableMaxLen(2048)) &&
		optional(f, "kind", func(v any) bool {
			s, ok := v.(string)
			return v == nil || ok && formKinds[s]
		})
}

func fastAccountRef(v any) bool {
	a, ok := v.(map[string]any)
	return ok && fastDomain(a["domain"])
}

func fastDetails(v any) bool {
	if v == nil {
		return true
	}
	d, ok := v.(map[string]any)
	return ok && len(d) <= 100
}

// fastEmail: 3 to 320 printable ASCII characters, no space, one @ between
// non-empty parts (the schema's pattern, restricted to ASCII).
func fastEmail(s string) bool {
	if len(s) < 3 || len(s) > 320 {
		return false
	}
	at := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			return false
		case c == '@':
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	return at > 0 && at < len(s)-1
}

// fastDomain: a string of 1 to 260 printable ASCII characters, none of
// space @ / : ? #.
func fastDomain(v any) bool {
	s, ok := v.(string)
	if !ok || len(s) == 0 || len(s) > 260 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ' || c >= 0x7f, c == '@', c == '/', c == ':', c == '?', c == '#':
			return false
		}
	}
	return true
}

func fastCountry(v any) bool {
	if v == nil {
		return true
	}
	s, ok := v.(string)
	return ok && len(s) == 2 && isASCIILetter(s[0]) && isASCIILetter(s[1])
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// nullableMaxLen checks null or a string of at most n characters.
func nullableMaxLen(n int) func(any) bool {
	return func(v any) bool { return v == nil || isStrLen(v, 0, n) }
}

func isStrLen(v any, lo, hi int) bool {
	s, ok := v.(string)
	return ok && runeLenIn(s, lo, hi)
}

// runeLenIn reports whether s has lo to hi characters (JSON Schema lengths
// count code points; a string has at most as many as it has bytes).
func runeLenIn(s string, lo, hi int) bool {
	if len(s) <= hi && (lo == 0 || lo == 1 && len(s) > 0) {
		return true
	}
	n := utf8.RuneCountInString(s)
	return n >= lo && n <= hi
}

// isNumber checks a JSON number (float64, as Decode parses) in [lo, hi].
func isNumber(v any, lo, hi float64) bool {
	f, ok := v.(float64)
	return ok && f >= lo && f <= hi
}

// isInteger checks a JSON number without a fractional part in [lo, hi].
func isInteger(v any, lo, hi float64) bool {
	f, ok := v.(float64)
	return ok && f == math.Trunc(f) && f >= lo && f <= hi
}

// The enums of the schemas.
var (
	formKinds = map[string]bool{"demo_request": true, "pricing": true, "contact_sales": true, "trial_signup": true,
		"content_download": true, "webinar": true, "newsletter": true, "other": true}
	triggerKinds = map[string]bool{"funding_round": true, "acquisition": true, "merger": true, "leadership_hire": true,
		"hiring_surge": true, "layoffs": true, "bankruptcy": true, "tender": true, "regulatory_change": true,
		"negative_review": true, "scaling_issue": true, "new_project": true, "team_onboarding": true,
		"project_overrun": true, "tech_adopted": true, "tech_removed": true, "other": true}
)
