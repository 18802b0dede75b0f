package events

import (
	"math"
	"unicode/utf8"
)

// The typed decoders below read the data of an input type straight into its
// struct in one pass over the JSON. They take exactly what validFast takes
// (or less) and build what leadFrom, triggerFrom and usageFrom build from
// the generic document; on anything else, including a key given twice, they
// give up and Decode takes the generic path, whose rejection stands
// (FuzzDecodeFast checks the two paths agree).

// first marks bit in seen; false when it was already marked (a repeated key).
func first(seen *uint16, bit uint16) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// optStr reads null ("") or a string of at most max characters.
func (p *jsonParser) optStr(max int) (string, bool) {
	if p.null() {
		return "", true
	}
	return p.strLen(0, max)
}

// strLen reads a string of lo to hi characters.
func (p *jsonParser) strLen(lo, hi int) (string, bool) {
	b, ok := p.strValue()
	if !ok || !runeLenBytes(b, lo, hi) {
		return "", false
	}
	return string(b), true
}

func runeLenBytes(b []byte, lo, hi int) bool {
	if len(b) <= hi && (lo == 0 || lo == 1 && len(b) > 0) {
		return true
	}
	n := utf8.RuneCount(b)
	return n >= lo && n <= hi
}

// intIn reads a number without a fractional part in [lo, hi].
func (p *jsonParser) intIn(lo, hi float64) (float64, bool) {
	f, ok := p.floatValue()
	return f, ok && f == math.Trunc(f) && f >= lo && f <= hi
}

// country reads null or two ASCII letters.
func (p *jsonParser) country() (string, bool) {
	if p.null() {
		return "", true
	}
	b, ok := p.strValue()
	if !ok || len(b) != 2 || !isASCIILetter(b[0]) || !isASCIILetter(b[1]) {
		return "", false
	}
	return string(b), true
}

// leadBox holds a lead's data in one allocation.
type leadBox struct {
	l   LeadCaptured
	co  Company
	f   Form
	emp int64
	rev float64
}

func (p *jsonParser) leadData() (*LeadCaptured, bool) {
	x := &leadBox{}
	var seen uint16
	ok := p.members(func(k []byte) bool {
		switch string(k) {
		case "lead":
			return first(&seen, 1) && p.person(&x.l.Lead)
		case "company":
			return first(&seen, 2) && p.company(&x.l.Company, &x.co, &x.emp, &x.rev)
		case "form":
			return first(&seen, 4) && p.form(&x.l.Form, &x.f)
		}
		return p.skip()
	})
	if !ok || seen&1 == 0 {
		return nil, false
	}
	email, err := NormalizeEmail(x.l.Lead.Email)
	if err != nil {
		return nil, false
	}
	x.l.Lead.Email = email
	return &x.l, true
}

func (p *jsonParser) person(l *Person) bool {
	var seen uint16
	var ok bool
	done := p.members(func(k []byte) bool {
		switch string(k) {
		case "email":
			b, ok := p.strValue()
			l.Email = string(b)
			return first(&seen, 1) && ok && fastEmail(l.Email)
		case "first_name":
			l.FirstName, ok = p.optStr(100)
			return first(&seen, 2) && ok
		case "last_name":
			l.LastName, ok = p.optStr(100)
			return first(&seen, 4) && ok
		case "title":
			l.Title, ok = p.optStr(200)
			return first(&seen, 8) && ok
		case "department":
			l.Department, ok = p.optStr(100)
			return first(&seen, 16) && ok
		case "country":
			l.Country, ok = p.country()
			return first(&seen, 32) && ok
		}
		return p.skip()
	})
	return done && seen&1 != 0
}

// company reads null (nil) or a company into co, setting *dst to it.
func (p *jsonParser) company(dst **Company, co *Company, emp *int64, rev *float64) bool {
	if p.null() {
		*dst = nil
		return true
	}
	var seen uint16
	var ok bool
	domain := ""
	done := p.members(func(k []byte) bool {
		switch string(k) {
		case "domain":
			if !first(&seen, 1) {
				return false
			}
			if p.null() {
				return true
			}
			b, ok := p.strValue()
			domain = string(b)
			return ok && fastDomain(domain)
		case "name":
			co.Name, ok = p.optStr(200)
			return first(&seen, 2) && ok
		case "industry":
			co.Industry, ok = p.optStr(100)
			return first(&seen, 4) && ok
		case "growth_stage":
			co.GrowthStage, ok = p.optStr(100)
			return first(&seen, 8) && ok
		case "business_model":
			co.BusinessModel, ok = p.optStr(100)
			return first(&seen, 16) && ok
		case "country":
			co.Country, ok = p.country()
			return first(&seen, 32) && ok
		case "employees":
			return first(&seen, 64) && p.employees(co, emp)
		case "annual_revenue":
			return first(&seen, 128) && p.revenue(co, rev)
		case "tech_stack":
			return first(&seen, 256) && p.techStack(co)
		}
		return p.skip()
	})
	if !done {
		return false
	}
	if domain != "" {
		n, err := NormalizeDomain(domain)
		if err != nil {
			return false
		}
		co.Domain = n
	}
	*dst = co
	return true
}

func (p *jsonParser) employees(co *Company, emp *int64) bool {
	if p.null() {
		return true
	}
	f, ok := p.intIn(0, 1e8)
	*emp, co.Employees = int64(f), emp
	return ok
}

func (p *jsonParser) revenue(co *Company, rev *float64) bool {
	if p.null() {
		return true
	}
	f, ok := p.floatValue()
	*rev, co.AnnualRevenue = f, rev
	return ok && f >= 0 && f <= 1e15
}

func (p *jsonParser) techStack(co *Company) bool {
	if p.null() {
		return true
	}
	ts := make([]string, 0, 4)
	ok := p.elements(func() bool {
		s, ok := p.strLen(1, 100)
		ts = append(ts, s)
		return ok && len(ts) <= 200
	})
	co.TechStack = ts
	return ok
}

func (p *jsonParser) form(dst **Form, f *Form) bool {
	if p.null() {
		*dst = nil
		return true
	}
	var seen uint16
	var ok bool
	done := p.members(func(k []byte) bool {
		switch string(k) {
		case "id":
			f.ID, ok = p.optStr(200)
			return first(&seen, 1) && ok
		case "url":
			f.URL, ok = p.optStr(2048)
			return first(&seen, 2) && ok
		case "kind":
			if !first(&seen, 4) {
				return false
			}
			if p.null() {
				return true
			}
			b, ok := p.strValue()
			f.Kind = formKindNames[string(b)]
			return ok && f.Kind != ""
		}
		return p.skip()
	})
	if f.Kind == "" {
		f.Kind = FormKindOther
	}
	*dst = f
	return done
}
