package qualify

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strings"
)

func (l *loader) grades(r *rawGrades) Grades {
	if r == nil {
		l.errorf("grades", "is required (A, B and C)")
		return Grades{}
	}
	g := Grades{A: l.percent(r.A, "grades.A"), B: l.percent(r.B, "grades.B"), C: l.percent(r.C, "grades.C")}
	if r.A != nil && r.B != nil && r.C != nil && !(g.A > g.B && g.B > g.C) {
		l.errorf("grades", "must be ordered A > B > C, got A %v, B %v, C %v", g.A, g.B, g.C)
	}
	return g
}

var roleRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func (l *loader) personas(raw []rawPersona) []Persona {
	out := make([]Persona, len(raw))
	for i, r := range raw {
		path := fmt.Sprintf("personas[%d]", i)
		out[i].Role = r.Role
		if !roleRE.MatchString(r.Role) || r.Role == "none" {
			l.errorf(path+".role", "must be a lower-case name like decision_maker (not %q, and not none)", r.Role)
		}
		if r.TitleMatches == nil || *r.TitleMatches == "" {
			l.errorf(path+".title_matches", "is required")
			continue
		}
		out[i].TitleMatches = *r.TitleMatches
		re, err := regexp.Compile(*r.TitleMatches)
		if err != nil {
			l.errorf(path+".title_matches", "invalid regular expression: %v", err)
		}
		out[i].re = re
	}
	return out
}

func (l *loader) readiness(r *rawReadiness) Readiness {
	var out Readiness
	if r == nil {
		l.errorf("readiness", "is required (thresholds at least)")
		return out
	}
	if r.Thresholds == nil {
		l.errorf("readiness.thresholds", "is required (ready, willing, able)")
	} else {
		t := r.Thresholds
		out.Thresholds = Scores{Ready: l.percent(t.Ready, "readiness.thresholds.ready"),
			Willing: l.percent(t.Willing, "readiness.thresholds.willing"),
			Able:    l.percent(t.Able, "readiness.thresholds.able")}
	}
	out.Signals = l.signals(r.Signals)
	for i, a := range r.Attributes {
		p := fmt.Sprintf("readiness.attributes[%d]", i)
		out.Attributes = append(out.Attributes, ReadinessAttribute{Matcher: l.matcher(&a.rawMatch, p),
			Dimension: l.dimension(a.Dimension, p+".dimension"), Points: l.positive(a.Points, p+".points")})
	}
	out.Usage = l.usage(r.Usage)
	return out
}

func (l *loader) dimension(s, path string) Dimension {
	d, ok := parseDimension(s)
	if !ok {
		l.errorf(path, "must be ready, willing or able, not %q", s)
	}
	return d
}

// knownKind reports whether kind is form.<form kind> or trigger.<trigger kind>.
func knownKind(kind string) bool {
	if k, ok := strings.CutPrefix(kind, "form."); ok {
		return slices.Contains(FormKinds, k)
	}
	if k, ok := strings.CutPrefix(kind, "trigger."); ok {
		return slices.Contains(TriggerKinds, k)
	}
	return false
}

func (l *loader) signals(raw []rawSignal) []SignalRule {
	out := make([]SignalRule, len(raw))
	kinds := map[string]bool{}
	for i, r := range raw {
		p := fmt.Sprintf("readiness.signals[%d]", i)
		if !knownKind(r.Kind) {
			l.errorf(p+".kind", "unknown signal kind %q (form.<form kind> or trigger.<trigger kind>)", r.Kind)
		} else {
			l.unique(kinds, r.Kind, p+".kind")
		}
		out[i] = SignalRule{Kind: r.Kind, Dimension: l.dimension(r.Dimension, p+".dimension"),
			Points: l.positive(r.Points, p+".points"), HalfLife: l.duration(r.HalfLife, p+".half_life")}
	}
	return out
}

func (l *loader) usage(raw []rawUsage) []UsageRule {
	out := make([]UsageRule, len(raw))
	names := map[string]bool{}
	for i, r := range raw {
		p := fmt.Sprintf("readiness.usage[%d]", i)
		l.unique(names, r.Name, p+".name")
		u := UsageRule{Name: r.Name, Metric: Metric(r.Metric), Event: r.Event,
			Window: l.duration(r.Window, p+".window"), Dimension: l.dimension(r.Dimension, p+".dimension"),
			Points: l.positive(r.Points, p+".points")}
		switch {
		case u.Metric != MetricActiveUsers && u.Metric != MetricEvents:
			l.errorf(p+".metric", "must be active_users or events, not %q", r.Metric)
		case u.Metric == MetricEvents && r.Event == "":
			l.errorf(p+".event", "is required with metric events")
		case u.Metric == MetricActiveUsers && r.Event != "":
			l.errorf(p+".event", "is only used with metric events")
		}
		limit := float64(MaxObservations)
		if u.Metric == MetricActiveUsers {
			limit = MaxUsers
		}
		if n := l.positive(r.AtLeast, p+".at_least"); n != float64(int64(n)) || n > limit {
			l.errorf(p+".at_least", "must be a whole number up to %v, not %v", limit, n)
		} else {
			u.AtLeast = int64(n)
		}
		out[i] = u
	}
	return out
}

func (l *loader) qualifyRule(r *rawQualify, personas []Persona) QualifyRule {
	if r == nil {
		l.errorf("qualify", "is required (min_grade and personas)")
		return QualifyRule{}
	}
	q := QualifyRule{MinGrade: Grade(r.MinGrade), Personas: r.Personas}
	if q.MinGrade.rank() < 0 {
		l.errorf("qualify.min_grade", "must be A, B, C or D, not %q", r.MinGrade)
	}
	if len(r.Personas) == 0 {
		l.errorf("qualify.personas", "at least one role is required")
	}
	for i, role := range r.Personas {
		ok := role == "none" || slices.ContainsFunc(personas, func(p Persona) bool { return p.Role == role })
		if !ok {
			l.errorf(fmt.Sprintf("qualify.personas[%d]", i), "role %q is not defined in personas", role)
		}
	}
	return q
}

// index precompiles the lookups used per event.
func (c *Config) index() {
	c.kinds = nil
	c.forms, c.triggers = map[string]int32{}, map[string]int32{}
	for i, s := range c.Readiness.Signals {
		if knownKind(s.Kind) { // else the configuration is refused; kinds are short
			for len(c.kinds) <= len(s.Kind) {
				c.kinds = append(c.kinds, nil)
			}
			c.kinds[len(s.Kind)] = append(c.kinds[len(s.Kind)], int32(i))
		}
		if k, ok := strings.CutPrefix(s.Kind, "form."); ok {
			c.forms[k] = int32(i)
		} else if k, ok := strings.CutPrefix(s.Kind, "trigger."); ok {
			c.triggers[k] = int32(i)
		}
		if hl := UnixNano(s.HalfLife); c.minHalfLife == 0 || hl < c.minHalfLife {
			c.minHalfLife = hl
		}
	}
	c.usageEvents = map[string]struct{}{}
	for i, u := range c.Readiness.Usage {
		c.Readiness.Usage[i].window = formatDuration(u.Window)
		if u.Metric == MetricEvents {
			c.usageEvents[u.Event] = struct{}{}
		}
		c.maxWindow = max(c.maxWindow, UnixNano(u.Window))
	}
	for d := Dimension(0); d < numDimensions; d++ {
		c.below[d] = fmt.Sprintf("readiness.%s below %v", d, c.Readiness.Thresholds.Get(d))
	}
	c.indexRoles()
	c.indexReasons()
}

// indexReasons precomputes the account-level reasons of Evaluate: a grade
// below min_grade and a single matching disqualifier.
func (c *Config) indexReasons() {
	for _, g := range []Grade{GradeA, GradeB, GradeC, GradeD} {
		if !g.AtLeast(c.Qualify.MinGrade) {
			c.gradeReason[g.rank()] = "grade " + string(g) + " below " + string(c.Qualify.MinGrade)
		}
	}
	c.disqualifiedReason = map[string]string{}
	for i := range c.ICPs {
		for j := range c.ICPs[i].Disqualify {
			rule := c.ICPs[i].Disqualify[j].String()
			c.disqualifiedReason[rule] = "account disqualified: " + rule
		}
	}
}

// indexRoles precomputes the persona checks of each lead.
func (c *Config) indexRoles() {
	c.roleSet = map[string]struct{}{}
	for _, r := range c.Qualify.Personas {
		c.roleSet[r] = struct{}{}
	}
	c.roleReason = map[string]string{}
	for _, r := range append([]string{RoleNone}, roles(c.Personas)...) {
		if _, ok := c.roleSet[r]; !ok {
			c.roleReason[r] = "persona " + r + " not in " + strings.Join(c.Qualify.Personas, ", ")
		}
	}
	h := fnv.New32a()
	for _, p := range c.Personas {
		fmt.Fprintf(h, "%q %q\n", p.Role, p.TitleMatches)
	}
	c.personaKey = h.Sum32() | 1 // never 0, the "not computed" key
}

func roles(ps []Persona) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Role
	}
	return out
}
