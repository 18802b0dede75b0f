package qualify

import (
	"regexp"
	"time"
)

// Config is a validated, precompiled configuration (README, Configuration). Build it with
// LoadConfig; it is read-only afterwards and safe for concurrent use.
type Config struct {
	Version   string
	ICPs      []ICP
	Grades    Grades
	Personas  []Persona
	Readiness Readiness
	Qualify   QualifyRule
	Routing   Routing

	kinds              [][]int32             // by length of a signal kind: indexes in Readiness.Signals
	forms              map[string]int32      // form kind ("demo_request") → signal rule index
	triggers           map[string]int32      // trigger kind ("tender") → signal rule index
	below              [numDimensions]string // "readiness.ready below 40"
	usageEvents        map[string]struct{}   // event names counted by "events" usage rules
	roleSet            map[string]struct{}   // Qualify.Personas as a set
	roleReason         map[string]string     // role not in Qualify.Personas → reason
	gradeReason        [4]string             // by Grade.rank(): "grade C below B", "" when not below
	disqualifiedReason map[string]string     // disqualifier rule → "account disqualified: <rule>"
	personaKey         uint32                // fingerprint of Personas, stamps cached lead roles
	maxWindow          UnixNano              // longest usage window
	minHalfLife        UnixNano              // shortest signal half-life
}

// ICP is one ideal customer profile.
type ICP struct {
	Name       string
	Attributes []Attribute
	Disqualify []Matcher
}

// Attribute is a weighted ICP attribute.
type Attribute struct {
	Matcher
	Weight float64
}

// Grades holds the minimum fit of grades A, B and C; below C is D.
type Grades struct {
	A, B, C float64
}

// Of returns the grade of a fit score.
func (g Grades) Of(fit float64) Grade {
	switch {
	case fit >= g.A:
		return GradeA
	case fit >= g.B:
		return GradeB
	case fit >= g.C:
		return GradeC
	}
	return GradeD
}

// Persona assigns Role to leads whose title matches TitleMatches.
type Persona struct {
	Role         string
	TitleMatches string
	re           *regexp.Regexp
}

// Readiness holds the rules of the three readiness dimensions.
type Readiness struct {
	Thresholds Scores
	Signals    []SignalRule
	Attributes []ReadinessAttribute
	Usage      []UsageRule
}

// SignalRule gives a signal kind ("form.demo_request", "trigger.tender") its
// dimension, points and half-life.
type SignalRule struct {
	Kind      string
	Dimension Dimension
	Points    float64
	HalfLife  time.Duration
}

// ReadinessAttribute adds Points to Dimension when its matcher matches.
type ReadinessAttribute struct {
	Matcher
	Dimension Dimension
	Points    float64
}

// UsageRule adds Points to Dimension when Metric over the window (T−Window, T]
// is at least AtLeast.
type UsageRule struct {
	Name      string
	Metric    Metric
	Event     string // for MetricEvents
	Window    time.Duration
	AtLeast   int64
	Dimension Dimension
	Points    float64
	window    string // Window as written in the explanation, e.g. "7d"
}

// QualifyRule is the qualification bar besides readiness thresholds.
type QualifyRule struct {
	MinGrade Grade
	Personas []string
}

// Routing holds segments, regions and queues.
type Routing struct {
	Segments    []Segment
	Regions     []Region
	Queues      []Queue
	StickyOwner bool
	// DropUnmatched is set by `unmatched: drop`: a lead no queue matches is
	// not routed. Without it the configuration must end in a catch-all queue.
	DropUnmatched bool
}

// Range is an inclusive numeric range; a nil bound is open.
type Range struct {
	Min, Max *float64
}

// Contains reports whether v lies within r.
func (r Range) Contains(v float64) bool {
	return (r.Min == nil || v >= *r.Min) && (r.Max == nil || v <= *r.Max)
}

// Segment is a size band by employees and by annual revenue.
type Segment struct {
	Name          string
	Employees     *Range
	AnnualRevenue *Range
}

// Region groups countries (upper-case ISO codes).
type Region struct {
	Name      string
	Countries []string
}

// Queue is an SDR queue; an empty Segment or Region matches any.
type Queue struct {
	Name    string
	Segment string
	Region  string
	Reps    []string
}

// ruleIndex returns the index in Readiness.Signals of the rule of a signal
// kind, if configured. Kinds are indexed by length, so most lookups make
// one string comparison (Evaluate makes one per signal).
func (c *Config) ruleIndex(kind string) (int32, bool) {
	if len(kind) < len(c.kinds) {
		for _, i := range c.kinds[len(kind)] {
			if c.Readiness.Signals[i].Kind == kind {
				return i, true
			}
		}
	}
	return 0, false
}
