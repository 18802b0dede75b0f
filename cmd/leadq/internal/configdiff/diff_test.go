package configdiff

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/qualify"
)

// crafted is an account of the diff test: its firmographics, the triggers
// it had and its leads (all "VP Marketing", with a demo request or none),
// every event at the same instant, so nothing decays.
type crafted struct {
	domain   string
	company  qualify.Company
	triggers []string
	leads    int
	demo     bool
}

func company(industry string, employees int64, revenue float64, country string, tech []string, stage string) qualify.Company {
	return qualify.Company{Industry: industry, Employees: &employees, AnnualRevenue: &revenue, Country: country,
		TechStack: tech, GrowthStage: stage}
}

// craftedAccounts are hand-checked against testdata/config/spec.yaml (the
// active version) and testdata/candidate.yaml (grade A from 90, ready from
// 25, min_grade A, an enterprise-fintech ICP, a first queue sdr-emea).
var craftedAccounts = []crafted{
	// fit 100, ready 40: qualified under both; sdr-smb-emea -> sdr-emea
	{"qualify-a.io", company("software", 300, 40e6, "DE", []string{"slack"}, "scaleup"), []string{"scaling_issue"}, 1, true},
	// fit 65 (B): two leads qualified now, not under min_grade A
	{"fit-b.io", company("software", 300, 40e6, "BR", nil, ""), []string{"scaling_issue"}, 2, true},
	// ready 25: below 40 now, enough from 25
	{"almost.io", company("software", 300, 40e6, "US", []string{"slack"}, "scaleup"), []string{"negative_review"}, 1, true},
	// fit 85: grade A now, B under the candidate; never ready
	{"grade-shift.io", company("software", 300, 40e6, "BR", []string{"slack"}, "scaleup"), nil, 1, false},
	// midmarket-saas 90, enterprise-fintech 100: the ICP changes, the grade (A) does not
	{"icp-swap.io", company("fintech", 1500, 200e6, "US", nil, "scaleup"), nil, 1, false},
	// qualified under both, sdr-general under both
	{"steady.io", company("software", 300, 40e6, "US", []string{"slack"}, "scaleup"), []string{"scaling_issue"}, 1, true},
}

// storeCrafted commits the crafted accounts, built with the engine as the
// pipeline builds them (qualified flags included), and returns the Redis
// flags of the diff.
func storeCrafted(t *testing.T) []string {
	t.Helper()
	active, _, err := rules.Load(clitest.ExampleConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	r := testbench.Redis(t)
	st, err := store.New(r.Client(t), store.Options{Prefix: r.Prefix})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	for _, c := range craftedAccounts {
		a := &qualify.Account{}
		apply := func(ev qualify.Event) {
			ev.Source, ev.Time, ev.Account = "test", at, c.domain
			if _, err := a.Apply(active, ev); err != nil {
				t.Fatalf("%s: %v", c.domain, err)
			}
		}
		for i, kind := range c.triggers {
			apply(qualify.Event{ID: c.domain + "/t" + string(rune('0'+i)), Kind: qualify.TriggerDetected, TriggerKind: kind})
		}
		for i := range c.leads {
			ev := qualify.Event{ID: c.domain + "/l" + string(rune('0'+i)), Kind: qualify.LeadCaptured, Company: c.company,
				Lead: qualify.Person{Email: "lead" + string(rune('0'+i)) + "@" + c.domain, Title: "VP Marketing"}}
			if c.demo {
				ev.FormKind = "demo_request"
			}
			apply(ev)
		}
		eval := qualify.Evaluate(a, active, a.Clock.Time())
		qualify.Transitions(a, &eval)
		state, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Commit(context.Background(), c.domain, store.Commit{State: state}); err != nil {
			t.Fatal(err)
		}
	}
	return []string{"--redis-url", r.URL, "--key-prefix", r.Prefix}
}

func runDiffCLI(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, clitest.Root(NewCommand()), "", append([]string{"diff"}, args...)...)
}

// wantCounts are the hand-checked counts: leads, accounts, and the e-mail
// of the first example.
var wantCounts = map[string][3]any{
	"become_qualified": {int64(1), int64(1), "lead0@almost.io"},
	"stop_qualifying":  {int64(2), int64(1), "lead0@fit-b.io"},
	"grade_changed":    {int64(1), int64(1), "lead0@grade-shift.io"},
	"icp_changed":      {int64(1), int64(1), "lead0@icp-swap.io"},
	"queue_changed":    {int64(1), int64(1), "lead0@qualify-a.io"},
}

func checkReport(t *testing.T, out string) {
	t.Helper()
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if r.Accounts != 6 || r.Leads != 7 || r.QualifiedBefore != 4 || r.QualifiedAfter != 3 || r.Unreadable != 0 {
		t.Errorf("accounts %d, leads %d, qualified %d -> %d, unreadable %d; want 6, 7, 4 -> 3, 0",
			r.Accounts, r.Leads, r.QualifiedBefore, r.QualifiedAfter, r.Unreadable)
	}
	if r.Active.Version != "2026-11-22.1" || r.Candidate.Version != "2026-11-22.2" {
		t.Errorf("versions %+v against %+v", r.Candidate, r.Active)
	}
	var m map[string]change
	b, _ := json.Marshal(r.Changes)
	_ = json.Unmarshal(b, &m)
	for kind, want := range wantCounts {
		c := m[kind]
		if c.Leads != want[0] || c.Accounts != want[1] || len(c.Examples) == 0 || c.Examples[0].Email != want[2] {
			t.Errorf("%s: %d leads in %d accounts, examples %+v; want %v leads in %v accounts, first %v",
				kind, c.Leads, c.Accounts, c.Examples, want[0], want[1], want[2])
			continue
		}
		if len(c.Examples[0].Explanation) == 0 {
			t.Errorf("%s: the first example has no explanation", kind)
		}
	}
	if ex := m["stop_qualifying"].Examples; len(ex) == 2 && (ex[1].Email != "lead1@fit-b.io" || ex[1].Explanation != nil ||
		ex[0].After != "not qualified: grade B below A") {
		t.Errorf("stop_qualifying examples %+v: want both fit-b.io leads, the first alone explained, failing on the grade", ex)
	}
}

// TestDiffCountsCraftedAccounts compares two files on hand-checked
// accounts: at least one lead of each kind of change, one account that
// does not change.
func TestDiffCountsCraftedAccounts(t *testing.T) {
	redisFlags := storeCrafted(t)
	candidate := clitest.RepoFile(t, "cmd", "leadq", "internal", "configdiff", "testdata", "candidate.yaml")
	args := append([]string{candidate, "--against", clitest.ExampleConfig(t)}, redisFlags...)
	r := runDiffCLI(t, append(args, "--json", "--scan-count", "2", "--workers", "3")...)
	r.WantCode(t, cli.ExitOK)
	checkReport(t, r.Stdout)

	text := runDiffCLI(t, append(args, "--examples", "1")...)
	text.WantCode(t, cli.ExitOK)
	for _, want := range []string{"candidate 2026-11-22.2 (file ", "6 accounts and 7 leads", "qualified leads: 4 now, 3 under the candidate",
		"stop qualifying (1 of 2):", "l***@fit-b.io", "under 2026-11-22.2, l***@fit-b.io: ICP midmarket-saas fit 65 grade B",
		"sdr-smb-emea  ->  sdr-emea"} {
		if !strings.Contains(text.Stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, text.Stdout)
		}
	}
	if strings.Contains(text.Stdout, "lead0@") {
		t.Errorf("text report shows an e-mail address unmasked:\n%s", text.Stdout)
	}
}

// TestDiffPushedVersions runs the same diff with the candidate and the
// active version taken from the bucket of versions.
func TestDiffPushedVersions(t *testing.T) {
	redisFlags := storeCrafted(t)
	srv := testbench.NATS(t)
	ctx := context.Background()
	b, err := versions.Ensure(ctx, srv.JS, srv.Prefix, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.JS.DeleteKeyValue(context.Background(), b.Bucket()) })
	natsFlags := []string{"--nats-url", srv.URL, "--subject-prefix", srv.Prefix}
	r := runDiffCLI(t, append(append([]string{"2026-11-22.2"}, redisFlags...), natsFlags...)...)
	r.WantCode(t, cli.ExitFailure)
	clitest.WantOneLineError(t, r, "neither a file nor a pushed version")

	for name, file := range map[string]string{"2026-11-22.1": clitest.ExampleConfig(t),
		"2026-11-22.2": clitest.RepoFile(t, "cmd", "leadq", "internal", "configdiff", "testdata", "candidate.yaml")} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Push(ctx, name, data); err != nil {
			t.Fatal(err)
		}
	}
	r = runDiffCLI(t, append(append([]string{"2026-11-22.2"}, redisFlags...), natsFlags...)...)
	r.WantCode(t, cli.ExitFailure)
	clitest.WantOneLineError(t, r, "no version is active yet")

	if _, _, err := b.Activate(ctx, "2026-11-22.1", "test", time.Now()); err != nil {
		t.Fatal(err)
	}
	r = runDiffCLI(t, append(append([]string{"2026-11-22.2", "--json"}, redisFlags...), natsFlags...)...)
	r.WantCode(t, cli.ExitOK)
	checkReport(t, r.Stdout)
}
