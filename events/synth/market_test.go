package synth

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/leadq/leadq/qualify"
)

// marketStats counts how n accounts of a market spread.
type marketStats struct {
	bands, industry, country map[string]int
	revenue                  map[string][]int64 // by segment
	partial                  int
}

func countMarket(g *Generator) marketStats {
	s := marketStats{bands: map[string]int{}, industry: map[string]int{}, country: map[string]int{},
		revenue: map[string][]int64{}}
	for i := range g.Accounts() {
		a := g.Account(i)
		s.industry[a.Industry]++
		s.country[a.Country]++
		if a.Employees == 0 || a.Industry == "" || a.Country == "" || a.GrowthStage == "" || a.TechStack == nil {
			s.partial++
		}
		if a.Employees == 0 {
			continue
		}
		band := segment(a.Employees)
		s.bands[band]++
		if a.AnnualRevenue > 0 {
			s.revenue[band] = append(s.revenue[band], a.AnnualRevenue)
		}
	}
	return s
}

func TestMarketSpread(t *testing.T) {
	const n = 20_000
	s := countMarket(New(Options{Seed: 11, Accounts: n, Events: 1}))
	t.Logf("segments %v, partial %d", s.bands, s.partial)
	if b := s.bands; !(b["smb"] > b["midmarket"] && b["midmarket"] > b["enterprise"] && b["enterprise"] > 0) {
		t.Errorf("segments %v: want SMB > mid-market > enterprise > 0", b)
	}
	smb, mid, ent := median(s.revenue["smb"]), median(s.revenue["midmarket"]), median(s.revenue["enterprise"])
	if !(smb < mid && mid < ent) {
		t.Errorf("median revenue by segment smb %d, mid %d, ent %d: want increasing", smb, mid, ent)
	}
	icp := s.industry["software"] + s.industry["saas"] + s.industry["ecommerce"] + s.industry["fintech"]
	if share := float64(icp) / n; share < 0.3 || share > 0.6 {
		t.Errorf("software/saas/ecommerce/fintech are %.0f%% of accounts, want 30–60%%", 100*share)
	}
	for _, ind := range industries.names {
		if s.industry[ind] == 0 {
			t.Errorf("no account in industry %s", ind)
		}
	}
	for _, c := range countries.names {
		if s.country[c] > s.country["US"] {
			t.Errorf("%s has more accounts (%d) than US (%d)", c, s.country[c], s.country["US"])
		}
	}
	if s.partial < n/10 || s.partial > n/2 {
		t.Errorf("%d of %d accounts have partial enrichment, want 10–50%%", s.partial, n)
	}
}

func segment(employees int64) string {
	switch {
	case employees < 500:
		return "smb"
	case employees <= 2000:
		return "midmarket"
	}
	return "enterprise"
}

func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	return v[len(v)/2]
}

// mixStats counts what a stream holds.
type mixStats struct {
	types, forms, triggers, roles map[string]int
	free, leads                   int
	minuteUsers                   map[string]map[string]bool // account+minute → users
}

func countMix(t *testing.T, g *Generator) mixStats {
	t.Helper()
	s := mixStats{types: map[string]int{}, forms: map[string]int{}, triggers: map[string]int{},
		roles: map[string]int{}, minuteUsers: map[string]map[string]bool{}}
	for it := range g.All() {
		s.types[it.Type]++
		var d simData
		if err := json.Unmarshal(it.Data(), &d); err != nil {
			t.Fatalf("%s: %v", it.ID, err)
		}
		switch {
		case d.Lead != nil:
			s.leads++
			kind := "none"
			if d.Form != nil {
				kind = d.Form.Kind
			}
			s.forms[kind]++
			s.roles[role(d.Lead.Title)]++
			if !strings.HasSuffix(d.Lead.Email, "@"+it.Account) {
				s.free++
			}
		case d.Event != "":
			k := it.Account + it.Time.Format("2006-01-02T15:04")
			if s.minuteUsers[k] == nil {
				s.minuteUsers[k] = map[string]bool{}
			}
			s.minuteUsers[k][d.User] = true
		default:
			s.triggers[d.Kind]++
		}
	}
	return s
}

// TestEventMix checks 20,000 events: every form and trigger kind, the relative
// frequency of forms, titles of every seniority, free-mail leads and usage
// bursts of several users within minutes.
func TestEventMix(t *testing.T) {
	s := countMix(t, New(Options{Seed: 12, Events: 20_000}))
	t.Logf("types %v\nforms %v\ntriggers %v\nroles %v, free-mail %d of %d",
		s.types, s.forms, s.triggers, s.roles, s.free, s.leads)
	for _, k := range qualify.FormKinds {
		if s.forms[k] == 0 {
			t.Errorf("no form of kind %s", k)
		}
	}
	for _, k := range qualify.TriggerKinds {
		if s.triggers[k] == 0 {
			t.Errorf("no trigger of kind %s", k)
		}
	}
	for _, common := range []string{"content_download", "webinar", "newsletter"} {
		if s.forms["demo_request"]*2 > s.forms[common] {
			t.Errorf("demo requests (%d) are not much rarer than %s (%d)", s.forms["demo_request"], common, s.forms[common])
		}
	}
	for _, r := range []string{"decision_maker", "champion", "excluded", "none"} {
		if s.roles[r] == 0 {
			t.Errorf("no lead with the role %s", r)
		}
	}
	if share := float64(s.free) / float64(s.leads); share < 0.02 || share > 0.15 {
		t.Errorf("%.1f%% of lead events use free mail, want 2–15%%", 100*share)
	}
	crowded := 0
	for _, users := range s.minuteUsers {
		if len(users) >= 3 {
			crowded++
		}
	}
	if crowded == 0 {
		t.Error("no account has three users active in the same minute")
	}
}

// role applies the personas of testdata/config/spec.yaml to a title.
func role(title string) string {
	switch {
	case simExcluded.MatchString(title):
		return "excluded"
	case simDecider.MatchString(title):
		return "decision_maker"
	case simChampion.MatchString(title):
		return "champion"
	}
	return "none"
}
