package statefmt

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/leadq/leadq/qualify"
	"github.com/leadq/leadq/schemas"
)

// FuzzDecodeState: decoding never panics, and what decodes encodes to a
// state that decodes to the same account.
func FuzzDecodeState(f *testing.F) {
	f.Add(Encode(typicalAccount()))
	f.Add(Encode(&qualify.Account{}))
	f.Add([]byte{Version, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		a := &qualify.Account{}
		if Decode(b, a) != nil || b[0] != Version {
			return
		}
		again := &qualify.Account{}
		if err := Decode(Encode(a), again); err != nil || !reflect.DeepEqual(a, again) {
			t.Fatalf("re-encoded state: %v\n got %+v\nwant %+v", err, again, a)
		}
	})
}

// FuzzStateApplied: an account built by qualify.Apply from events drawn
// from the fuzz input decodes from its encoding to what a JSON round trip
// gives, and re-encodes to the same bytes.
func FuzzStateApplied(f *testing.F) {
	rules := loadRules(f, specRules)
	for _, seed := range []uint64{1, 2, 3, 40, 500} {
		f.Add(seed, uint16(seed*7))
	}
	f.Fuzz(func(t *testing.T, seed uint64, n uint16) {
		r := rand.New(rand.NewPCG(seed, uint64(n)))
		a := &qualify.Account{}
		for range int(n % 300) {
			if _, err := a.Apply(rules, randomEvent(r)); err != nil {
				t.Fatalf("applying: %v", err)
			}
		}
		b := Encode(a)
		got := &qualify.Account{}
		if err := Decode(b, got); err != nil {
			t.Fatalf("decoding: %v", err)
		}
		if want := jsonRoundTrip(t, a); !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded account differs:\n got %+v\nwant %+v", got, want)
		}
		if again := Encode(got); string(again) != string(b) {
			t.Fatalf("re-encoded state differs")
		}
	})
}

var (
	eventSources = []string{"crm/hubspot", "web/forms", "intent/bombora", "", "Ünï/✓"}
	formKinds    = []string{"demo_request", "pricing", "content_download", "webinar", "", "other"}
	triggerKinds = []string{"funding_round", "tender", "negative_review", "scaling_issue", "layoffs"}
	leadTitles   = []string{"", "CEO", "VP Marketing", "Engineering Manager", "Intern", "Analyst"}
)

// randomEvent draws an input event of account acme.io (or a free-mail
// lead), with ids of every stored form: generated, UUID and plain.
func randomEvent(r *rand.Rand) qualify.Event {
	base := time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)
	unit := []time.Duration{1, time.Millisecond, time.Second, time.Hour}[r.IntN(4)]
	at := base.Add(time.Duration(r.Int64N(int64(60*24*time.Hour))) / unit * unit)
	ev := qualify.Event{ID: randomID(r), Source: eventSources[r.IntN(len(eventSources))], Account: "acme.io", Time: at}
	switch r.IntN(3) {
	case 0:
		ev.Kind = qualify.LeadCaptured
		ev.Lead = qualify.Person{Email: fmt.Sprintf("p%d@%s", r.IntN(12), []string{"acme.io", "gmail.com"}[r.IntN(2)]),
			FirstName: []string{"", "Jane"}[r.IntN(2)], Title: leadTitles[r.IntN(len(leadTitles))],
			Country: []string{"", "DE", "FR"}[r.IntN(3)]}
		ev.FormKind = formKinds[r.IntN(len(formKinds))]
		if r.IntN(2) == 0 {
			emp, rev := r.Int64N(5000), r.Float64()*1e8
			ev.Company = qualify.Company{Name: "Acme", Industry: "software", Employees: &emp, AnnualRevenue: &rev,
				TechStack: [][]string{nil, {}, {"slack", "jira"}}[r.IntN(3)]}
		}
	case 1:
		ev.Kind, ev.TriggerKind = qualify.TriggerDetected, triggerKinds[r.IntN(len(triggerKinds))]
		ev.Company.Country = []string{"", "DE"}[r.IntN(2)]
	default:
		ev.Kind, ev.User, ev.Count = qualify.UsageRecorded, fmt.Sprintf("u-%d", r.IntN(30)), r.Int64N(4)
		ev.UsageEvent = []string{"report.exported", "seat.added"}[r.IntN(2)]
	}
	return ev
}

func randomID(r *rand.Rand) string {
	var u [16]byte
	binary.LittleEndian.PutUint64(u[:], r.Uint64())
	binary.LittleEndian.PutUint64(u[8:], r.Uint64())
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%x-%x-%x-%x-%x", u[:4], u[4:6], u[6:8], u[8:10], u[10:])
	case 1:
		return fmt.Sprintf("id-%d", r.IntN(50))
	}
	return fmt.Sprintf("evt-%016x", r.Uint64N(1000))
}

// specRules is the configuration of the README's example.
var specRules = filepath.Join("..", "..", "testdata", "config", "spec.yaml")

// loadRules loads a qualification config, checked against its JSON Schema.
func loadRules(t testing.TB, path string) *qualify.Config {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading rules: %v", err)
	}
	cfg, _, err := qualify.LoadConfig(path, data, func(doc any) []qualify.Issue {
		var issues []qualify.Issue
		for _, v := range schemas.Validate("config", doc) {
			issues = append(issues, qualify.Issue{Pointer: v.Pointer, Message: v.Message})
		}
		return issues
	})
	if err != nil {
		t.Fatalf("loading rules: %v", err)
	}
	return cfg
}
