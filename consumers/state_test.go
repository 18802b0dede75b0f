package consumers

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
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

// TestStateRoundTrip: decoding the binary encoding of an account gives
// what a JSON round trip gives, for random accounts with every field,
// extreme instants and numbers, nil and empty lists.
func TestStateRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		a := randomAccount(r)
		b := encodeState(a)
		got := &qualify.Account{}
		if err := decodeState(b, got); err != nil {
			t.Fatalf("account %d: %v", i, err)
		}
		if want := jsonRoundTrip(t, a); !reflect.DeepEqual(got, want) {
			t.Fatalf("account %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
	// Past linearMax symbols and stamps the encoder looks them up by map.
	big := typicalAccount()
	for i := range 300 {
		big.Signals = append(big.Signals, qualify.Signal{Kind: fmt.Sprintf("trigger.k%d", i%90),
			At: qualify.Stamp{T: big.Clock - qualify.UnixNano(i), S: fmt.Sprintf("src-%d", i%70), I: fmt.Sprintf("id-%d", i%150)}})
	}
	got := &qualify.Account{}
	if err := decodeState(encodeState(big), got); err != nil || !reflect.DeepEqual(got, jsonRoundTrip(t, big)) {
		t.Fatalf("large account: %v", err)
	}
}

// TestStateReadsJSON: states stored as JSON by earlier versions are read,
// and an empty stored domain leaves the caller's.
func TestStateReadsJSON(t *testing.T) {
	a := typicalAccount()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	got := &qualify.Account{}
	if err := decodeState(b, got); err != nil || !reflect.DeepEqual(got, jsonRoundTrip(t, a)) {
		t.Fatalf("JSON state: %v\n got %+v", err, got)
	}
	noDomain := &qualify.Account{Domain: "kept.io"}
	if err := decodeState(encodeState(&qualify.Account{Clock: 5}), noDomain); err != nil || noDomain.Domain != "kept.io" {
		t.Fatalf("empty stored domain: %v, domain %q", err, noDomain.Domain)
	}
}

// TestStateReadsEarlierFormats: the earlier binary formats, as they encoded
// the typical account (format 1: plain ids and e-mails; format 2: symbols
// all stored), are still read.
func TestStateReadsEarlierFormats(t *testing.T) {
	for _, file := range []string{"testdata/state-format1.bin", "testdata/state-format2.bin"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got := &qualify.Account{}
		if err := decodeState(b, got); err != nil || !reflect.DeepEqual(got, jsonRoundTrip(t, typicalAccount())) {
			t.Fatalf("%s: %v\n got %+v", file, err, got)
		}
	}
}

// TestStateRejectsGarbage: truncated, extended or unknown states are errors.
func TestStateRejectsGarbage(t *testing.T) {
	good := encodeState(typicalAccount())
	cases := map[string][]byte{
		"empty":          nil,
		"unknown format": append([]byte{9}, good[1:]...),
		"trailing bytes": append(append([]byte{}, good...), 0),
		"bad JSON":       []byte("{nope"),
	}
	for n := 1; n < len(good); n += 7 {
		cases[fmt.Sprintf("truncated at %d", n)] = good[:n]
	}
	for name, b := range cases {
		if err := decodeState(b, &qualify.Account{}); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestStateIsCompact: the typical account of the memory target (5 leads,
// 20 signals, 10 users) takes well under half its JSON.
func TestStateIsCompact(t *testing.T) {
	a := typicalAccount()
	j, _ := json.Marshal(a)
	b := encodeState(a)
	if len(b)*2 > len(j) {
		t.Fatalf("binary state %d bytes, JSON %d", len(b), len(j))
	}
	t.Logf("typical account: binary %d bytes, JSON %d", len(b), len(j))
}

// FuzzDecodeState: decoding never panics, and what decodes encodes to a
// state that decodes to the same account.
func FuzzDecodeState(f *testing.F) {
	f.Add(encodeState(typicalAccount()))
	f.Add(encodeState(&qualify.Account{}))
	f.Add([]byte{stateFormat, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		a := &qualify.Account{}
		if decodeState(b, a) != nil || b[0] != stateFormat {
			return
		}
		again := &qualify.Account{}
		if err := decodeState(encodeState(a), again); err != nil || !reflect.DeepEqual(a, again) {
			t.Fatalf("re-encoded state: %v\n got %+v\nwant %+v", err, again, a)
		}
	})
}

func BenchmarkState(b *testing.B) {
	a := typicalAccount()
	js, _ := json.Marshal(a)
	bin := encodeState(a)
	b.Run("encode/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = json.Marshal(a)
		}
	})
	b.Run("encode/binary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			encodeState(a)
		}
	})
	b.Run("decode/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = decodeState(js, &qualify.Account{})
		}
	})
	b.Run("decode/binary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = decodeState(bin, &qualify.Account{})
		}
	})
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
