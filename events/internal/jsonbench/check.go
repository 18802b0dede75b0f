package jsonbench

import (
	"unicode/utf8"

	"github.com/leadq/leadq/events"
)

// The checks below are the rules of the data schemas (schemas/*.json) that
// the typed decoder of events.Decode checks, here on the typed structs of
// package events as a library filled them, followed by the same normalisation. Like
// that decoder they are stricter than the schemas (ASCII e-mails and
// domains), except where the typed structs cannot tell: see
// TestLibraryDifferences.

// checkLead checks and normalises lead.captured data.
func checkLead(l *events.LeadCaptured) bool {
	p := &l.Lead
	if !asciiEmail(p.Email) || !maxRunes(p.FirstName, 100) || !maxRunes(p.LastName, 100) ||
		!maxRunes(p.Title, 200) || !maxRunes(p.Department, 100) || !country(p.Country) {
		return false
	}
	email, err := events.NormalizeEmail(p.Email)
	if err != nil {
		return false
	}
	p.Email = email
	if l.Form != nil {
		f := l.Form
		if f.Kind == "" {
			f.Kind = events.FormKindOther
		}
		if !maxRunes(f.ID, 200) || !maxRunes(f.URL, 2048) || !formKinds[f.Kind] {
			return false
		}
	}
	return checkCompany(l.Company)
}

// checkTrigger checks and normalises trigger.detected data.
func checkTrigger(t *events.TriggerDetected) bool {
	return triggerKinds[t.Kind] && len(t.Details) <= 100 && maxRunes(t.SourceURL, 2048) &&
		checkAccount(&t.Account) && checkCompany(t.Company)
}

// checkUsage checks and normalises usage.recorded data.
func checkUsage(u *events.UsageRecorded) bool {
	return runesIn(u.Event, 1, 200) && maxRunes(u.User, 200) && u.Count >= 1 && u.Count <= 1e9 &&
		checkAccount(&u.Account)
}

func checkAccount(a *events.AccountRef) bool {
	if !asciiDomain(a.Domain) {
		return false
	}
	d, err := events.NormalizeDomain(a.Domain)
	a.Domain = d
	return err == nil
}

func checkCompany(c *events.Company) bool {
	if c == nil {
		return true
	}
	if !maxRunes(c.Name, 200) || !maxRunes(c.Industry, 100) || !maxRunes(c.GrowthStage, 100) ||
		!maxRunes(c.BusinessModel, 100) || !country(c.Country) || len(c.TechStack) > 200 ||
		c.Employees != nil && (*c.Employees < 0 || *c.Employees > 1e8) ||
		c.AnnualRevenue != nil && (*c.AnnualRevenue < 0 || *c.AnnualRevenue > 1e15) {
		return false
	}
	for _, s := range c.TechStack {
		if !runesIn(s, 1, 100) {
			return false
		}
	}
	if c.Domain == "" {
		return true
	}
	if !asciiDomain(c.Domain) {
		return false
	}
	d, err := events.NormalizeDomain(c.Domain)
	c.Domain = d
	return err == nil
}

// asciiEmail: 3 to 320 printable ASCII characters, no space, one @ between
// non-empty parts.
func asciiEmail(s string) bool {
	if len(s) < 3 || len(s) > 320 {
		return false
	}
	at := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ' || c >= 0x7f:
			return false
		case c == '@':
			if at >= 0 {
				return false
			}
			at = i
		}
	}
	return at > 0 && at < len(s)-1
}

// asciiDomain: 1 to 260 printable ASCII characters, none of space @ / : ? #.
func asciiDomain(s string) bool {
	if len(s) == 0 || len(s) > 260 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ' || c >= 0x7f, c == '@', c == '/', c == ':', c == '?', c == '#':
			return false
		}
	}
	return true
}

func country(s string) bool {
	return s == "" || len(s) == 2 && isLetter(s[0]) && isLetter(s[1])
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func maxRunes(s string, n int) bool { return runesIn(s, 0, n) }

// runesIn reports whether s has lo to hi code points.
func runesIn(s string, lo, hi int) bool {
	if len(s) <= hi && (lo == 0 || lo == 1 && len(s) > 0) {
		return true
	}
	n := utf8.RuneCountInString(s)
	return n >= lo && n <= hi
}

// The enums of the schemas.
var (
	formKinds = set("demo_request", "pricing", "contact_sales", "trial_signup", "content_download",
		"webinar", "newsletter", "other")
	triggerKinds = set("funding_round", "acquisition", "merger", "leadership_hire", "hiring_surge",
		"layoffs", "bankruptcy", "tender", "regulatory_change", "negative_review", "scaling_issue",
		"new_project", "team_onboarding", "project_overrun", "tech_adopted", "tech_removed", "other")
)

func set(vals ...string) map[string]bool {
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		m[v] = true
	}
	return m
}
