package synth

import (
	"strings"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// Kinds of generated events, in the order of Subject tokens.
const (
	kindLead uint8 = iota
	kindTrigger
	kindUsage
)

var eventTypes = [...]string{events.TypeLeadCaptured, events.TypeTriggerDetected, events.TypeUsageRecorded}

// form is one form of the vendor's website.
type form struct{ id, kind, url string }

const vendorSite = "https://www.leadq.example"

// forms is the website's catalogue; formMix (by kind, in qualify.FormKinds
// order, then "none" for a contact upsert without form) says how often each
// kind is filled.
var (
	forms = []form{
		{"f-101", "demo_request", "/demo"}, {"f-102", "demo_request", "/demo?ref=pricing"},
		{"f-111", "pricing", "/pricing/quote"}, {"f-112", "pricing", "/pricing/enterprise"},
		{"f-121", "contact_sales", "/contact/sales"},
		{"f-131", "trial_signup", "/signup"}, {"f-132", "trial_signup", "/signup?plan=team"},
		{"f-141", "content_download", "/resources/state-of-revops-2026"},
		{"f-142", "content_download", "/resources/icp-playbook"},
		{"f-143", "content_download", "/resources/pipeline-benchmark-report"},
		{"f-144", "content_download", "/resources/lead-scoring-checklist"},
		{"f-151", "webinar", "/webinars/intent-data-101"},
		{"f-152", "webinar", "/webinars/plg-meets-sales"},
		{"f-161", "newsletter", "/blog/subscribe"},
		{"f-171", "other", "/events/revops-summit-booth"}, {"f-172", "other", "/partners/referral"},
	}
	formMix = newTable(`demo_request=2.5 pricing=3.5 contact_sales=3 trial_signup=7
		content_download=29 webinar=20 newsletter=20 other=9 none=6`)
	formsByKind = func() [][]uint8 {
		by := make([][]uint8, len(qualify.FormKinds))
		for i, f := range forms {
			k := indexOf(qualify.FormKinds, f.kind)
			by[k] = append(by[k], uint8(i))
		}
		return by
	}()
)

// noForm marks a lead.captured without a form block (a CRM contact upsert).
const noForm = 255

// Trigger mixes: of the background stream, and of the catalyst that starts a
// heat-up. Both are indexed like qualify.TriggerKinds.
var (
	triggerMix = newTable(`funding_round=7 acquisition=2 merger=1.5 leadership_hire=10
		hiring_surge=12 layoffs=4 bankruptcy=0.5 tender=4 regulatory_change=5
		negative_review=7 scaling_issue=5 new_project=9 team_onboarding=7
		project_overrun=3 tech_adopted=12 tech_removed=5 other=6`)
	heatTriggerMix = newTable(`funding_round=30 acquisition=0 merger=0 leadership_hire=10
		hiring_surge=10 layoffs=0 bankruptcy=0 tender=10 regulatory_change=0
		negative_review=10 scaling_issue=20 new_project=10 team_onboarding=0
		project_overrun=0 tech_adopted=0 tech_removed=0 other=0`)
)

// Usage events: the product's analytics, in the background and during a
// heat-up (when a team sets up and explores the product).
var (
	usageMix = newTable(`dashboard.viewed=26 report.viewed=14 report.exported=9
		comment.added=10 file.uploaded=7 api.called=8 project.created=6 user.invited=5
		integration.connected=3 seat.added=2 workspace.created=1 search.performed=9`)
	heatUsageMix = newTable(`dashboard.viewed=20 report.viewed=10 report.exported=14
		comment.added=6 file.uploaded=6 api.called=4 project.created=14 user.invited=14
		integration.connected=8 seat.added=3 workspace.created=1 search.performed=4`)
)

// Sources of events: marketing automation for forms, a CRM for upserts,
// intent and news providers for triggers, product analytics for usage.
var (
	formSources    = newTable("synth://hubspot=60 synth://marketo=25 synth://webflow=15")
	upsertSource   = "synth://salesforce"
	trialSource    = "synth://product"
	usageSource    = "synth://segment"
	triggerSources = map[string]string{
		"funding_round": "synth://crunchbase", "acquisition": "synth://crunchbase",
		"merger": "synth://crunchbase", "bankruptcy": "synth://crunchbase",
		"leadership_hire": "synth://linkedin", "hiring_surge": "synth://linkedin",
		"layoffs": "synth://linkedin", "team_onboarding": "synth://linkedin",
		"tender": "synth://ted", "regulatory_change": "synth://regwatch",
		"negative_review": "synth://g2", "scaling_issue": "synth://statuspage",
		"new_project": "synth://bombora", "project_overrun": "synth://bombora",
		"tech_adopted": "synth://builtwith", "tech_removed": "synth://builtwith",
		"other": "synth://news",
	}
)

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	panic("synth: unknown name " + s)
}

func init() {
	// The mixes are indexed like the kind lists: check they agree.
	for i, k := range qualify.FormKinds {
		if formMix.names[i] != k || len(formsByKind[i]) == 0 {
			panic("synth: formMix out of order at " + k)
		}
	}
	for i, k := range qualify.TriggerKinds {
		if triggerMix.names[i] != k || heatTriggerMix.names[i] != k || triggerSources[k] == "" {
			panic("synth: trigger tables out of order at " + k)
		}
	}
	if strings.Join(usageMix.names, " ") != strings.Join(heatUsageMix.names, " ") {
		panic("synth: usage mixes differ")
	}
}
