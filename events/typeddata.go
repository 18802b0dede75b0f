package events

import (
	"unicode/utf8"

	json "github.com/goccy/go-json/v2"
)

// The decoders below read the data of an input type into its struct with
// goccy/go-json/v2, then check the rules of its JSON Schema
// (schemas/lead.captured.json, trigger.detected.json, usage.recorded.json)
// for the common, plain case and normalise as leadFrom, triggerFrom and
// usageFrom do. They are stricter than the schemas (e.g. they take only
// ASCII e-mails and domains, and integers written as integers), never
// looser: false means "not sure", and the generic path decides. A field
// whose schema allows null but not "" (a country, a domain, a form kind, a
// user) is decoded through a pointer, so that null, absent and "" differ;
// a null where the schema wants a string decodes to "", which every such
// check refuses, and a null count to 0.

// personWire is a Person as decoded.
type personWire struct {
	Person
	Country *string `json:"country"`
}

// companyWire is a Company as decoded.
type companyWire struct {
	Company
	Domain  *string `json:"domain"`
	Country *string `json:"country"`
}

// leadBox holds a lead's data as decoded and as returned, in one allocation.
type leadBox struct {
	w struct {
		Lead    personWire   `json:"lead"`
		Company *companyWire `json:"company"`
		Form    *struct {
			Form
			Kind *string `json:"kind"`
		} `json:"form"`
	}
	l LeadCaptured
}

func leadData(b []byte) (*LeadCaptured, bool) {
	x := &leadBox{}
	if json.Unmarshal(b, &x.w) != nil {
		return nil, false
	}
	p := &x.w.Lead
	if !asciiEmail(p.Email) || !maxRunes(p.FirstName, 100) || !maxRunes(p.LastName, 100) ||
		!maxRunes(p.Title, 200) || !maxRunes(p.Department, 100) || !country(&p.Person.Country, p.Country) {
		return nil, false
	}
	email, err := NormalizeEmail(p.Email)
	if err != nil {
		return nil, false
	}
	x.l.Lead, x.l.Lead.Email = p.Person, email
	if f := x.w.Form; f != nil {
		f.Form.Kind = FormKindOther
		if f.Kind != nil {
			f.Form.Kind = *f.Kind
		}
		if !maxRunes(f.ID, 200) || !maxRunes(f.URL, 2048) || !formKinds[f.Form.Kind] {
			return nil, false
		}
		x.l.Form = &f.Form
	}
	var ok bool
	x.l.Company, ok = company(x.w.Company)
	return &x.l, ok
}

// triggerBox is triggerData's struct as decoded.
type triggerBox struct {
	TriggerDetected
	Company *companyWire `json:"company"`
}

func triggerData(b []byte) (*TriggerDetected, bool) {
	x := &triggerBox{}
	if json.Unmarshal(b, x) != nil {
		return nil, false
	}
	t := &x.TriggerDetected
	if !triggerKinds[t.Kind] || len(t.Details) > 100 || !maxRunes(t.SourceURL, 2048) || !account(&t.Account) {
		return nil, false
	}
	var ok bool
	t.Company, ok = company(x.Company)
	return t, ok
}

// usageBox is usageData's struct as decoded.
type usageBox struct {
	UsageRecorded
	User *string `json:"user"`
}

func usageData(b []byte) (*UsageRecorded, bool) {
	x := &usageBox{UsageRecorded: UsageRecorded{Count: 1}}
	if json.Unmarshal(b, x) != nil {
		return nil, false
	}
	u := &x.UsageRecorded
	if x.User != nil {
		if u.User = *x.User; !runesIn(u.User, 1, 200) {
			return nil, false
		}
	}
	return u, runesIn(u.Event, 1, 200) && u.Count >= 1 && u.Count <= 1e9 && account(&u.Account)
}

// account checks and normalises an account reference.
func account(a *AccountRef) bool {
	if !plainDomain(a.Domain) {
		return false
	}
	d, err := NormalizeDomain(a.Domain)
	a.Domain = d
	return err == nil
}

// company checks and normalises a company block; nil for null or absent.
func company(w *companyWire) (*Company, bool) {
	if w == nil {
		return nil, true
	}
	c := &w.Company
	if !maxRunes(c.Name, 200) || !maxRunes(c.Industry, 100) || !maxRunes(c.GrowthStage, 100) ||
		!maxRunes(c.BusinessModel, 100) || !country(&c.Country, w.Country) || len(c.TechStack) > 200 ||
		c.Employees != nil && (*c.Employees < 0 || *c.Employees > 1e8) ||
		c.AnnualRevenue != nil && (*c.AnnualRevenue < 0 || *c.AnnualRevenue > 1e15) {
		return nil, false
	}
	for _, s := range c.TechStack {
		if !runesIn(s, 1, 100) {
			return nil, false
		}
	}
	if w.Domain == nil {
		return c, true
	}
	if !plainDomain(*w.Domain) {
		return nil, false
	}
	d, err := NormalizeDomain(*w.Domain)
	c.Domain = d
	return c, err == nil
}

// country sets *dst to a country code that is null (nil) or two ASCII letters.
func country(dst *string, v *string) bool {
	if v == nil {
		return true
	}
	s := *v
	*dst = s
	return len(s) == 2 && isASCIILetter(s[0]) && isASCIILetter(s[1])
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// asciiEmail: 3 to 320 printable ASCII characters, no space, one @ between
// non-empty parts (the schema's pattern, restricted to ASCII).
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

// plainDomain: 1 to 260 printable ASCII characters, none of space @ / : ? #.
func plainDomain(s string) bool {
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

func maxRunes(s string, n int) bool { return runesIn(s, 0, n) }

// runesIn reports whether s has lo to hi characters (JSON Schema lengths
// count code points; a string has at most as many as it has bytes).
func runesIn(s string, lo, hi int) bool {
	if len(s) <= hi && (lo == 0 || lo == 1 && len(s) > 0) {
		return true
	}
	n := utf8.RuneCountInString(s)
	return n >= lo && n <= hi
}

// The enums of the schemas.
var (
	formKinds = map[string]bool{"demo_request": true, "pricing": true, "contact_sales": true, "trial_signup": true,
		"content_download": true, "webinar": true, "newsletter": true, "other": true}
	triggerKinds = map[string]bool{"funding_round": true, "acquisition": true, "merger": true, "leadership_hire": true,
		"hiring_surge": true, "layoffs": true, "bankruptcy": true, "tender": true, "regulatory_change": true,
		"negative_review": true, "scaling_issue": true, "new_project": true, "team_onboarding": true,
		"project_overrun": true, "tech_adopted": true, "tech_removed": true, "other": true}
)
