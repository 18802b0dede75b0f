package statefmt

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/leadq/leadq/qualify"
)

// jsonRoundTrip is what the JSON encoding of earlier versions kept of a.
func jsonRoundTrip(t testing.TB, a *qualify.Account) *qualify.Account {
	t.Helper()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	out := &qualify.Account{}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// typicalAccount has 5 leads, 20 signals, 10 users and full firmographics,
// with ids like the synthetic stream's.
func typicalAccount() *qualify.Account {
	clock := time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)
	st := func(k int) qualify.Stamp {
		return qualify.Stamp{T: qualify.At(clock.Add(-time.Duration(k) * time.Hour)), S: "crm/hubspot",
			I: fmt.Sprintf("evt-%016x", uint64(k)*0x9e3779b97f4a7c15)}
	}
	txt := func(v string, k int) *qualify.Text { return &qualify.Text{V: v, At: st(k)} }
	a := &qualify.Account{Domain: "acme-analytics.io", Clock: qualify.At(clock), Owner: "ana"}
	a.Firm = qualify.Firmographics{Name: txt("Acme Analytics", 0), Industry: txt("software", 0),
		Country: txt("DE", 0), GrowthStage: txt("scaleup", 0), BusinessModel: txt("b2b", 0),
		Employees: &qualify.Number{V: 300, At: st(0)}, AnnualRevenue: &qualify.Number{V: 4e7, At: st(0)},
		TechStack: &qualify.List{V: []string{"slack", "jira"}, At: st(0)}}
	for i := range 5 {
		a.Leads = append(a.Leads, qualify.Lead{Email: fmt.Sprintf("person.%d@acme-analytics.io", i),
			FirstName: txt("Jane", i), LastName: txt("Doe", i), Title: txt("VP Marketing", i),
			Role: "decision_maker", Rule: 2, RoleKey: 4202345145, Qualified: i == 0, Seq: int64(i % 2)})
	}
	kinds := []string{"form.demo_request", "form.pricing", "trigger.funding_round", "trigger.tender", "trigger.hiring_surge"}
	for i := range 20 {
		a.Signals = append(a.Signals, qualify.Signal{Kind: kinds[i%len(kinds)], At: st(40 - i)})
	}
	for i := range 10 {
		a.Users = append(a.Users, qualify.UserSeen{User: fmt.Sprintf("u-%d", i), Last: qualify.At(clock.Add(-time.Duration(i) * time.Minute))})
		a.Usage = append(a.Usage, qualify.UsageObs{Event: "report.exported", Count: 1, At: st(10 - i)})
	}
	return a
}

// randomAccount draws an account with any field present or not.
func randomAccount(r *rand.Rand) *qualify.Account {
	clock := randomInstant(r)
	a := &qualify.Account{Domain: randomString(r), Clock: clock, Owner: randomString(r)}
	st := func() qualify.Stamp {
		return qualify.Stamp{T: randomNear(r, clock), S: randomString(r), I: randomString(r)}
	}
	txt := func() *qualify.Text {
		if r.IntN(3) == 0 {
			return nil
		}
		return &qualify.Text{V: randomString(r), At: st()}
	}
	num := func() *qualify.Number {
		if r.IntN(3) == 0 {
			return nil
		}
		return &qualify.Number{V: randomNumber(r), At: st()}
	}
	a.Firm = qualify.Firmographics{Name: txt(), Industry: txt(), Country: txt(), GrowthStage: txt(),
		BusinessModel: txt(), Employees: num(), AnnualRevenue: num()}
	if r.IntN(2) == 0 {
		l := &qualify.List{At: st()}
		if n := r.IntN(4) - 1; n >= 0 {
			l.V = make([]string, n)
			for i := range l.V {
				l.V[i] = randomString(r)
			}
		}
		a.Firm.TechStack = l
	}
	for range r.IntN(4) {
		email := randomString(r)
		if r.IntN(2) == 0 {
			email = randomString(r) + "@" + a.Domain
		}
		a.Leads = append(a.Leads, qualify.Lead{Email: email, FirstName: txt(), LastName: txt(),
			Title: txt(), Department: txt(), Country: txt(), Role: randomString(r), Rule: r.IntN(5) - 1,
			RoleKey: r.Uint32(), Qualified: r.IntN(2) == 0, Seq: r.Int64N(1000) - 1})
	}
	for range r.IntN(5) {
		a.Signals = append(a.Signals, qualify.Signal{Kind: randomString(r), At: st()})
	}
	for range r.IntN(4) {
		a.Users = append(a.Users, qualify.UserSeen{User: randomString(r), Last: randomNear(r, clock)})
	}
	for range r.IntN(4) {
		a.Usage = append(a.Usage, qualify.UsageObs{Event: randomString(r), Count: r.Int64() - r.Int64(), At: st()})
	}
	return a
}

var sampleStrings = []string{"", "a", "crm/hubspot", "evt-0123456789abcdef", "Ünïcode ✓", "form.demo_request",
	"3f2a9c4e-1b2d-4e5f-8a9b-0c1d2e3f4a5b", "3F2A9C4E-1B2D-4E5F-8A9B-0C1D2E3F4A5B", "0123abcd", "x-0123abc",
	"evt-ABCDEF0123456789", "ffffffffffffffffffffffffffffffffffffffff"}

func randomString(r *rand.Rand) string { return sampleStrings[r.IntN(len(sampleStrings))] }

func randomInstant(r *rand.Rand) qualify.UnixNano {
	switch r.IntN(6) {
	case 0:
		return qualify.UnixNano(math.MinInt64)
	case 1:
		return qualify.UnixNano(math.MaxInt64)
	case 2:
		return 0
	}
	return qualify.UnixNano(1_790_000_000_000_000_000 + r.Int64N(1e17))
}

// randomNear is an instant near clock, in whole seconds, milliseconds or
// nanoseconds, or anywhere.
func randomNear(r *rand.Rand, clock qualify.UnixNano) qualify.UnixNano {
	d := r.Int64N(90*24*3600) - 30*24*3600
	switch r.IntN(4) {
	case 0:
		return clock - qualify.UnixNano(d*1e9)
	case 1:
		return clock - qualify.UnixNano(d*1e6+r.Int64N(1000))
	case 2:
		return clock - qualify.UnixNano(d*1e9+r.Int64N(1e9))
	}
	return randomInstant(r)
}

func randomNumber(r *rand.Rand) float64 {
	switch r.IntN(6) {
	case 0:
		return math.Copysign(0, -1)
	case 1:
		return 1 << 60
	case 2:
		return r.Float64() * 1e6
	case 3:
		return -float64(r.Int64N(1e9))
	}
	return float64(r.Int64N(1e15))
}

// largeAccount has 40 leads, 200 signals, 100 users and 100 usage
// observations, every write by a distinct event.
func largeAccount() *qualify.Account {
	a := typicalAccount()
	clock := a.Clock.Time()
	st := func(k int, src string) qualify.Stamp {
		return qualify.Stamp{T: qualify.At(clock.Add(-time.Duration(k) * time.Minute)), S: src,
			I: fmt.Sprintf("evt-%016x", uint64(k)*0x9e3779b97f4a7c15)}
	}
	sources := []string{"crm/hubspot", "web/forms", "intent/bombora", "product/usage"}
	kinds := []string{"form.demo_request", "form.pricing", "trigger.funding_round", "trigger.tender",
		"trigger.hiring_surge", "form.webinar", "trigger.new_project", "intent.surge"}
	a.Leads, a.Signals, a.Users, a.Usage = nil, nil, nil, nil
	for i := range 40 {
		txt := func(v string) *qualify.Text { return &qualify.Text{V: v, At: st(1000+i, sources[0])} }
		a.Leads = append(a.Leads, qualify.Lead{Email: fmt.Sprintf("person.%02d@acme-analytics.io", i),
			FirstName: txt("Jane"), LastName: txt("Doe"), Title: txt("VP Marketing"), Country: txt("DE"),
			Role: []string{"decision_maker", "champion", "none"}[i%3], Rule: 2, RoleKey: 4202345145, Seq: int64(i % 2)})
	}
	for i := range 200 {
		a.Signals = append(a.Signals, qualify.Signal{Kind: kinds[i%len(kinds)], At: st(2000-i, sources[i%len(sources)])})
	}
	for i := range 100 {
		a.Users = append(a.Users, qualify.UserSeen{User: fmt.Sprintf("u-%03d", i), Last: qualify.At(clock.Add(-time.Duration(i) * time.Second))})
		a.Usage = append(a.Usage, qualify.UsageObs{Event: []string{"report.exported", "seat.added"}[i%2], Count: int64(i), At: st(500-i, sources[3])})
	}
	return a
}
