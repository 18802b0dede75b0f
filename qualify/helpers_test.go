package qualify

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// specConfig loads the example configuration (testdata/config/spec.yaml) shared in testdata.
func specConfig(t testing.TB) *Config {
	t.Helper()
	path := filepath.Join("..", "testdata", "config", "spec.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := LoadConfig(path, data, nil)
	if err != nil {
		t.Fatalf("loading %s: %v", path, err)
	}
	return cfg
}

// mustConfig loads a configuration from text.
func mustConfig(t testing.TB, yaml string) *Config {
	t.Helper()
	cfg, _, err := LoadConfig("test.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatalf("loading config: %v", err)
	}
	return cfg
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// acme is the company of the README's worked example.
func acme() Company {
	return Company{Name: "Acme", Industry: "software", Employees: ptr(int64(300)),
		AnnualRevenue: ptr(40e6), Country: "DE", GrowthStage: "scaleup", BusinessModel: "b2b",
		TechStack: []string{"slack", "notion"}}
}

// specEvents are the six input events of the README's worked example.
func specEvents() []Event {
	jane := Person{Email: "jane.doe@acme.io", FirstName: "Jane", LastName: "Doe", Title: "VP Marketing", Country: "DE"}
	usage := func(id, user string) Event {
		return Event{ID: id, Source: "analytics", Time: ts("2026-11-05T12:00:00Z"), Kind: UsageRecorded,
			Account: "acme.io", User: user, UsageEvent: "dashboard.viewed", Count: 1}
	}
	return []Event{
		{ID: "e1", Source: "crm", Time: ts("2026-11-01T10:00:00Z"), Kind: LeadCaptured, Account: "acme.io",
			Company: acme(), Lead: jane, FormKind: "content_download"},
		{ID: "e2", Source: "news", Time: ts("2026-11-03T09:00:00Z"), Kind: TriggerDetected, Account: "acme.io",
			TriggerKind: "funding_round", Company: Company{AnnualRevenue: ptr(40e6), GrowthStage: "scaleup"}},
		usage("e3", "u1"), usage("e4", "u2"), usage("e5", "u3"),
		{ID: "e6", Source: "crm", Time: ts("2026-11-06T08:00:00Z"), Kind: LeadCaptured, Account: "acme.io",
			Lead: Person{Email: "jane.doe@acme.io", Title: "VP Marketing"}, FormKind: "demo_request"},
	}
}

func mustApply(t testing.TB, a *Account, cfg *Config, evs ...Event) {
	t.Helper()
	for _, ev := range evs {
		if _, err := a.Apply(cfg, ev); err != nil {
			t.Fatalf("apply %s: %v", ev.ID, err)
		}
	}
}
