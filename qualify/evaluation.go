package qualify

import "time"

// Evaluation is the result of Evaluate: the account's ICP fit, readiness and
// the verdict of every lead, as of EvaluatedAt. It is JSON-serialisable.
type Evaluation struct {
	Account       string    `json:"account"`
	Name          string    `json:"name,omitempty"`
	EvaluatedAt   time.Time `json:"evaluated_at"`
	ConfigVersion string    `json:"config_version"`

	ICP          string      `json:"icp"`   // best ICP (ties: first in the file)
	Fit          float64     `json:"fit"`   // of the best ICP
	Grade        Grade       `json:"grade"` // of the best ICP
	Disqualified bool        `json:"disqualified"`
	ICPs         []ICPResult `json:"icps"` // every ICP, in file order

	Readiness  Scores                         `json:"readiness"`
	Dimensions [numDimensions]DimensionResult `json:"dimensions"` // indexed by Dimension
	Usage      []UsageResult                  `json:"usage"`      // every usage rule

	MinGrade Grade        `json:"min_grade"`           // qualify.min_grade
	Personas []string     `json:"qualifying_personas"` // qualify.personas
	Leads    []LeadResult `json:"leads"`               // in Account.Leads order

	best    int
	cfg     *Config
	now     UnixNano       // EvaluatedAt
	contrib []contribution // live signals, in state order
	decayed []float64      // their decayed points, for NextRecheck only
	buf     evalBuffers
}

// evalBuffers keeps the memory of an Evaluation's slices for EvaluateInto;
// the exported slices and contrib are slices of these.
type evalBuffers struct {
	icps     []ICPResult
	attrs    []AttributeResult // the Attributes of all ICPs
	dq       []string          // the DisqualifiedBy of all ICPs
	usage    []UsageResult
	dimAttrs [numDimensions][]ReadinessResult
	dimUsage [numDimensions][]UsageResult
	leads    []LeadResult
	contrib  []contribution
	decayed  []float64
}

// ICPResult is the fit of one ICP.
type ICPResult struct {
	Name           string            `json:"name"`
	Fit            float64           `json:"fit"`
	Grade          Grade             `json:"grade"`
	Attributes     []AttributeResult `json:"attributes"`
	Disqualified   bool              `json:"disqualified"`
	DisqualifiedBy []string          `json:"disqualified_by,omitempty"` // matching rules
}

// AttributeResult is one ICP attribute's outcome.
type AttributeResult struct {
	Field  Field   `json:"field"`
	Rule   string  `json:"rule"` // e.g. "industry in [software, saas]"
	Weight float64 `json:"weight"`
	Result Match   `json:"result"`
}

// DimensionResult is one readiness dimension with what contributed to it.
type DimensionResult struct {
	Dimension  Dimension         `json:"dimension"`
	Score      float64           `json:"score"` // capped at 100
	Threshold  float64           `json:"threshold"`
	Passed     bool              `json:"passed"`
	Signals    []SignalResult    `json:"signals"`    // contributing, oldest first; set by Explain (see Evaluation.Signals)
	Attributes []ReadinessResult `json:"attributes"` // matching static attributes
	Usage      []UsageResult     `json:"usage"`      // passing usage rules
}

// SignalResult is one contributing signal with raw and decayed points.
type SignalResult struct {
	Kind    string    `json:"kind"`
	Time    time.Time `json:"time"`
	Points  float64   `json:"points"`
	Decayed float64   `json:"decayed"`
}

// ReadinessResult is a matching static readiness attribute.
type ReadinessResult struct {
	Rule   string  `json:"rule"`
	Points float64 `json:"points"`
}

// UsageResult is one usage rule over its window (T−window, T].
type UsageResult struct {
	Name      string    `json:"name"`
	Metric    Metric    `json:"metric"`
	Event     string    `json:"event,omitempty"`
	Window    string    `json:"window"`
	Value     int64     `json:"value"`
	AtLeast   int64     `json:"at_least"`
	Dimension Dimension `json:"dimension"`
	Points    float64   `json:"points"`
	Passed    bool      `json:"passed"`
}

// LeadResult is one lead's persona and verdict.
type LeadResult struct {
	Email     string `json:"email"`
	Title     string `json:"title,omitempty"`
	Role      string `json:"role"`           // "none" when no persona matches
	Rule      string `json:"rule,omitempty"` // title_matches of the persona rule
	Qualified bool   `json:"qualified"`
	Reason    string `json:"reason,omitempty"` // first failing condition
}

// Lead returns the result of the lead with the given e-mail.
func (e *Evaluation) Lead(email string) (*LeadResult, bool) {
	for i := range e.Leads {
		if e.Leads[i].Email == email {
			return &e.Leads[i], true
		}
	}
	return nil, false
}
