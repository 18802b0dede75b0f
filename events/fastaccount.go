package events

// Typed decoders of trigger.detected and usage.recorded data; see fastdata.go.

// The enum values of the schemas by themselves, so decoding takes the
// constant string instead of allocating one.
var (
	formKindNames    = enumNames(formKinds)
	triggerKindNames = enumNames(triggerKinds)
)

func enumNames(set map[string]bool) map[string]string {
	m := make(map[string]string, len(set))
	for k := range set {
		m[k] = k
	}
	return m
}

func (p *jsonParser) triggerData() (*TriggerDetected, bool) {
	x := &struct {
		t   TriggerDetected
		co  Company
		emp int64
		rev float64
	}{}
	t := &x.t
	var seen uint16
	var ok bool
	done := p.members(func(k []byte) bool {
		switch string(k) {
		case "account":
			return first(&seen, 1) && p.account(&t.Account)
		case "kind":
			b, ok := p.strValue()
			t.Kind = triggerKindNames[string(b)]
			return first(&seen, 2) && ok && t.Kind != ""
		case "company":
			return first(&seen, 4) && p.company(&t.Company, &x.co, &x.emp, &x.rev)
		case "details":
			return first(&seen, 8) && p.details(&t.Details)
		case "source_url":
			t.SourceURL, ok = p.optStr(2048)
			return first(&seen, 16) && ok
		}
		return p.skip()
	})
	return t, done && seen&3 == 3
}

func (p *jsonParser) usageData() (*UsageRecorded, bool) {
	u := &UsageRecorded{Count: 1}
	var seen uint16
	done := p.members(func(k []byte) bool {
		switch string(k) {
		case "account":
			return first(&seen, 1) && p.account(&u.Account)
		case "event":
			s, ok := p.strLen(1, 200)
			u.Event = s
			return first(&seen, 2) && ok
		case "user":
			if !first(&seen, 4) {
				return false
			}
			if p.null() {
				return true
			}
			s, ok := p.strLen(1, 200)
			u.User = s
			return ok
		case "count":
			f, ok := p.intIn(1, 1e9)
			u.Count = int64(f)
			return first(&seen, 8) && ok
		}
		return p.skip()
	})
	return u, done && seen&3 == 3
}

// account reads an account reference whose domain fastDomain takes, and
// normalises the domain.
func (p *jsonParser) account(a *AccountRef) bool {
	var seen uint16
	domain := ""
	done := p.members(func(k []byte) bool {
		if string(k) != "domain" {
			return p.skip()
		}
		b, ok := p.strValue()
		domain = string(b)
		return first(&seen, 1) && ok && fastDomain(domain)
	})
	if !done || seen == 0 {
		return false
	}
	d, err := NormalizeDomain(domain)
	a.Domain = d
	return err == nil
}

// details reads null (nil) or an object of at most 100 members, as generic
// values.
func (p *jsonParser) details(dst *map[string]any) bool {
	if p.null() {
		return true
	}
	if !p.at('{') {
		return false
	}
	v, ok := p.object()
	m, _ := v.(map[string]any)
	*dst = m
	return ok && len(m) <= 100
}
