package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// title is a job title, its department and how often it appears among all
// leads (general) and among the primary contacts of accounts (primary).
type title struct {
	name, dept       string
	general, primary float64
}

// titles covers every seniority: C-level, VP, head/director, manager/lead,
// individual contributors, interns/students/freelancers, and no title.
var titles = parseTitles(`
CEO|executive|1|6
Chief Executive Officer|executive|0.3|2
Founder & CEO|executive|0.6|3
Co-founder|executive|0.4|2
CTO|engineering|1|5
CFO|finance|0.6|2
COO|operations|0.5|2
CMO|marketing|0.6|3
Chief Revenue Officer|sales|0.4|3
VP Marketing|marketing|1.2|5
VP Sales|sales|1.2|5
VP Engineering|engineering|1|4
VP Product|product|0.7|3
VP Operations|operations|0.6|2
VP Customer Success|customer_success|0.5|2
Vice President of Finance|finance|0.4|1
Head of Sales Ops|sales|1|4
Head of Growth|marketing|1|4
Head of Marketing|marketing|1|4
Head of Data|data|0.8|3
Head of IT|it|0.9|3
Director of Engineering|engineering|1.2|4
Director of Marketing|marketing|1.1|4
Director of Sales|sales|1|4
IT Director|it|0.8|3
Director of Operations|operations|0.7|2
Marketing Manager|marketing|3|5
Sales Manager|sales|2.5|4
Product Manager|product|2.5|3
Engineering Manager|engineering|2|3
Marketing Operations Manager|marketing|1.2|3
RevOps Manager|sales|1|3
Team Lead|engineering|2|2
Tech Lead|engineering|1.5|2
Data Team Lead|data|0.8|1
Account Manager|sales|2|1
Customer Success Manager|customer_success|1.5|1
Project Manager|operations|2|2
Office Manager|operations|1|0.5
HR Manager|hr|1|0.5
Software Engineer|engineering|6|1
Senior Software Engineer|engineering|4|1
DevOps Engineer|engineering|2|0.5
Data Analyst|data|3|1
Data Scientist|data|1.5|0.5
Analyst|finance|2|0.5
Marketing Specialist|marketing|3|0.5
Content Writer|marketing|1|0.2
Sales Development Representative|sales|3|0.5
Account Executive|sales|3|1
Product Designer|design|1.5|0.3
Designer|design|2|0.3
Consultant|operations|1.5|0.5
Recruiter|hr|1|0.2
Accountant|finance|1|0.2
Customer Support Specialist|customer_success|1.5|0.2
Operations Coordinator|operations|1|0.2
Owner|executive|1|1
Partner|executive|0.5|0.5
Associate|operations|1|0
Intern|engineering|1.5|0
Marketing Intern|marketing|1|0
Student||2|0
PhD Student||0.5|0
Freelance Consultant||1.2|0
Freelancer||0.5|0
||3|0
`)

// titleGeneral and titlePrimary pick a title index for any lead and for the
// primary contact (lead 0) of an account.
var titleGeneral, titlePrimary = titleTables()

func parseTitles(spec string) []title {
	var ts []title
	for line := range strings.Lines(strings.TrimSpace(spec)) {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) != 4 {
			panic("synth: bad title line " + line)
		}
		g, err1 := strconv.ParseFloat(f[2], 64)
		p, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			panic("synth: bad title weight " + line)
		}
		ts = append(ts, title{name: f[0], dept: f[1], general: g, primary: p})
	}
	return ts
}

func titleTables() (table, table) {
	var g, p strings.Builder
	for i, t := range titles {
		g.WriteString(strconv.Itoa(i) + "=" + strconv.FormatFloat(t.general, 'f', -1, 64) + " ")
		p.WriteString(strconv.Itoa(i) + "=" + strconv.FormatFloat(t.primary, 'f', -1, 64) + " ")
	}
	return newTable(g.String()), newTable(p.String())
}

// freeMail are the free-mail providers leads sign up with.
var freeMail = newTable("gmail.com=58 outlook.com=12 yahoo.com=9 hotmail.com=8 icloud.com=5 proton.me=3 gmx.de=3 web.de=2")

// person is lead j of an account, derived from the seed, the account and j.
type person struct {
	first, last string
	title       *title
	free        string // free-mail domain, "" for a work address
	digits      int32  // suffix of a free-mail local part, 0 for none
	pattern     uint8  // local-part pattern of a work address
	ordinal     int32  // > 0 when names wrapped around: "anna.klein2"
	withCompany bool   // a free-mail lead that names its company
	giveDept    bool
	giveCountry bool
}

// person derives lead j of account a. Within an account, leads of one locale
// have distinct first names, so their addresses do not collide.
func (g *Generator) person(a *account, j int32) person {
	r := g.lr
	g.lpcg.Seed(g.key^saltLead, uint64(a.tag)<<32|uint64(uint32(j)))
	loc := a.locale
	if r.Float64() < 0.2 {
		loc = locales[r.IntN(len(locales))]
	}
	fs, ls := forenames[loc], surnames[loc]
	base := mix64(g.key ^ uint64(a.tag))
	p := person{
		first:   fs[(base%uint64(len(fs))+uint64(j))%uint64(len(fs))],
		last:    ls[(base>>20+uint64(j)*7)%uint64(len(ls))],
		ordinal: j / int32(len(fs)),
	}
	if j == 0 {
		p.title = &titles[titlePrimary.pick(r)]
	} else {
		p.title = &titles[titleGeneral.pick(r)]
	}
	if j > 0 && chance(r, g.opts.FreeMailShare) {
		p.free = freeMail.names[freeMail.pick(r)]
		if r.IntN(2) == 0 {
			p.digits = 10 + r.Int32N(90)
		}
		p.withCompany = r.IntN(2) == 0
	}
	p.pattern = uint8(emailPatterns.pick(r))
	p.giveDept = r.Float64() < 0.7
	p.giveCountry = r.Float64() < 0.85
	return p
}

// emailPatterns: first.last, first, flast, first_last, firstl.
var emailPatterns = newTable("0=55 1=8 2=22 3=5 4=10")

// appendEmail appends the lead's e-mail address, at the account's domain
// unless the lead uses free mail.
func (p *person) appendEmail(b []byte, domain string) []byte {
	pat := p.pattern
	if p.free != "" {
		pat = 0
	}
	switch pat {
	case 0, 3:
		sep := byte('.')
		if pat == 3 {
			sep = '_'
		}
		b = fold(b, p.first)
		b = append(b, sep)
		b = fold(b, p.last)
	case 1:
		b = fold(b, p.first)
	case 2:
		n := len(b)
		b = fold(b, p.first)
		b = fold(b[:n+1], p.last)
	case 4:
		b = fold(b, p.first)
		n := len(b)
		b = fold(b, p.last)[:n+1]
	}
	if p.ordinal > 0 {
		b = strconv.AppendInt(b, int64(p.ordinal+1), 10)
	}
	if p.free != "" {
		if p.digits > 0 {
			b = strconv.AppendInt(b, int64(p.digits), 10)
		}
		domain = p.free
	}
	b = append(b, '@')
	return append(b, domain...)
}

// pickLead chooses which of the account's leads acts, the primary contact
// somewhat more often than the others.
func pickLead(r *rand.Rand, a *account) int32 {
	u := r.Float64()
	return int32(u * (0.5 + u/2) * float64(a.leads))
}
