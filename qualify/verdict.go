package qualify

import "strings"

// leads computes each lead's role and verdict. The reason names the first
// failing condition, in the order of the README's qualification rule: account, disqualifier, grade,
// persona, then readiness ready, willing, able.
func (e *Evaluation) leads(a *Account, cfg *Config) {
	e.Leads = reuse(e.buf.leads, len(a.Leads), 0)
	e.buf.leads = e.Leads
	acct := e.accountReason(a, cfg)
	for i := range a.Leads {
		l := &a.Leads[i]
		r := &e.Leads[i]
		*r = LeadResult{Email: l.Email, Title: l.title()}
		rule := l.Rule
		r.Role = l.Role
		if l.RoleKey != cfg.personaKey || r.Role == "" {
			r.Role, rule = cfg.persona(r.Title)
		}
		if rule > 0 && rule <= len(cfg.Personas) {
			r.Rule = cfg.Personas[rule-1].TitleMatches
		}
		r.Reason = acct
		if r.Reason == "" {
			r.Reason = cfg.roleReason[r.Role]
		}
		if r.Reason == "" {
			r.Reason = e.readinessReason(cfg)
		}
		r.Qualified = r.Reason == ""
	}
}

// accountReason is the account-level failing condition, "" when none.
func (e *Evaluation) accountReason(a *Account, cfg *Config) string {
	switch {
	case a.Domain == "":
		return "account unknown (free-mail lead)"
	case e.best < 0:
		return "no ICP"
	case e.Disqualified:
		by := e.ICPs[e.best].DisqualifiedBy
		if s, ok := cfg.disqualifiedReason[by[0]]; ok && len(by) == 1 {
			return s
		}
		return "account disqualified: " + strings.Join(by, "; ")
	case !e.Grade.AtLeast(cfg.Qualify.MinGrade):
		if r := e.Grade.rank(); r >= 0 && cfg.gradeReason[r] != "" {
			return cfg.gradeReason[r]
		}
		return "grade " + string(e.Grade) + " below " + string(cfg.Qualify.MinGrade)
	}
	return ""
}

// readinessReason is the first dimension below its threshold, "" when none.
func (e *Evaluation) readinessReason(cfg *Config) string {
	for d := Dimension(0); d < numDimensions; d++ {
		if !e.Dimensions[d].Passed {
			return cfg.below[d]
		}
	}
	return ""
}
