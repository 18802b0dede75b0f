package qualify

import "testing"

func firm(f func(*Account)) *Account {
	a := &Account{Domain: "acme.io"}
	f(a)
	return a
}

func text(v string) *Text       { return &Text{V: v} }
func num(v float64) *Number     { return &Number{V: v} }
func list(v ...string) *List    { return &List{V: v} }
func rng(lo, hi *float64) Range { return Range{Min: lo, Max: hi} }

func TestMatchers(t *testing.T) {
	software := firm(func(a *Account) { a.Firm.Industry = text("Software") })
	unknown := firm(func(*Account) {})
	emp := func(n float64) *Account { return firm(func(a *Account) { a.Firm.Employees = num(n) }) }
	rev := func(n float64) *Account { return firm(func(a *Account) { a.Firm.AnnualRevenue = num(n) }) }
	stack := func(v ...string) *Account { return firm(func(a *Account) { a.Firm.TechStack = list(v...) }) }
	cases := []struct {
		name string
		m    Matcher
		a    *Account
		want Match
	}{
		{"in matches case-insensitively", Matcher{Field: FieldIndustry, Op: OpIn, Values: []string{"SOFTWARE", "saas"}}, software, Matched},
		{"in misses", Matcher{Field: FieldIndustry, Op: OpIn, Values: []string{"retail"}}, software, Unmatched},
		{"in on unknown", Matcher{Field: FieldIndustry, Op: OpIn, Values: []string{"retail"}}, unknown, Unknown},
		{"in non-ASCII case", Matcher{Field: FieldIndustry, Op: OpIn, Values: []string{"ärzte"}}, firm(func(a *Account) { a.Firm.Industry = text("ÄRZTE") }), Matched},
		{"not_in matches", Matcher{Field: FieldIndustry, Op: OpNotIn, Values: []string{"education"}}, software, Matched},
		{"not_in misses case-insensitively", Matcher{Field: FieldIndustry, Op: OpNotIn, Values: []string{"software"}}, software, Unmatched},
		{"not_in on unknown", Matcher{Field: FieldIndustry, Op: OpNotIn, Values: []string{"education"}}, unknown, Unknown},
		{"country in", Matcher{Field: FieldCountry, Op: OpIn, Values: []string{"de"}}, firm(func(a *Account) { a.Firm.Country = text("DE") }), Matched},
		{"between inside", Matcher{Field: FieldEmployees, Op: OpBetween, Range: rng(ptr(50.0), ptr(2000.0))}, emp(300), Matched},
		{"between lower bound inclusive", Matcher{Field: FieldEmployees, Op: OpBetween, Range: rng(ptr(50.0), ptr(2000.0))}, emp(50), Matched},
		{"between upper bound inclusive", Matcher{Field: FieldEmployees, Op: OpBetween, Range: rng(ptr(50.0), ptr(2000.0))}, emp(2000), Matched},
		{"between above", Matcher{Field: FieldEmployees, Op: OpBetween, Range: rng(ptr(50.0), ptr(2000.0))}, emp(2001), Unmatched},
		{"between below", Matcher{Field: FieldEmployees, Op: OpBetween, Range: rng(ptr(50.0), ptr(2000.0))}, emp(49), Unmatched},
		{"between open max", Matcher{Field: FieldAnnualRevenue, Op: OpBetween, Range: rng(ptr(20e6), nil)}, rev(1e12), Matched},
		{"between open max below", Matcher{Field: FieldAnnualRevenue, Op: OpBetween, Range: rng(ptr(20e6), nil)}, rev(19999999), Unmatched},
		{"between open min", Matcher{Field: FieldAnnualRevenue, Op: OpBetween, Range: rng(nil, ptr(100.0))}, rev(0), Matched},
		{"between on unknown", Matcher{Field: FieldEmployees, Op: OpBetween, Range: rng(ptr(0.0), nil)}, unknown, Unknown},
		{"any matches", Matcher{Field: FieldTechStack, Op: OpAny, Values: []string{"slack", "jira"}}, stack("Notion", "SLACK"), Matched},
		{"any misses", Matcher{Field: FieldTechStack, Op: OpAny, Values: []string{"slack"}}, stack("notion"), Unmatched},
		{"any on known empty", Matcher{Field: FieldTechStack, Op: OpAny, Values: []string{"slack"}}, stack(), Unmatched},
		{"any on unknown", Matcher{Field: FieldTechStack, Op: OpAny, Values: []string{"slack"}}, unknown, Unknown},
		{"all present", Matcher{Field: FieldTechStack, Op: OpAll, Values: []string{"Slack", "JIRA"}}, stack("jira", "slack", "notion"), Matched},
		{"all partly present", Matcher{Field: FieldTechStack, Op: OpAll, Values: []string{"slack", "jira"}}, stack("slack"), Unmatched},
		{"in on list", Matcher{Field: FieldTechStack, Op: OpIn, Values: []string{"jira"}}, stack("slack", "jira"), Matched},
		{"not_in on list", Matcher{Field: FieldTechStack, Op: OpNotIn, Values: []string{"excel"}}, stack("slack", "jira"), Matched},
		{"not_in on list hit", Matcher{Field: FieldTechStack, Op: OpNotIn, Values: []string{"jira"}}, stack("slack", "jira"), Unmatched},
		{"matches", Matcher{Field: FieldIndustry, Op: OpMatches, Pattern: `(?i)^soft`}, software, Matched},
		{"matches is case-sensitive unless asked", Matcher{Field: FieldIndustry, Op: OpMatches, Pattern: `^soft`}, software, Unmatched},
		{"matches on list", Matcher{Field: FieldTechStack, Op: OpMatches, Pattern: `^sla`}, stack("notion", "slack"), Matched},
		{"matches on unknown", Matcher{Field: FieldIndustry, Op: OpMatches, Pattern: `.`}, unknown, Unknown},
		{"domain matches", Matcher{Field: FieldDomain, Op: OpMatches, Pattern: `\.io$`}, unknown, Matched},
		{"domain of free-mail holder", Matcher{Field: FieldDomain, Op: OpIn, Values: []string{"x"}}, &Account{}, Unknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.m.compile(); err != nil {
				t.Fatal(err)
			}
			if got := c.m.Match(c.a); got != c.want {
				t.Errorf("%s on %+v = %s, want %s", c.m.String(), c.a.Firm, got, c.want)
			}
		})
	}
}

func TestMatcherString(t *testing.T) {
	cases := []struct {
		m    Matcher
		want string
	}{
		{Matcher{Field: FieldIndustry, Op: OpIn, Values: []string{"software", "saas"}}, "industry in [software, saas]"},
		{Matcher{Field: FieldAnnualRevenue, Op: OpBetween, Range: rng(ptr(20e6), nil)}, "annual_revenue between [20000000, null]"},
		{Matcher{Field: FieldDomain, Op: OpMatches, Pattern: `\.io$`}, `domain matches "\\.io$"`},
	}
	for _, c := range cases {
		if got := c.m.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

// TestSmallSetContains: the scan of small sets agrees with the lower-cased
// map lookup for ASCII and non-ASCII values, case and length variants.
func TestSmallSetContains(t *testing.T) {
	values := []string{"software", "SaaS", "e-Commerce", "DE", "kelvin", "straße", "İstanbul", "ſoft", ""}
	probes := []string{"software", "SOFTWARE", "Software ", "softwar", "saas", "SAAS", "e-commerce", "de", "dE",
		"d", "KELVIN", "\u212Aelvin", "STRASSE", "straße", "STRAẞE", "istanbul", "İSTANBUL", "ſoft", "soft", "SOFT", "", "x"}
	for n := 1; n <= len(values); n++ {
		m := Matcher{Field: FieldIndustry, Op: OpIn, Values: values[:n]}
		if err := m.compile(); err != nil {
			t.Fatal(err)
		}
		if m.small == nil {
			t.Fatalf("%d values: no small set", n)
		}
		for _, p := range probes {
			if got, want := m.contains(p), inSet(m.set, p); got != want {
				t.Errorf("set %v: contains(%q) = %v, want %v", values[:n], p, got, want)
			}
		}
	}
}
