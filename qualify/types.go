package qualify

import (
	"fmt"
	"time"
)

// UnixNano is an instant as nanoseconds since the Unix epoch. Account state
// stores instants this way: compact in JSON and exact.
type UnixNano int64

// At converts t to a UnixNano.
func At(t time.Time) UnixNano { return UnixNano(t.UnixNano()) }

// Time converts u back to a UTC time.Time.
func (u UnixNano) Time() time.Time { return time.Unix(0, int64(u)).UTC() }

// Dimension is one of the three readiness dimensions.
type Dimension int8

// The readiness dimensions, in the order used by arrays indexed by Dimension.
const (
	Ready Dimension = iota
	Willing
	Able
	numDimensions
)

var dimensionNames = [numDimensions]string{"ready", "willing", "able"}

// String returns "ready", "willing" or "able".
func (d Dimension) String() string {
	if d < 0 || d >= numDimensions {
		return fmt.Sprintf("dimension(%d)", int8(d))
	}
	return dimensionNames[d]
}

// MarshalText encodes d by its name.
func (d Dimension) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a dimension name.
func (d *Dimension) UnmarshalText(b []byte) error {
	v, ok := parseDimension(string(b))
	if !ok {
		return fmt.Errorf("qualify: unknown dimension %q", b)
	}
	*d = v
	return nil
}

func parseDimension(s string) (Dimension, bool) {
	for i, n := range dimensionNames {
		if n == s {
			return Dimension(i), true
		}
	}
	return 0, false
}

// Scores holds one number per readiness dimension.
type Scores struct {
	Ready   float64 `json:"ready"`
	Willing float64 `json:"willing"`
	Able    float64 `json:"able"`
}

// Get returns the score of dimension d.
func (s Scores) Get(d Dimension) float64 {
	switch d {
	case Ready:
		return s.Ready
	case Willing:
		return s.Willing
	default:
		return s.Able
	}
}

// Set stores v as the score of dimension d.
func (s *Scores) Set(d Dimension, v float64) {
	switch d {
	case Ready:
		s.Ready = v
	case Willing:
		s.Willing = v
	default:
		s.Able = v
	}
}

// Grade is an ICP fit grade: A, B, C or D.
type Grade string

// The grades, best first.
const (
	GradeA Grade = "A"
	GradeB Grade = "B"
	GradeC Grade = "C"
	GradeD Grade = "D"
)

// rank orders grades: A=3 … D=0, anything else -1.
func (g Grade) rank() int {
	switch g {
	case GradeA:
		return 3
	case GradeB:
		return 2
	case GradeC:
		return 1
	case GradeD:
		return 0
	}
	return -1
}

// AtLeast reports whether g is as good as min or better.
func (g Grade) AtLeast(min Grade) bool { return g.rank() >= min.rank() && g.rank() >= 0 }

// Field names an account attribute usable in matchers.
type Field string

// The fields usable in a matcher (README, Configuration).
const (
	FieldIndustry      Field = "industry"
	FieldEmployees     Field = "employees"
	FieldAnnualRevenue Field = "annual_revenue"
	FieldCountry       Field = "country"
	FieldGrowthStage   Field = "growth_stage"
	FieldBusinessModel Field = "business_model"
	FieldTechStack     Field = "tech_stack"
	FieldDomain        Field = "domain"
)

// Op is a matcher operator.
type Op string

// The matcher operators (README, Configuration).
const (
	OpIn      Op = "in"
	OpNotIn   Op = "not_in"
	OpBetween Op = "between"
	OpAny     Op = "any"
	OpAll     Op = "all"
	OpMatches Op = "matches"
)

// Match is the outcome of a matcher on an account.
type Match string

// Matcher outcomes. An unknown value never matches.
const (
	Matched   Match = "matched"
	Unmatched Match = "unmatched"
	Unknown   Match = "unknown"
)

// Metric is what a usage rule counts.
type Metric string

// The usage metrics.
const (
	MetricActiveUsers Metric = "active_users" // distinct users in the window
	MetricEvents      Metric = "events"       // sum of counts of one named event
)

// FormKinds lists the form kinds (README, Events); signal kinds are "form.<kind>".
var FormKinds = []string{"demo_request", "pricing", "contact_sales", "trial_signup",
	"content_download", "webinar", "newsletter", "other"}

// TriggerKinds lists the trigger kinds (README, Events); signal kinds are "trigger.<kind>".
var TriggerKinds = []string{"funding_round", "acquisition", "merger", "leadership_hire",
	"hiring_surge", "layoffs", "bankruptcy", "tender", "regulatory_change",
	"negative_review", "scaling_issue", "new_project", "team_onboarding",
	"project_overrun", "tech_adopted", "tech_removed", "other"}
