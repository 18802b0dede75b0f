package synth

import (
	"math"
	"math/rand/v2"
	"strings"
)

// Market tables: how industries, countries, growth stages, business models and
// tools are spread over the accounts.
var (
	industries = newTable(`software=17 saas=13 ecommerce=8 fintech=7 manufacturing=9
		healthcare=7 consulting=6 retail=6 logistics=5 media=5 education=4 telecom=3
		government=3 energy=2 insurance=2 real_estate=2 hospitality=1`)
	countries = newTable(`US=34 GB=9 DE=8 FR=5 NL=3 CA=4 ES=3 IT=3 SE=2 AU=3 JP=3 SG=2
		IN=6 BR=4 MX=1 PL=1 IE=1 CH=1 DK=1 BE=1 AT=1 NO=0.5 PT=0.5 IL=1`)
	stages = []string{"seed", "startup", "scaleup", "established", "mature"}
	models = []string{"b2b", "b2c", "b2b2c", "marketplace"}
)

// stageBySize gives growth-stage weights (order of stages) per size band.
var stageBySize = []struct {
	below int64
	t     table
}{
	{20, newTable("seed=45 startup=45 scaleup=8 established=2 mature=0")},
	{200, newTable("seed=10 startup=40 scaleup=35 established=13 mature=2")},
	{1000, newTable("seed=1 startup=10 scaleup=35 established=40 mature=14")},
	{5000, newTable("seed=0 startup=2 scaleup=15 established=48 mature=35")},
	{math.MaxInt64, newTable("seed=0 startup=0 scaleup=5 established=40 mature=55")},
}

// modelByIndustry gives business-model weights (order of models).
var modelByIndustry = map[string]table{
	"software":  newTable("b2b=75 b2c=10 b2b2c=10 marketplace=5"),
	"saas":      newTable("b2b=78 b2c=8 b2b2c=9 marketplace=5"),
	"ecommerce": newTable("b2b=8 b2c=55 b2b2c=12 marketplace=25"),
	"retail":    newTable("b2b=5 b2c=75 b2b2c=10 marketplace=10"),
	"fintech":   newTable("b2b=45 b2c=25 b2b2c=20 marketplace=10"),
	"":          newTable("b2b=55 b2c=20 b2b2c=12 marketplace=13"),
}

// industryProfile: median employees and revenue per employee (USD).
var industryProfile = map[string]struct{ medianEmp, revPerEmp float64 }{
	"software": {55, 180e3}, "saas": {45, 160e3}, "ecommerce": {40, 250e3},
	"fintech": {70, 300e3}, "manufacturing": {160, 280e3}, "healthcare": {120, 150e3},
	"consulting": {35, 150e3}, "retail": {60, 200e3}, "logistics": {110, 220e3},
	"media": {45, 170e3}, "education": {220, 90e3}, "telecom": {250, 400e3},
	"government": {400, 120e3}, "energy": {200, 600e3}, "insurance": {180, 450e3},
	"real_estate": {40, 350e3}, "hospitality": {80, 80e3},
}

// tools is the technographic catalogue, with the share of accounts using each
// tool and the group that industry and size adjust.
var tools = []struct {
	name  string
	p     float64
	group byte // d: developer/data tool, e: enterprise suite, c: commerce, g: general
}{
	{"slack", .62, 'g'}, {"gsuite", .55, 'g'}, {"microsoft365", .35, 'e'}, {"zoom", .5, 'g'},
	{"jira", .42, 'd'}, {"confluence", .33, 'd'}, {"asana", .18, 'g'}, {"notion", .28, 'g'},
	{"trello", .12, 'g'}, {"monday", .08, 'g'}, {"salesforce", .28, 'e'}, {"hubspot", .33, 'g'},
	{"zendesk", .2, 'g'}, {"intercom", .14, 'g'}, {"github", .4, 'd'}, {"gitlab", .12, 'd'},
	{"aws", .42, 'd'}, {"gcp", .14, 'd'}, {"azure", .18, 'e'}, {"snowflake", .11, 'd'},
	{"databricks", .06, 'd'}, {"tableau", .1, 'e'}, {"looker", .08, 'd'}, {"stripe", .2, 'c'},
	{"shopify", .05, 'c'}, {"segment", .1, 'd'}, {"mixpanel", .08, 'd'}, {"datadog", .14, 'd'},
	{"okta", .14, 'e'}, {"figma", .25, 'g'}, {"workday", .06, 'e'}, {"sap", .05, 'e'},
	{"marketo", .07, 'e'}, {"servicenow", .05, 'e'}, {"pipedrive", .06, 'g'}, {"dropbox", .15, 'g'},
}

// tlds gives, per country, the top-level domains of its companies.
var tlds = map[string]table{
	"US": newTable("com=60 io=20 ai=8 co=12"), "GB": newTable("co.uk=50 com=30 io=20"),
	"DE": newTable("de=70 com=20 io=10"), "FR": newTable("fr=65 com=25 io=10"),
	"NL": newTable("nl=70 com=30"), "CA": newTable("ca=50 com=50"), "ES": newTable("es=70 com=30"),
	"IT": newTable("it=70 com=30"), "SE": newTable("se=70 com=30"), "AU": newTable("com.au=70 com=20 io=10"),
	"JP": newTable("jp=40 co.jp=40 com=20"), "SG": newTable("sg=40 com.sg=30 com=30"),
	"IN": newTable("in=40 co.in=30 com=30"), "BR": newTable("com.br=70 com=30"),
	"": newTable("com=70 io=20 co=10"),
}

// Field bits of account.known: which firmographics enrichment knows.
const (
	fIndustry = 1 << iota
	fEmployees
	fRevenue
	fCountry
	fStage
	fModel
	fTech
)

// account is the generator's own view of one company; it is derived from the
// seed and its index alone, so it can be recomputed at any time.
type account struct {
	tag       uint32 // index+1 when this cache slot is filled
	domain    string
	name      string
	industry  string
	country   string
	stage     string
	model     string
	locale    string
	known     uint8
	hot       bool
	product   bool // has users of the product (usage events)
	employees int64
	revenue   int64
	tech      uint64 // bit i: tools[i]
	leads     int32
	users     int32
	userBase  int32
	heatAt    int64 // unix ms of its heat-up, when hot
}

// derive fills a with account i of the market. r is reseeded by the caller.
func (g *Generator) derive(a *account, i uint32, r *rand.Rand) {
	*a = account{tag: i + 1}
	a.industry = industries.names[industries.pick(r)]
	a.country = countries.names[countries.pick(r)]
	prof := industryProfile[a.industry]
	emp := prof.medianEmp * math.Exp(1.75*r.NormFloat64())
	a.employees = int64(min(max(emp, 1), 350000))
	for _, s := range stageBySize {
		if a.employees < s.below {
			a.stage = stages[s.t.pick(r)]
			break
		}
	}
	if a.industry == "government" || a.industry == "education" {
		a.stage = stages[3+r.IntN(2)] // established or mature
	}
	rev := float64(a.employees) * prof.revPerEmp * math.Exp(0.6*r.NormFloat64())
	if a.stage == "seed" {
		rev *= 0.25
	}
	a.revenue = roundSignificant(rev, 2)
	mt, ok := modelByIndustry[a.industry]
	if !ok {
		mt = modelByIndustry[""]
	}
	a.model = models[mt.pick(r)]
	a.tech = pickTools(r, a.industry, a.employees)
	a.known = knownFields(r, g.opts.PartialShare)
	a.domain, a.name = g.domainName(i, a.industry, a.country, r)
	a.locale = countryLocale[a.country]
	if a.locale == "" {
		a.locale = "en"
	}
	g.deriveActivity(a, i, r)
}

// deriveActivity sets the leads, users and heat-up of account i.
func (g *Generator) deriveActivity(a *account, i uint32, r *rand.Rand) {
	size := min(max((math.Log10(float64(a.employees))+1)/3, 0.4), 2.5)
	n := g.opts.LeadsPerAccount * size * math.Exp(0.5*r.NormFloat64())
	a.leads = int32(min(max(math.Round(n), 1), 200, float64(a.employees)+1))
	a.hot, a.heatAt = g.heat(i)
	a.product = a.hot || g.unit(i, saltProduct) < productShare
	a.users = int32(min(max(2+math.Sqrt(float64(a.employees))*math.Exp(0.5*r.NormFloat64()), 2), 300))
	if a.hot {
		a.users = max(a.users, 4)
	}
	a.userBase = 100 + r.Int32N(900)
}

// pickTools draws a tech stack: each tool independently, with developer tools
// likelier in software-like industries and enterprise suites in large accounts.
func pickTools(r *rand.Rand, industry string, employees int64) uint64 {
	var set uint64
	devish := industry == "software" || industry == "saas" || industry == "fintech"
	for i, t := range tools {
		p := t.p
		switch t.group {
		case 'd':
			if devish {
				p *= 1.5
			} else {
				p *= 0.5
			}
		case 'e':
			if employees > 1000 {
				p *= 2.2
			} else if employees < 50 {
				p *= 0.4
			}
		case 'c':
			if industry == "ecommerce" || industry == "retail" {
				p = min(p*8, 0.7)
			}
		}
		if r.Float64() < p {
			set |= 1 << i
		}
	}
	if set == 0 {
		set = 1 // slack
	}
	return set
}

// knownFields decides which firmographics enrichment knows: a partial account
// misses each field with probability 0.45; others miss revenue or business
// model now and then.
func knownFields(r *rand.Rand, partialShare float64) uint8 {
	known := uint8(fIndustry | fEmployees | fRevenue | fCountry | fStage | fModel | fTech)
	miss := 0.0
	if chance(r, partialShare) {
		miss = 0.45
	}
	for bit := uint8(1); bit <= fTech; bit <<= 1 {
		p := miss
		if p == 0 && (bit == fRevenue || bit == fModel) {
			p = 0.08
		}
		if chance(r, p) {
			known &^= bit
		}
	}
	return known
}

// domainName builds the unique domain and display name of account i. The
// (head, tail, suffix, pattern) tuple is a bijection of i modulo their product,
// and a numeral is added for each further round, so domains never repeat.
func (g *Generator) domainName(i uint32, industry, country string, r *rand.Rand) (string, string) {
	const mult = 1_000_003 // prime, coprime with the product below
	nh, nt := uint64(len(domainHeads)), uint64(len(domainTails))
	p := nh * nt * suffixCount * 2
	k := (uint64(i)*mult + g.key%p) % p
	round := uint64(i) / p
	pattern := k % 2
	k /= 2
	suffix := industrySuffixes[industry][k%suffixCount]
	k /= suffixCount
	stem := domainHeads[k/nt] + domainTails[k%nt]
	if round > 0 {
		stem += itoa(int64(round + 1))
	}
	var b strings.Builder
	b.WriteString(stem)
	if pattern == 0 {
		b.WriteByte('-')
	}
	b.WriteString(suffix)
	b.WriteByte('.')
	t, ok := tlds[country]
	if !ok {
		t = tlds[""]
	}
	tld := t.names[t.pick(r)]
	if country == "US" && (industry == "government" || industry == "education") {
		tld = map[string]string{"government": "gov", "education": "edu"}[industry]
	}
	b.WriteString(tld)
	name := capitalize(stem) + " " + capitalize(suffix)
	if forms := legalForms[country]; len(forms) > 0 && industry != "government" && chance(r, 0.35) {
		name += " " + forms[r.IntN(len(forms))]
	}
	return b.String(), name
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	if s == "hq" {
		return "HQ"
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// roundSignificant rounds x to n significant digits, as enrichment vendors do.
func roundSignificant(x float64, n int) int64 {
	if x < 1 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(x))-float64(n-1))
	return int64(math.Round(x/p) * p)
}
