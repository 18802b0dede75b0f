package events

import (
	"fmt"
	"strings"
)

// The functions below build the typed data from a document that already passed
// its JSON Schema, so every present field has the right JSON type; they only
// normalise and fill defaults. Working from the parsed document avoids decoding
// the data a second time.

func leadFrom(m map[string]any) (*LeadCaptured, error) {
	p := obj(m, "lead")
	email, err := NormalizeEmail(str(p, "email"))
	if err != nil {
		return nil, fmt.Errorf("data: /lead/email: %w", err)
	}
	l := &LeadCaptured{Lead: Person{
		Email:      email,
		FirstName:  str(p, "first_name"),
		LastName:   str(p, "last_name"),
		Title:      str(p, "title"),
		Department: str(p, "department"),
		Country:    str(p, "country"),
	}}
	if l.Company, err = companyFrom(obj(m, "company"), "/company"); err != nil {
		return nil, err
	}
	if f := obj(m, "form"); f != nil {
		l.Form = &Form{ID: str(f, "id"), Kind: str(f, "kind"), URL: str(f, "url")}
		if l.Form.Kind == "" {
			l.Form.Kind = FormKindOther
		}
	}
	return l, nil
}

func triggerFrom(m map[string]any) (*TriggerDetected, error) {
	acct, err := accountFrom(m)
	if err != nil {
		return nil, err
	}
	t := &TriggerDetected{
		Account:   acct,
		Kind:      str(m, "kind"),
		Details:   obj(m, "details"),
		SourceURL: str(m, "source_url"),
	}
	if t.Company, err = companyFrom(obj(m, "company"), "/company"); err != nil {
		return nil, err
	}
	return t, nil
}

func usageFrom(m map[string]any) (*UsageRecorded, error) {
	acct, err := accountFrom(m)
	if err != nil {
		return nil, err
	}
	u := &UsageRecorded{Account: acct, User: str(m, "user"), Event: str(m, "event"), Count: 1}
	if n := num(m, "count"); n != nil {
		u.Count = int64(*n)
	}
	return u, nil
}

func accountFrom(m map[string]any) (AccountRef, error) {
	d, err := NormalizeDomain(str(obj(m, "account"), "domain"))
	if err != nil {
		return AccountRef{}, fmt.Errorf("data: /account/domain: %w", err)
	}
	return AccountRef{Domain: d}, nil
}

// companyFrom builds a Company; nil when the block is absent or null.
func companyFrom(c map[string]any, at string) (*Company, error) {
	if c == nil {
		return nil, nil
	}
	co := &Company{
		Name:          str(c, "name"),
		Industry:      str(c, "industry"),
		Country:       str(c, "country"),
		GrowthStage:   str(c, "growth_stage"),
		BusinessModel: str(c, "business_model"),
		AnnualRevenue: num(c, "annual_revenue"),
	}
	if d := str(c, "domain"); strings.TrimSpace(d) != "" {
		n, err := NormalizeDomain(d)
		if err != nil {
			return nil, fmt.Errorf("data: %s/domain: %w", at, err)
		}
		co.Domain = n
	}
	if n := num(c, "employees"); n != nil {
		e := int64(*n)
		co.Employees = &e
	}
	if ts, ok := c["tech_stack"].([]any); ok {
		co.TechStack = make([]string, 0, len(ts))
		for _, t := range ts {
			if s, ok := t.(string); ok {
				co.TechStack = append(co.TechStack, s)
			}
		}
	}
	return co, nil
}

func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func num(m map[string]any, key string) *float64 {
	f, ok := m[key].(float64)
	if !ok {
		return nil
	}
	return &f
}
