package qualify

// Explanation is the "explanation" object of the qualified and unqualified
// outputs (SPEC §5) for one lead. Its JSON shape is documented in doc.go.
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
