package synth

import (
	"math/rand/v2"
	"strings"
)

// Plausible values for trigger details.
var (
	investors = strings.Split("Sequoia Capital,Accel,Index Ventures,Balderton Capital,Point Nine,"+
		"Lightspeed,General Catalyst,Insight Partners,Northzone,HV Capital,Y Combinator,"+
		"Atomico,Bessemer Venture Partners,Creandum,Partech,Eurazeo", ",")
	hireTitles = strings.Split("Chief Revenue Officer,VP Sales,CTO,CMO,Head of Data,"+
		"VP Marketing,Head of Sales Ops,Chief Digital Officer,VP Engineering,CIO", ",")
	departments = strings.Fields("engineering sales marketing customer_success operations data product finance")
	regulations = strings.Split("DORA,NIS2,GDPR,CSRD,EU AI Act,HIPAA,SOX,PCI DSS 4.0,CCPA", ",")
	reviewSites = strings.Fields("g2 capterra trustradius trustpilot")
	incumbents  = strings.Fields("LeadPilot FunnelBase PipeRank ScoreStack LegacyCRM")
	projects    = strings.Split("CRM migration,data warehouse rollout,RevOps overhaul,ABM programme,"+
		"product-led sales motion,customer data platform,sales territory redesign,ERP upgrade", ",")
	scaleSignals = strings.Fields("outages support_backlog slow_reports manual_lead_routing churn_spike")
	otherNotes   = strings.Split("press mention,conference sponsor,new office opening,award shortlist,"+
		"podcast appearance,partnership announced", ",")
	filings = map[string]string{"US": "chapter_11", "GB": "administration", "DE": "insolvenz", "FR": "redressement_judiciaire"}
)

// fundingRounds gives rounds per growth stage with amount ranges in USD.
var fundingRounds = map[string][]struct {
	round    string
	min, max float64
}{
	"seed":        {{"pre-seed", 3e5, 1.5e6}, {"seed", 1e6, 4e6}},
	"startup":     {{"seed", 2e6, 6e6}, {"A", 5e6, 18e6}},
	"scaleup":     {{"B", 15e6, 45e6}, {"C", 30e6, 110e6}},
	"established": {{"C", 40e6, 120e6}, {"D", 60e6, 250e6}, {"growth", 100e6, 400e6}},
	"mature":      {{"growth", 100e6, 500e6}, {"debt", 50e6, 300e6}},
}

// companyFieldsFor says which firmographics a trigger's company block carries.
func companyFieldsFor(kind string) uint8 {
	switch kind {
	case "funding_round":
		return fRevenue | fStage
	case "hiring_surge", "layoffs", "team_onboarding", "leadership_hire":
		return fEmployees
	case "acquisition", "merger":
		return fEmployees | fRevenue | fStage
	case "tech_adopted", "tech_removed":
		return fTech
	}
	return fIndustry | fEmployees | fRevenue | fCountry | fStage | fModel | fTech
}

// appendDetails appends the "details" object of a trigger of the given kind.
func (g *Generator) appendDetails(b []byte, kind string, a *account, at int64) []byte {
	r := g.r
	b = append(key(b, "details"), '{')
	switch kind {
	case "funding_round":
		b = g.appendFunding(b, a)
	case "acquisition", "merger":
		b = kstr(b, "counterparty", companyName(r))
		if kind == "acquisition" {
			b = kstr(b, "role", [...]string{"acquirer", "target"}[r.IntN(2)])
		}
		b = kint(b, "amount", roundSignificant(float64(a.revenue+1)*(0.5+3*r.Float64()), 2))
	case "leadership_hire":
		fs, ls := forenames[a.locale], surnames[a.locale]
		b = kstr(b, "title", hireTitles[r.IntN(len(hireTitles))])
		b = kstr(b, "name", fs[r.IntN(len(fs))]+" "+ls[r.IntN(len(ls))])
		b = kstr(b, "previous_company", companyName(r))
	case "hiring_surge":
		b = kint(b, "open_roles", 5+int64(float64(a.employees)*(0.03+0.12*r.Float64())))
		b = kstr(b, "department", departments[r.IntN(len(departments))])
		b = kint(b, "growth_pct", between(r, 15, 150))
	case "layoffs":
		pct := between(r, 3, 25)
		b = kint(b, "headcount", max(1, a.employees*pct/100))
		b = kint(b, "percent", pct)
	case "bankruptcy":
		f := filings[a.country]
		if f == "" {
			f = "insolvency"
		}
		b = kstr(b, "filing", f)
	default:
		b = g.appendMoreDetails(b, kind, a, at)
	}
	return append(b, '}')
}

// appendFunding appends the details of a funding round fit for the stage.
func (g *Generator) appendFunding(b []byte, a *account) []byte {
	r := g.r
	rounds := fundingRounds[a.stage]
	fr := rounds[r.IntN(len(rounds))]
	b = kint(b, "amount", roundSignificant(fr.min+r.Float64()*(fr.max-fr.min), 2))
	b = kstr(b, "currency", currency(a.country))
	b = kstr(b, "round", fr.round)
	b = append(key(b, "investors"), '[')
	for k, n := r.IntN(len(investors)), 1+r.IntN(3); n > 0; k, n = k+5, n-1 {
		if b[len(b)-1] != '[' {
			b = append(b, ',')
		}
		b = appendString(b, investors[k%len(investors)])
	}
	return append(b, ']')
}

// appendMoreDetails continues appendDetails for the remaining kinds.
func (g *Generator) appendMoreDetails(b []byte, kind string, a *account, at int64) []byte {
	r := g.r
	switch kind {
	case "tender":
		b = kstr(b, "title", projects[r.IntN(len(projects))])
		b = kint(b, "value", roundSignificant(2e5+r.Float64()*48e5, 2))
		b = kstr(b, "currency", currency(a.country))
		b = kdate(b, "deadline", at+between(r, 14, 60)*86_400_000)
		b = kstr(b, "reference", "2026/S "+itoa(between(r, 100, 250))+"-"+itoa(between(r, 100000, 999999)))
	case "regulatory_change":
		b = kstr(b, "regulation", regulations[r.IntN(len(regulations))])
		b = kdate(b, "effective", at+between(r, 30, 365)*86_400_000)
	case "negative_review":
		b = kstr(b, "platform", reviewSites[r.IntN(len(reviewSites))])
		b = kstr(b, "product", incumbents[r.IntN(len(incumbents))])
		b = kfloat(b, "rating", float64(between(r, 2, 5))/2)
	case "scaling_issue":
		b = kstr(b, "signal", scaleSignals[r.IntN(len(scaleSignals))])
		b = kint(b, "incidents", between(r, 2, 12))
	case "new_project", "project_overrun":
		b = kstr(b, "project", projects[r.IntN(len(projects))])
		if kind == "new_project" {
			b = kint(b, "budget", roundSignificant(5e4+r.Float64()*2e6, 2))
		} else {
			b = kint(b, "overrun_pct", between(r, 15, 120))
		}
	case "team_onboarding":
		b = kstr(b, "team", departments[r.IntN(len(departments))])
		b = kint(b, "seats", between(r, 5, 80))
	case "tech_adopted", "tech_removed":
		b = kstr(b, "tool", pickTool(r, a.tech, kind == "tech_removed"))
	default:
		b = kstr(b, "note", otherNotes[r.IntN(len(otherNotes))])
	}
	return b
}

// pickTool returns a tool in the stack (inStack) or one not in it.
func pickTool(r *rand.Rand, stack uint64, inStack bool) string {
	k := r.IntN(len(tools))
	for n := 0; n < len(tools); n, k = n+1, (k+1)%len(tools) {
		if (stack&(1<<k) != 0) == inStack {
			return tools[k].name
		}
	}
	return tools[k].name
}

// companyName invents the name of some other company (a counterparty).
func companyName(r *rand.Rand) string {
	sfx := industrySuffixes[industries.names[industries.pick(r)]]
	return capitalize(domainHeads[r.IntN(len(domainHeads))]+domainTails[r.IntN(len(domainTails))]) +
		" " + capitalize(sfx[r.IntN(len(sfx))])
}

func currency(country string) string {
	switch country {
	case "DE", "FR", "NL", "ES", "IT", "IE", "BE", "AT", "PT":
		return "EUR"
	case "GB":
		return "GBP"
	}
	return "USD"
}

// appendSourceURL appends the trigger's source_url: where the fact was found.
func appendSourceURL(b []byte, kind string, a *account, id uint64) []byte {
	host := strings.TrimPrefix(triggerSources[kind], "synth://")
	b = append(key(b, "source_url"), `"https://`...)
	b = append(b, host...)
	b = append(b, ".example/"...)
	b = append(b, a.domain...)
	b = append(b, '/')
	b = append(b, kind...)
	b = append(b, '-')
	n := len(b)
	b = appendHex64(b, id)[:n+8]
	return append(b, '"')
}
