package qualify

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Matcher tests one account field with one operator. Sets compare
// case-insensitively; an unknown field value never matches (not even not_in).
// On tech_stack, in/any match when any element is in the set, not_in when none
// is, all when every set member is present, matches when any element matches.
type Matcher struct {
	Field   Field
	Op      Op
	Values  []string // in, not_in, any, all (as written)
	Range   Range    // between
	Pattern string   // matches

	set   map[string]struct{} // lower-cased Values
	small []string            // the keys of set when it has at most maxSmallSet
	re    *regexp.Regexp
	desc  string
}

// String describes the matcher, e.g. "industry in [software, saas]".
func (m *Matcher) String() string {
	if m.desc == "" {
		return m.describe()
	}
	return m.desc
}

func (m *Matcher) describe() string {
	var b strings.Builder
	b.WriteString(string(m.Field))
	b.WriteByte(' ')
	b.WriteString(string(m.Op))
	b.WriteByte(' ')
	switch m.Op {
	case OpBetween:
		b.WriteString("[" + bound(m.Range.Min) + ", " + bound(m.Range.Max) + "]")
	case OpMatches:
		b.WriteString(strconv.Quote(m.Pattern))
	default:
		b.WriteString("[" + strings.Join(m.Values, ", ") + "]")
	}
	return b.String()
}

func bound(p *float64) string {
	if p == nil {
		return "null"
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// compile prepares the set, regexp and description; it reports a bad regexp.
func (m *Matcher) compile() error {
	if m.Op == OpMatches {
		re, err := regexp.Compile(m.Pattern)
		if err != nil {
			return err
		}
		m.re = re
	}
	if len(m.Values) > 0 {
		m.set = make(map[string]struct{}, len(m.Values))
		for _, v := range m.Values {
			m.set[strings.ToLower(v)] = struct{}{}
		}
		if len(m.set) <= maxSmallSet {
			m.small = slices.Sorted(maps.Keys(m.set))
		}
	}
	m.desc = m.describe()
	return nil
}

// Match applies the matcher to the account's current firmographics.
func (m *Matcher) Match(a *Account) Match {
	switch m.Field {
	case FieldEmployees:
		return m.number(a.Firm.Employees)
	case FieldAnnualRevenue:
		return m.number(a.Firm.AnnualRevenue)
	case FieldTechStack:
		if a.Firm.TechStack == nil {
			return Unknown
		}
		return m.list(a.Firm.TechStack.V)
	case FieldDomain:
		return m.text(a.Domain)
	}
	t := a.Firm.text(m.Field)
	if t == nil {
		return Unknown
	}
	return m.text(t.V)
}

func (m *Matcher) number(n *Number) Match {
	if n == nil {
		return Unknown
	}
	if m.Op == OpBetween && m.Range.Contains(n.V) {
		return Matched
	}
	return Unmatched
}

func (m *Matcher) text(v string) Match {
	if v == "" {
		return Unknown
	}
	var ok bool
	switch m.Op {
	case OpIn, OpAny, OpAll:
		ok = m.contains(v)
	case OpNotIn:
		ok = !m.contains(v)
	case OpMatches:
		ok = m.re.MatchString(v)
	}
	return verdict(ok)
}

func (m *Matcher) list(vs []string) Match {
	hits := 0
	for _, v := range vs {
		var hit bool
		if m.Op == OpMatches {
			hit = m.re.MatchString(v)
		} else {
			hit = m.contains(v)
		}
		if hit {
			hits++
		}
	}
	switch m.Op {
	case OpNotIn:
		return verdict(hits == 0)
	case OpAll:
		return verdict(m.coversSet(vs))
	}
	return verdict(hits > 0)
}

// coversSet reports whether every member of the set occurs in vs.
func (m *Matcher) coversSet(vs []string) bool {
	for want := range m.set {
		found := false
		for _, v := range vs {
			if strings.EqualFold(v, want) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return len(m.set) > 0
}

func verdict(ok bool) Match {
	if ok {
		return Matched
	}
	return Unmatched
}

// maxSmallSet is the largest set contains scans instead of hashing.
const maxSmallSet = 12

// contains reports whether s, lower-cased, is in the set: for ASCII s and
// a small set by comparing with each member, else by inSet.
func (m *Matcher) contains(s string) bool {
	if m.small == nil {
		return inSet(m.set, s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return inSet(m.set, s)
		}
	}
	for _, v := range m.small {
		if len(v) == len(s) && equalLowerASCII(s, v) {
			return true
		}
	}
	return false
}

// equalLowerASCII reports whether the ASCII s, lower-cased, equals v (as
// long as s).
func equalLowerASCII(s, v string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != v[i] {
			return false
		}
	}
	return true
}

// inSet looks s up case-insensitively without allocating for short ASCII s.
func inSet(set map[string]struct{}, s string) bool {
	var buf [64]byte
	if len(s) > len(buf) {
		_, ok := set[strings.ToLower(s)]
		return ok
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			_, ok := set[strings.ToLower(s)]
			return ok
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	_, ok := set[string(buf[:len(s)])]
	return ok
}
