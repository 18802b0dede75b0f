package qualify

// Explanation is the "explanation" object of the qualified and unqualified
// outputs (README, Outputs) for one lead, scores rounded to two decimals. Its JSON
// shape is documented in doc.go.
type Explanation struct {
	ICP       ICPResult     `json:"icp"`
	ICPs      []ICPScore    `json:"icps"`
	Persona   PersonaInfo   `json:"persona"`
	Readiness DimensionSet  `json:"readiness"`
	Usage     []UsageResult `json:"usage"`
	MinGrade  Grade         `json:"min_grade"`
	Personas  []string      `json:"qualifying_personas"`
	Qualified bool          `json:"qualified"`
	Reason    string        `json:"reason,omitempty"`
}

// ICPScore is the fit of one ICP.
type ICPScore struct {
	Name  string  `json:"name"`
	Fit   float64 `json:"fit"`
	Grade Grade   `json:"grade"`
}

// PersonaInfo is the lead's persona: role and the rule that gave it.
type PersonaInfo struct {
	Title string `json:"title,omitempty"`
	Role  string `json:"role"`
	Rule  string `json:"rule,omitempty"`
}

// DimensionSet holds the three dimension results by name.
type DimensionSet struct {
	Ready   DimensionResult `json:"ready"`
	Willing DimensionResult `json:"willing"`
	Able    DimensionResult `json:"able"`
}

// Explain returns the explanation for the lead with the given e-mail.
func (e *Evaluation) Explain(email string) (Explanation, bool) {
	r, ok := e.Lead(email)
	if !ok {
		return Explanation{}, false
	}
	x := Explanation{
		Persona:   PersonaInfo{Title: r.Title, Role: r.Role, Rule: r.Rule},
		Qualified: r.Qualified,
		Reason:    r.Reason,
		ICPs:      make([]ICPScore, len(e.ICPs)),
		Usage:     e.Usage,
		MinGrade:  e.MinGrade,
		Personas:  e.Personas,
	}
	for i, c := range e.ICPs {
		x.ICPs[i] = ICPScore{Name: c.Name, Fit: Round2(c.Fit), Grade: c.Grade}
	}
	if e.best >= 0 {
		x.ICP = e.ICPs[e.best]
		x.ICP.Fit = Round2(x.ICP.Fit)
	}
	x.Readiness = DimensionSet{Ready: e.explainDim(Ready), Willing: e.explainDim(Willing), Able: e.explainDim(Able)}
	return x, true
}

// explainDim is dimension d with its signals, rounded.
func (e *Evaluation) explainDim(dim Dimension) DimensionResult {
	d := e.Dimensions[dim]
	d.Score = Round2(d.Score)
	d.Signals = e.Signals(dim)
	for i := range d.Signals {
		d.Signals[i].Decayed = Round2(d.Signals[i].Decayed)
	}
	if d.Attributes == nil {
		d.Attributes = []ReadinessResult{}
	}
	if d.Usage == nil {
		d.Usage = []UsageResult{}
	}
	return d
}
