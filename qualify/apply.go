package qualify

import (
	"slices"
	"time"
)

// Apply folds one event into the account and reports whether the state
// changed. It is idempotent and order-independent: applying any permutation
// of a set of events, with or without repeats, gives an equal Account (and
// equal JSON). A zero Account takes the event's domain; an event of another
// account returns ErrAccountMismatch, an incomplete one ErrInvalidEvent.
// A lead event makes a "form.<FormKind>" signal, a trigger event a
// "trigger.<TriggerKind>" signal, when the configuration scores that kind.
func (a *Account) Apply(cfg *Config, ev Event) (bool, error) {
	if err := ev.validate(); err != nil {
		return false, err
	}
	if ev.Account != a.Domain {
		if a.Domain != "" || a.Clock != 0 || len(a.Leads) > 0 {
			return false, ErrAccountMismatch
		}
		a.Domain = ev.Account
	}
	st := ev.stamp()
	ch := a.advance(cfg, st.T)
	ch = a.Firm.merge(&ev.Company, st) || ch
	switch ev.Kind {
	case LeadCaptured:
		ch = a.mergeLead(cfg, &ev.Lead, st) || ch
		if ri, ok := cfg.forms[ev.FormKind]; ok {
			ch = a.addSignal(cfg, ri, st) || ch
		}
	case TriggerDetected:
		if ri, ok := cfg.triggers[ev.TriggerKind]; ok {
			ch = a.addSignal(cfg, ri, st) || ch
		}
	case UsageRecorded:
		ch = a.addUsage(cfg, &ev, st) || ch
	}
	return ch, nil
}

// Advance moves the account clock forward to t, for a time-based re-check,
// and prunes what fell out of every window. An earlier t changes nothing.
func (a *Account) Advance(cfg *Config, t time.Time) bool {
	return a.advance(cfg, At(t))
}

func (a *Account) advance(cfg *Config, t UnixNano) bool {
	if t <= a.Clock {
		return false
	}
	a.Clock = t
	a.prune(cfg)
	return true
}

// merge applies the known fields of c, last writer wins per field.
func (f *Firmographics) merge(c *Company, st Stamp) bool {
	ch := mergeText(&f.Name, c.Name, st)
	ch = mergeText(&f.Industry, c.Industry, st) || ch
	ch = mergeText(&f.Country, c.Country, st) || ch
	ch = mergeText(&f.GrowthStage, c.GrowthStage, st) || ch
	ch = mergeText(&f.BusinessModel, c.BusinessModel, st) || ch
	if c.Employees != nil {
		ch = mergeNumber(&f.Employees, float64(*c.Employees), st) || ch
	}
	if c.AnnualRevenue != nil {
		ch = mergeNumber(&f.AnnualRevenue, *c.AnnualRevenue, st) || ch
	}
	if c.TechStack != nil && (f.TechStack == nil || f.TechStack.At.Compare(st) < 0) {
		if f.TechStack != nil && f.TechStack.V != nil && slices.Equal(f.TechStack.V, c.TechStack) {
			f.TechStack.At = st // the same list, newer: in place, as mergeText
		} else {
			f.TechStack = &List{V: slices.Clone(c.TechStack), At: st}
		}
		ch = true
	}
	return ch
}

// mergeText writes v if st is newer than the current value's stamp. It
// updates in place: copies of an Account share their field values.
func mergeText(dst **Text, v string, st Stamp) bool {
	switch {
	case v == "":
		return false
	case *dst == nil:
		*dst = &Text{V: v, At: st}
	case (*dst).At.Compare(st) >= 0:
		return false
	default:
		(*dst).V, (*dst).At = v, st
	}
	return true
}

func mergeNumber(dst **Number, v float64, st Stamp) bool {
	switch {
	case *dst == nil:
		*dst = &Number{V: v, At: st}
	case (*dst).At.Compare(st) >= 0:
		return false
	default:
		(*dst).V, (*dst).At = v, st
	}
	return true
}

// mergeLead adds or updates the lead of p.Email and refreshes its role.
func (a *Account) mergeLead(cfg *Config, p *Person, st Stamp) bool {
	i, found := a.leadIndex(p.Email)
	if !found {
		a.Leads = slices.Insert(a.Leads, i, Lead{Email: p.Email})
	}
	l := &a.Leads[i]
	ch := !found
	ch = mergeText(&l.FirstName, p.FirstName, st) || ch
	ch = mergeText(&l.LastName, p.LastName, st) || ch
	title := l.title()
	ch = mergeText(&l.Title, p.Title, st) || ch
	ch = mergeText(&l.Department, p.Department, st) || ch
	ch = mergeText(&l.Country, p.Country, st) || ch
	if l.title() != title || l.RoleKey != cfg.personaKey {
		l.Role, l.Rule = cfg.persona(l.title())
		l.RoleKey = cfg.personaKey
		ch = true
	}
	return ch
}

func (l *Lead) title() string {
	if l.Title == nil {
		return ""
	}
	return l.Title.V
}

// persona returns the role of the first rule matching title and its
// 1-based index; "none" and 0 when no rule matches.
func (c *Config) persona(title string) (string, int) {
	if title != "" {
		for i := range c.Personas {
			if c.Personas[i].re.MatchString(title) {
				return c.Personas[i].Role, i + 1
			}
		}
	}
	return RoleNone, 0
}

// RoleNone is the role of a lead whose title matches no persona.
const RoleNone = "none"
