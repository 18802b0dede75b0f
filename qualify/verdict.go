package qualify

import "strings"

// leads computes each lead's role and verdict. The reason names the first
// failing condition, in the order of SPEC §4: account, disqualifier, grade,
// persona, then readiness ready, willing, able.
func (e *Evaluation) leads(a *Account, cfg *Config) {
	e.Leads = make([]LeadResult, len(a.Leads))
	acct := e.accountReason(a, cfg)
	for i := range a.Leads {
		l := &a.Leads[i]
		r := &e.Leads[i]
		r.Email, r.Title = l.Email, l.title()
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
		return "account disqualified: " + strings.Join(e.ICPs[e.best].DisqualifiedBy, "; ")
	case !e.Grade.AtLeast(cfg.Qualify.MinGrade):
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
