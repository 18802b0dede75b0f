package explain

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/events"
)

// runCLI runs the command line args, which start with "explain", as leadq
// does.
func runCLI(t testing.TB, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, clitest.Root(NewCommand()), "", args...)
}

// TestExplainSpec9 explains the worked example's account stored in a real Redis: at
// the account clock (the demo request, lead qualified) and at the re-check
// instant (usage window over, ready 0, not qualified).
func TestExplainSpec9(t *testing.T) {
	s := clitest.RunWorkedExample(t)
	flags := s.Store(t)
	for _, tc := range []struct {
		name, golden string
		args         []string
	}{
		{"domain at the account clock", "explain_domain.golden", []string{"acme.io"}},
		{"explicit --at equal to the clock", "explain_domain.golden", []string{"acme.io", "--at", "2026-11-06T08:00:00Z"}},
		{"--at before the clock is the clock", "explain_before_clock.golden", []string{"acme.io", "--at", "2026-11-01"}},
		{"e-mail at the re-check instant", "explain_email_recheck.golden",
			[]string{"Jane.Doe@Acme.io", "--at", "2026-11-12T12:00:00Z", "--show-emails"}},
		{"json at the re-check instant", "explain_recheck.json.golden",
			[]string{"jane.doe@acme.io", "--at", "2026-11-12T12:00:00Z", "--json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, append(append([]string{"explain"}, tc.args...), flags...)...)
			r.WantCode(t, cli.ExitOK)
			clitest.Golden(t, tc.golden, r.Stdout)
		})
	}
}

// TestExplainJSONMatchesTheOutputs checks that the explanation explain
// prints at an output's evaluation instant is the one the output carries.
func TestExplainJSONMatchesTheOutputs(t *testing.T) {
	s := clitest.RunWorkedExample(t)
	flags := s.Store(t)
	compared := 0
	for _, out := range s.Outputs {
		published := explanationOf(out.Data)
		if published == nil {
			continue // lead.routed
		}
		compared++
		r := runCLI(t, append([]string{"explain", "jane.doe@acme.io", "--json", "--at", out.Time.Format(time.RFC3339Nano)}, flags...)...)
		r.WantCode(t, cli.ExitOK)
		var rep explainReport
		if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil || len(rep.Leads) != 1 {
			t.Fatalf("explain --json: %v, %d leads\n%s", err, len(rep.Leads), r.Stdout)
		}
		got, _ := json.Marshal(rep.Leads[0].Explanation)
		if !jsonEqual(t, got, published) {
			t.Errorf("%s at %s: explain prints\n%s\nthe output carries\n%s", out.Type, out.Time, got, published)
		}
	}
	if compared != 2 {
		t.Errorf("compared %d explanations, want 2 (worked example: qualified, then unqualified at the re-check)", compared)
	}
}

func TestExplainFailures(t *testing.T) {
	s := clitest.RunWorkedExample(t)
	flags := s.Store(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown account", []string{"other.io"}, cli.ExitFailure, "account other.io not found"},
		{"unknown lead", []string{"john@acme.io"}, cli.ExitFailure, "has no lead j***@acme.io"},
		{"no argument", []string{}, cli.ExitUsage, "want 1 argument"},
		{"bad --at", []string{"acme.io", "--at", "tomorrow"}, cli.ExitUsage, "--at"},
		{"bad e-mail", []string{"jane@"}, cli.ExitUsage, "invalid e-mail"},
		{"free-mail lead without --account", []string{"jane@gmail.com"}, cli.ExitUsage, "--account"},
		{"--account with a domain", []string{"acme.io", "--account", "acme.io"}, cli.ExitUsage, "--account goes with an e-mail"},
		{"bad key prefix", []string{"acme.io", "--key-prefix", "a{b"}, cli.ExitUsage, "--key-prefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, append(append([]string{"explain"}, flags...), tc.args...)...)
			r.WantCode(t, tc.code)
			clitest.WantOneLineError(t, r, tc.want)
		})
	}
	t.Run("no config", func(t *testing.T) {
		r := runCLI(t, "explain", "acme.io")
		r.WantCode(t, cli.ExitUsage)
		clitest.WantOneLineError(t, r, "--config")
	})
}

// explanationOf returns the explanation of a qualified or unqualified
// output's data; nil for other outputs.
func explanationOf(data any) json.RawMessage {
	switch d := data.(type) {
	case events.QualifiedData:
		return d.Explanation
	case events.UnqualifiedData:
		return d.Explanation
	}
	return nil
}

// jsonEqual compares two JSON documents by value.
func jsonEqual(t testing.TB, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}
