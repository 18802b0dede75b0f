package synth

import (
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// This file re-implements, for tests only, the scoring rules (README, Scoring)
// with the example configuration (testdata/config/spec.yaml), to check that the generated market makes
// a realistic share of accounts qualify. The real engine lives in qualify/.

type simSignal struct {
	dim    string
	points float64
	half   time.Duration
	at     time.Time
}

type simUsage struct {
	at    time.Time
	user  string
	event string
	count int64
}

type simAccount struct {
	industry, country, stage string
	employees, revenue       *float64
	tech                     []string
	signals                  []simSignal
	usage                    []simUsage
	leads                    map[string]string // email → title
	clock                    time.Time
	qualified                bool
}

var (
	simSignals = map[string]simSignal{
		"form.demo_request":       {"willing", 60, 14 * 24 * time.Hour, time.Time{}},
		"form.pricing":            {"willing", 40, 14 * 24 * time.Hour, time.Time{}},
		"form.content_download":   {"willing", 15, 14 * 24 * time.Hour, time.Time{}},
		"trigger.funding_round":   {"able", 60, 90 * 24 * time.Hour, time.Time{}},
		"trigger.tender":          {"willing", 50, 30 * 24 * time.Hour, time.Time{}},
		"trigger.negative_review": {"ready", 25, 30 * 24 * time.Hour, time.Time{}},
		"trigger.scaling_issue":   {"ready", 40, 30 * 24 * time.Hour, time.Time{}},
	}
	simExcluded = regexp.MustCompile(`(?i)\b(student|intern|freelance)`)
	simDecider  = regexp.MustCompile(`(?i)\b(chief|ceo|cto|cmo|cro|cfo|vp|vice president|head|director)\b`)
	simChampion = regexp.MustCompile(`(?i)\b(manager|lead)\b`)
	simFreeMail = []string{"gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me", "gmx.de", "web.de"}
)

type simCompany struct {
	Domain        string   `json:"domain"`
	Industry      string   `json:"industry"`
	Employees     *float64 `json:"employees"`
	AnnualRevenue *float64 `json:"annual_revenue"`
	Country       string   `json:"country"`
	GrowthStage   string   `json:"growth_stage"`
	TechStack     []string `json:"tech_stack"`
}

type simData struct {
	Lead *struct {
		Email, Title string
	} `json:"lead"`
	Company *simCompany `json:"company"`
	Form    *struct{ Kind string }
	Account *struct{ Domain string }
	Kind    string
	User    string
	Event   string
	Count   int64
}

// simulate applies the valid items in order and returns the accounts.
func simulate(t *testing.T, items []Item) map[string]*simAccount {
	t.Helper()
	accts := map[string]*simAccount{}
	for _, it := range items {
		if it.Bad != "" {
			continue
		}
		var d simData
		if err := json.Unmarshal(it.Data(), &d); err != nil {
			t.Fatalf("%s: data: %v", it.ID, err)
		}
		domain := simDomain(&d)
		if domain == "" {
			continue
		}
		a := accts[domain]
		if a == nil {
			a = &simAccount{leads: map[string]string{}}
			accts[domain] = a
		}
		a.apply(it, &d)
		if a.check() {
			a.qualified = true
		}
	}
	return accts
}

func simDomain(d *simData) string {
	switch {
	case d.Account != nil:
		return d.Account.Domain
	case d.Company != nil && d.Company.Domain != "":
		return d.Company.Domain
	}
	_, dom, _ := strings.Cut(strings.ToLower(d.Lead.Email), "@")
	if slices.Contains(simFreeMail, dom) {
		return ""
	}
	return dom
}

func (a *simAccount) apply(it Item, d *simData) {
	a.clock = maxTime(a.clock, it.Time)
	if c := d.Company; c != nil {
		a.industry = or(c.Industry, a.industry)
		a.country = or(c.Country, a.country)
		a.stage = or(c.GrowthStage, a.stage)
		if c.Employees != nil {
			a.employees = c.Employees
		}
		if c.AnnualRevenue != nil {
			a.revenue = c.AnnualRevenue
		}
		if c.TechStack != nil {
			a.tech = c.TechStack
		}
	}
	kind := ""
	switch {
	case d.Lead != nil:
		a.leads[strings.ToLower(d.Lead.Email)] = d.Lead.Title
		kind = "form.other"
		if d.Form != nil {
			kind = "form." + d.Form.Kind
		}
	case d.Event != "":
		a.usage = append(a.usage, simUsage{it.Time, d.User, d.Event, max(d.Count, 1)})
	default:
		kind = "trigger." + d.Kind
	}
	if s, ok := simSignals[kind]; ok {
		s.at = it.Time
		a.signals = append(a.signals, s)
	}
}

// check reports whether some lead of the account qualifies at its clock.
func (a *simAccount) check() bool {
	if a.fit() < 60 || a.industry == "education" || a.industry == "government" {
		return false
	}
	persona := false
	for _, title := range a.leads {
		if !simExcluded.MatchString(title) && (simDecider.MatchString(title) || simChampion.MatchString(title)) {
			persona = true
		}
	}
	if !persona {
		return false
	}
	score := map[string]float64{}
	for _, s := range a.signals {
		if !s.at.After(a.clock) {
			score[s.dim] += s.points * math.Pow(0.5, float64(a.clock.Sub(s.at))/float64(s.half))
		}
	}
	if a.revenue != nil && *a.revenue >= 20e6 {
		score["able"] += 50
	}
	users, exports := map[string]bool{}, int64(0)
	for _, u := range a.usage {
		if u.at.After(a.clock.Add(-7*24*time.Hour)) && !u.at.After(a.clock) {
			users[u.user] = true
		}
		if u.event == "report.exported" && u.at.After(a.clock.Add(-14*24*time.Hour)) && !u.at.After(a.clock) {
			exports += u.count
		}
	}
	if len(users) >= 3 {
		score["ready"] += 50
	}
	if exports >= 5 {
		score["willing"] += 30
	}
	return score["ready"] >= 40 && score["willing"] >= 40 && score["able"] >= 40
}

func (a *simAccount) fit() float64 {
	fit := 0.0
	if slices.Contains([]string{"software", "saas", "ecommerce", "fintech"}, a.industry) {
		fit += 25
	}
	if a.employees != nil && *a.employees >= 50 && *a.employees <= 2000 {
		fit += 25
	}
	if a.revenue != nil && *a.revenue >= 10e6 && *a.revenue <= 1e9 {
		fit += 15
	}
	if slices.Contains([]string{"US", "CA", "GB", "DE", "FR", "NL"}, a.country) {
		fit += 15
	}
	for _, tool := range a.tech {
		if slices.Contains([]string{"slack", "jira", "asana", "gsuite"}, tool) {
			fit += 10
			break
		}
	}
	if a.stage == "scaleup" || a.stage == "established" {
		fit += 10
	}
	return fit
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func collect(g *Generator) []Item {
	var items []Item
	for it := range g.All() {
		items = append(items, it)
	}
	return items
}

func TestQualifiedShare(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		g := New(Options{Seed: seed})
		accts := simulate(t, collect(g))
		q, fit := 0, 0
		for _, a := range accts {
			if a.qualified {
				q++
			}
			if a.fit() >= 60 {
				fit++
			}
		}
		share := float64(q) / float64(g.Accounts())
		t.Logf("seed %d: %d of %d accounts qualified (%.1f%%), %d with grade ≥ B", seed, q, g.Accounts(), 100*share, fit)
		if share < 0.05 || share > 0.15 {
			t.Errorf("seed %d: %.1f%% of accounts produce a qualified lead, want 5–15%%", seed, 100*share)
		}
	}
}
