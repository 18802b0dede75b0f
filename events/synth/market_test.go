package synth

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestMarketSpread(t *testing.T) {
	const n = 20_000
	g := New(Options{Seed: 11, Accounts: n, Events: 1})
	bands := map[string]int{}
	revenue := map[string][]int64{}
	industry, country := map[string]int{}, map[string]int{}
	partial, product, hot := 0, 0, 0
	for i := range n {
		a := g.Account(i)
		industry[a.Industry]++
		country[a.Country]++
		if a.Users > 0 {
			product++
		}
		if a.Hot {
			hot++
		}
		if a.Employees == 0 || a.Industry == "" || a.Country == "" || a.GrowthStage == "" || a.TechStack == nil {
			partial++
		}
		if a.Employees == 0 {
			continue
		}
		band := segment(a.Employees)
		bands[band]++
		if a.AnnualRevenue > 0 {
			revenue[band] = append(revenue[band], a.AnnualRevenue)
		}
	}
	t.Logf("segments %v, partial %d, product %d, hot %d", bands, partial, product, hot)
	if !(bands["smb"] > bands["midmarket"] && bands["midmarket"] > bands["enterprise"] && bands["enterprise"] > 0) {
		t.Errorf("segments %v: want SMB > mid-market > enterprise > 0", bands)
	}
	if m, e := median(revenue["midmarket"]), median(revenue["enterprise"]); !(median(revenue["smb"]) < m && m < e) {
		t.Errorf("median revenue by segment smb %d, mid %d, ent %d: want increasing", median(revenue["smb"]), m, e)
	}
	icp := industry["software"] + industry["saas"] + industry["ecommerce"] + industry["fintech"]
	if share := float64(icp) / n; share < 0.3 || share > 0.6 {
		t.Errorf("software/saas/ecommerce/fintech are %.0f%% of accounts, want 30–60%%", 100*share)
	}
	for _, ind := range industries.names {
		if industry[ind] == 0 {
			t.Errorf("no account in industry %s", ind)
		}
	}
	for _, c := range countries.names {
		if country[c] > country["US"] {
			t.Errorf("%s has more accounts (%d) than US (%d)", c, country[c], country["US"])
		}
	}
	if partial < n/10 || partial > n/2 {
		t.Errorf("%d of %d accounts have partial enrichment, want 10–50%%", partial, n)
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

// TestEventMix checks 20,000 events: every form and trigger kind, the relative
// frequency of forms, titles of every seniority, free-mail leads and usage
// bursts of several users within minutes.
func TestEventMix(t *testing.T) {
	forms, triggers, types := map[string]int{}, map[string]int{}, map[string]int{}
	roles := map[string]int{}
	free, leads := 0, 0
	burstUsers := map[string]map[string]bool{} // account+minute → users
	for it := range New(Options{Seed: 12, Events: 20_000}).All() {
		types[it.Type]++
		var d simData
		if err := json.Unmarshal(it.Data(), &d); err != nil {
			t.Fatalf("%s: %v", it.ID, err)
		}
		switch {
		case d.Lead != nil:
			leads++
			kind := "none"
			if d.Form != nil {
				kind = d.Form.Kind
			}
			forms[kind]++
			roles[role(d.Lead.Title)]++
			if !strings.HasSuffix(d.Lead.Email, "@"+it.Account) {
				free++
			}
		case d.Event != "":
			k := it.Account + it.Time.Format("2006-01-02T15:04")
			if burstUsers[k] == nil {
				burstUsers[k] = map[string]bool{}
			}
			burstUsers[k][d.User] = true
		default:
			triggers[d.Kind]++
		}
	}
	t.Logf("types %v\nforms %v\ntriggers %v\nroles %v, free-mail %d of %d", types, forms, triggers, roles, free, leads)
	for _, k := range FormKinds {
		if forms[k] == 0 {
			t.Errorf("no form of kind %s", k)
		}
	}
	for _, k := range TriggerKinds {
		if triggers[k] == 0 {
			t.Errorf("no trigger of kind %s", k)
		}
	}
	for _, common := range []string{"content_download", "webinar", "newsletter"} {
		if forms["demo_request"]*2 > forms[common] {
			t.Errorf("demo requests (%d) are not much rarer than %s (%d)", forms["demo_request"], common, forms[common])
		}
	}
	for _, r := range []string{"decision_maker", "champion", "excluded", "none"} {
		if roles[r] == 0 {
			t.Errorf("no lead with the role %s", r)
		}
	}
	if share := float64(free) / float64(leads); share < 0.02 || share > 0.15 {
		t.Errorf("%.1f%% of lead events use free mail, want 2–15%%", 100*share)
	}
	crowded := 0
	for _, users := range burstUsers {
		if len(users) >= 3 {
			crowded++
		}
	}
	if crowded == 0 {
		t.Error("no account has three users active in the same minute")
	}
}

// role applies the personas of SPEC §3 to a title.
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
