package qualify

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// build turns the raw configuration into a Config, reporting every
// semantic problem.
func (l *loader) build(r *rawConfig) *Config {
	c := &Config{}
	if r.Version == nil || strings.TrimSpace(*r.Version) == "" {
		l.errorf("version", "is required")
	} else {
		c.Version = *r.Version
	}
	c.ICPs = l.icps(r.ICPs)
	c.Grades = l.grades(r.Grades)
	c.Personas = l.personas(r.Personas)
	c.Readiness = l.readiness(r.Readiness)
	c.Qualify = l.qualifyRule(r.Qualify, c.Personas)
	c.Routing = l.routing(r.Routing)
	c.index()
	return c
}

func (l *loader) icps(raw []rawICP) []ICP {
	if len(raw) == 0 {
		l.errorf("icps", "at least one ICP is required")
	}
	out := make([]ICP, len(raw))
	names := map[string]bool{}
	for i, r := range raw {
		path := fmt.Sprintf("icps[%d]", i)
		l.unique(names, r.Name, path+".name")
		out[i].Name = r.Name
		if n := len(r.Attributes); n == 0 {
			l.errorf(path+".attributes", "at least one attribute is required")
		} else if n < 5 || n > 10 {
			l.warnf(path+".attributes", "%d attributes; 5 to 10 are recommended", n)
		}
		for j, a := range r.Attributes {
			p := fmt.Sprintf("%s.attributes[%d]", path, j)
			m := l.matcher(&a.rawMatch, p)
			out[i].Attributes = append(out[i].Attributes,
				Attribute{Matcher: m, Weight: l.positive(a.Weight, p+".weight")})
		}
		for j, d := range r.Disqualify {
			out[i].Disqualify = append(out[i].Disqualify,
				l.matcher(&d, fmt.Sprintf("%s.disqualify[%d]", path, j)))
		}
	}
	return out
}

// unique checks that name is given and not used before.
func (l *loader) unique(seen map[string]bool, name, path string) {
	switch {
	case strings.TrimSpace(name) == "":
		l.errorf(path, "is required")
	case seen[name]:
		l.errorf(path, "%q is used twice", name)
	}
	seen[name] = true
}

var opFields = map[Op]map[Field]bool{
	OpIn:      {FieldIndustry: true, FieldCountry: true, FieldGrowthStage: true, FieldBusinessModel: true, FieldTechStack: true, FieldDomain: true},
	OpNotIn:   {FieldIndustry: true, FieldCountry: true, FieldGrowthStage: true, FieldBusinessModel: true, FieldTechStack: true, FieldDomain: true},
	OpMatches: {FieldIndustry: true, FieldCountry: true, FieldGrowthStage: true, FieldBusinessModel: true, FieldTechStack: true, FieldDomain: true},
	OpAny:     {FieldTechStack: true},
	OpAll:     {FieldTechStack: true},
	OpBetween: {FieldEmployees: true, FieldAnnualRevenue: true},
}

// matcher checks one field matcher: a known field and exactly one operator
// suited to it.
func (l *loader) matcher(r *rawMatch, path string) Matcher {
	m := Matcher{Field: Field(r.Field)}
	if r.Field == "" {
		l.errorf(path+".field", "is required")
		return m
	}
	if !opFields[OpIn][m.Field] && !opFields[OpBetween][m.Field] {
		l.errorf(path+".field", "unknown field %q", r.Field)
		return m
	}
	ops := l.ops(r, path, &m)
	switch {
	case len(ops) == 0:
		l.errorf(path, "needs one of in, not_in, between, any, all, matches")
	case len(ops) > 1:
		l.errorf(path, "has %s; use exactly one matcher", strings.Join(ops, " and "))
	case !opFields[m.Op][m.Field]:
		l.errorf(path+"."+string(m.Op), "%s cannot be used with field %s", m.Op, m.Field)
	default:
		if err := m.compile(); err != nil {
			l.errorf(path+".matches", "invalid regular expression: %v", err)
		}
	}
	return m
}

// ops reads the operators present in r into m and returns their names.
func (l *loader) ops(r *rawMatch, path string, m *Matcher) []string {
	var ops []string
	for _, o := range []struct {
		op   Op
		list *[]string
	}{{OpIn, r.In}, {OpNotIn, r.NotIn}, {OpAny, r.Any}, {OpAll, r.All}} {
		if o.list == nil {
			continue
		}
		ops, m.Op, m.Values = append(ops, string(o.op)), o.op, *o.list
		l.values(m.Values, path+"."+string(o.op))
	}
	if r.Between != nil {
		ops, m.Op = append(ops, string(OpBetween)), OpBetween
		m.Range = l.rangeOf(*r.Between, path+".between")
	}
	if r.Matches != nil {
		ops, m.Op, m.Pattern = append(ops, string(OpMatches)), OpMatches, *r.Matches
	}
	return ops
}

func (l *loader) values(vs []string, path string) {
	if len(vs) == 0 {
		l.errorf(path, "must list at least one value")
	}
	for i, v := range vs {
		if strings.TrimSpace(v) == "" {
			l.errorf(fmt.Sprintf("%s[%d]", path, i), "must not be empty")
		}
	}
}

// rangeOf checks [min, max] with null for an open bound.
func (l *loader) rangeOf(b []*float64, path string) Range {
	if len(b) != 2 {
		l.errorf(path, "must be [min, max] (null for an open bound)")
		return Range{}
	}
	r := Range{Min: b[0], Max: b[1]}
	switch {
	case r.Min == nil && r.Max == nil:
		l.errorf(path, "needs at least one bound")
	case r.Min != nil && !finite(*r.Min), r.Max != nil && !finite(*r.Max):
		l.errorf(path, "bounds must be finite numbers")
	case r.Min != nil && r.Max != nil && *r.Min > *r.Max:
		l.errorf(path, "min %v is above max %v", *r.Min, *r.Max)
	}
	return r
}

func finite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }

// positive checks a required number > 0.
func (l *loader) positive(v *float64, path string) float64 {
	switch {
	case v == nil:
		l.errorf(path, "is required")
	case !finite(*v) || *v <= 0:
		l.errorf(path, "must be a positive number, not %v", *v)
	default:
		return *v
	}
	return 0
}

// percent checks a required number in [0, 100].
func (l *loader) percent(v *float64, path string) float64 {
	switch {
	case v == nil:
		l.errorf(path, "is required")
	case !finite(*v) || *v < 0 || *v > 100:
		l.errorf(path, "must be between 0 and 100, not %v", *v)
	default:
		return *v
	}
	return 0
}

var durationRE = regexp.MustCompile(`^([0-9]{1,7})([mhd])$`)

// maxDuration bounds half-lives and windows (10 years), so that ten
// half-lives still fit in a UnixNano.
const maxDuration = 3650 * 24 * time.Hour

// parseDuration reads "30m", "12h" or "14d" (1m to 3650d).
func parseDuration(s string) (time.Duration, bool) {
	m := durationRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(m[1])
	unit := map[string]time.Duration{"m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[2]]
	d := time.Duration(n) * unit
	return d, n > 0 && d <= maxDuration
}

// formatDuration writes d in the largest whole unit of d, h or m.
func formatDuration(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return strconv.FormatInt(int64(d/time.Minute), 10) + "m"
}

func (l *loader) duration(s, path string) time.Duration {
	d, ok := parseDuration(s)
	if !ok {
		l.errorf(path, "must be a duration from 1m to 3650d like 30m, 12h or 14d, not %q", s)
	}
	return d
}
