package synth

import (
	"strconv"
	"time"

	"github.com/leadq/leadq/qualify"
)

// render encodes ev as a structured-mode CloudEvent.
func (g *Generator) render(ev *event) Item {
	a := g.account(ev.acct)
	at := max(ev.at, g.lastMs)
	g.lastMs = at
	if j := g.opts.Jitter.Milliseconds(); j > 0 {
		at = max(at-g.dr.Int64N(j), g.startMs)
	}
	idv := mix64(g.key^saltID) + g.good
	it := Item{Type: eventTypes[ev.kind], Subject: g.subjects[ev.kind], Account: a.domain, kind: ev.kind}
	switch ev.kind {
	case kindLead:
		it.Source = leadSource(g, ev.sub)
	case kindTrigger:
		it.Source = triggerSources[qualify.TriggerKinds[ev.sub]]
	default:
		it.Source = usageSource
	}
	b := g.envelope(g.buf[:0], "evt-", idv, it.Source, it.Type, at)
	it.dataOff = len(b)
	switch ev.kind {
	case kindLead:
		var ok bool
		b, ok = g.appendLead(b, ev, a)
		if !ok {
			it.Account = ""
		}
	case kindTrigger:
		b = g.appendTrigger(b, ev, a, idv)
	default:
		b = g.appendUsage(b, ev, a)
	}
	b = append(b, '}')
	g.buf = b
	return g.seal(it, b, at)
}

// seal copies the encoded event into the item, with its id and time.
func (g *Generator) seal(it Item, b []byte, at int64) Item {
	it.Payload = append(make([]byte, 0, len(b)), b...)
	it.ID = string(b[idStart : idStart+idLen])
	it.Time = time.UnixMilli(at).UTC()
	return it
}

// The id is the first attribute, so it sits at a fixed offset.
const (
	envelopeHead = `{"id":"`
	idStart      = len(envelopeHead)
	idLen        = 4 + 16 // "evt-" + 16 hex digits
)

// envelope appends the CloudEvent attributes and opens "data".
func (g *Generator) envelope(b []byte, prefix string, idv uint64, source, typ string, at int64) []byte {
	b = append(b, envelopeHead...)
	b = append(b, prefix...)
	b = appendHex64(b, mix64(idv))
	b = append(b, `","specversion":"1.0","source":"`...)
	b = append(b, source...)
	b = append(b, `","type":"`...)
	b = append(b, typ...)
	b = append(b, `","time":"`...)
	b = g.appendTime(b, at)
	b = append(b, `","datacontenttype":"application/json"`...)
	if tp, ok := traceParent(idv); ok {
		b = append(b, `,"traceparent":"`...)
		b = append(b, tp[:]...)
		b = append(b, '"')
	}
	return append(b, `,"data":`...)
}

// traceParent gives a quarter of the events a W3C traceparent, derived from
// their id.
func traceParent(idv uint64) ([55]byte, bool) {
	var tp [55]byte
	h := mix64(idv ^ 0x7ace)
	if h&3 != 0 {
		return tp, false
	}
	b := append(tp[:0], "00-"...)
	b = appendHex64(b, mix64(h+1))
	b = appendHex64(b, mix64(h+2))
	b = append(b, '-')
	b = appendHex64(b, mix64(h+3))
	b = append(b, "-01"...)
	return [55]byte(b), true
}

func leadSource(g *Generator, formIdx uint8) string {
	switch {
	case formIdx == noForm:
		return upsertSource
	case forms[formIdx].kind == "trial_signup":
		return trialSource
	}
	return formSources.names[formSources.pick(g.r)]
}

// appendLead appends lead.captured data; ok is false when the lead has no
// account (a free-mail address and no company named).
func (g *Generator) appendLead(b []byte, ev *event, a *account) ([]byte, bool) {
	r := g.r
	p := g.person(a, ev.who)
	b = appendPerson(b, &p, a)
	ok := p.free == "" || p.withCompany
	switch x := r.IntN(100); {
	case p.free != "" && !p.withCompany:
	case x < 60 || ev.who == 0 && x < 85:
		b = g.appendCompany(append(key(b, "company"), '{'), a, a.known, true)
	case x < 80 || p.free != "":
		b = g.appendCompany(append(key(b, "company"), '{'), a, 0, true)
	}
	if ev.sub != noForm {
		f := &forms[ev.sub]
		b = append(key(b, "form"), '{')
		b = kstr(b, "id", f.id)
		b = kstr(b, "kind", f.kind)
		b = append(key(b, "url"), '"')
		b = append(b, vendorSite...)
		b = append(b, f.url...)
		b = append(b, '"', '}')
	}
	return append(b, '}'), ok
}

// appendPerson opens lead.captured data and appends the "lead" member.
func appendPerson(b []byte, p *person, a *account) []byte {
	b = append(b, `{"lead":{"email":"`...)
	b = p.appendEmail(b, a.domain)
	b = append(b, '"')
	b = kstr(b, "first_name", p.first)
	b = kstr(b, "last_name", p.last)
	if p.title.name != "" {
		b = kstr(b, "title", p.title.name)
	}
	if p.giveDept && p.title.dept != "" {
		b = kstr(b, "department", p.title.dept)
	}
	if p.giveCountry && a.known&fCountry != 0 {
		b = kstr(b, "country", a.country)
	}
	return append(b, '}')
}

// appendCompany appends the members of a company block (after its opening
// brace) for the given known fields, and closes it.
func (g *Generator) appendCompany(b []byte, a *account, fields uint8, domain bool) []byte {
	if domain {
		b = kstr(b, "domain", a.domain)
		b = kstr(b, "name", a.name)
	}
	if fields&fIndustry != 0 {
		b = kstr(b, "industry", a.industry)
	}
	if fields&fEmployees != 0 {
		b = kint(b, "employees", a.employees)
	}
	if fields&fRevenue != 0 {
		b = kint(b, "annual_revenue", a.revenue)
	}
	if fields&fCountry != 0 {
		b = kstr(b, "country", a.country)
	}
	if fields&fStage != 0 {
		b = kstr(b, "growth_stage", a.stage)
	}
	if fields&fModel != 0 {
		b = kstr(b, "business_model", a.model)
	}
	if fields&fTech != 0 {
		b = append(key(b, "tech_stack"), '[')
		for t := range tools {
			if a.tech&(1<<t) != 0 {
				if b[len(b)-1] != '[' {
					b = append(b, ',')
				}
				b = append(b, '"')
				b = append(b, tools[t].name...)
				b = append(b, '"')
			}
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendTrigger appends trigger.detected data.
func (g *Generator) appendTrigger(b []byte, ev *event, a *account, idv uint64) []byte {
	kind := qualify.TriggerKinds[ev.sub]
	b = append(b, `{"account":{"domain":"`...)
	b = append(b, a.domain...)
	b = append(b, `"},"kind":"`...)
	b = append(b, kind...)
	b = append(b, '"')
	if fields := companyFieldsFor(kind) & a.known; fields != 0 && g.r.IntN(100) < 35 {
		b = g.appendCompany(append(key(b, "company"), '{'), a, fields, false)
	}
	b = g.appendDetails(b, kind, a, ev.at)
	b = appendSourceURL(b, kind, a, mix64(idv))
	return append(b, '}')
}

// appendUsage appends usage.recorded data.
func (g *Generator) appendUsage(b []byte, ev *event, a *account) []byte {
	b = append(b, `{"account":{"domain":"`...)
	b = append(b, a.domain...)
	b = append(b, `"},"user":"u-`...)
	b = strconv.AppendInt(b, int64(a.userBase+ev.who), 10)
	b = append(b, `","event":"`...)
	b = append(b, usageMix.names[ev.sub]...)
	b = append(b, `","count":`...)
	b = strconv.AppendInt(b, int64(ev.count), 10)
	return append(b, '}')
}
