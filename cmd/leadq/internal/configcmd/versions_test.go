package configcmd

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
	"github.com/leadq/leadq/deploy/testbench"
)

// kvBench is a NATS server for the config commands, with their flags; the
// bucket of its prefix is deleted afterwards.
type kvBench struct {
	flags []string
}

func newKVBench(t *testing.T) *kvBench {
	t.Helper()
	srv := testbench.NATS(t)
	t.Cleanup(func() { _ = srv.JS.DeleteKeyValue(context.Background(), versions.Bucket(srv.Prefix)) })
	return &kvBench{flags: []string{"--nats-url", srv.URL, "--subject-prefix", srv.Prefix}}
}

func (b *kvBench) run(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	return runCLI(t, append(append([]string{"config"}, args...), b.flags...)...)
}

// withVersion writes a copy of the worked example's configuration with
// another version: and an extra comment line, and returns its path.
func withVersion(t *testing.T, version, comment string) string {
	t.Helper()
	data, err := os.ReadFile(clitest.ExampleConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), `version: "2026-11-22.1"`, `version: "`+version+`"`, 1) + "# " + comment + "\n"
	path := filepath.Join(t.TempDir(), "leadq.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPushActivateRollback(t *testing.T) {
	b := newKVBench(t)
	v1, v2 := clitest.ExampleConfig(t), withVersion(t, "2026-11-22.2", "second")

	b.run(t, "status").WantCode(t, cli.ExitFailure) // nothing pushed yet
	r := b.run(t, "push", v1)
	r.WantCode(t, cli.ExitOK)
	clitest.WantSummary(t, r, "pushed version 2026-11-22.1 to ")
	r = b.run(t, "push", v1, "--json")
	r.WantCode(t, cli.ExitOK)
	var pushed pushResult
	if err := json.Unmarshal([]byte(r.Stdout), &pushed); err != nil || pushed.Created || pushed.Version != "2026-11-22.1" {
		t.Errorf("second push of the same file: %+v, %v; want created false", pushed, err)
	}
	b.run(t, "push", v2).WantCode(t, cli.ExitOK)

	r = b.run(t, "status")
	r.WantCode(t, cli.ExitFailure)
	clitest.WantOneLineError(t, r, "no version is active yet")
	r = b.run(t, "activate", "2026-11-22.1")
	r.WantCode(t, cli.ExitOK)
	clitest.WantSummary(t, r, "activated version 2026-11-22.1 (no version was active before)")
	r = b.run(t, "activate", "2026-11-22.2")
	r.WantCode(t, cli.ExitOK)
	clitest.WantSummary(t, r, "activated version 2026-11-22.2 (was 2026-11-22.1")
	clitest.WantSummary(t, r, "roll back with: leadq config activate 2026-11-22.1")
	r = b.run(t, "activate", "2026-11-22.2")
	r.WantCode(t, cli.ExitOK)
	clitest.WantSummary(t, r, "version 2026-11-22.2 is already active")

	r = b.run(t, "activate", "2026-11-22.1", "--json") // the rollback
	r.WantCode(t, cli.ExitOK)
	var act activateResult
	if err := json.Unmarshal([]byte(r.Stdout), &act); err != nil || !act.Changed || act.Previous != "2026-11-22.2" {
		t.Errorf("rollback: %+v, %v; want changed, previous 2026-11-22.2", act, err)
	}
	r = b.run(t, "status", "--json")
	r.WantCode(t, cli.ExitOK)
	var st statusReport
	if err := json.Unmarshal([]byte(r.Stdout), &st); err != nil || st.Active != "2026-11-22.1" || st.Previous != "2026-11-22.2" || st.By == "" {
		t.Errorf("status: %+v, %v", st, err)
	}
	r = b.run(t, "status")
	clitest.WantSummary(t, r, "re-score:       unknown")

	r = b.run(t, "activate", "2026-11-22.9")
	r.WantCode(t, cli.ExitFailure)
	clitest.WantOneLineError(t, r, `unknown version "2026-11-22.9"`)
}

func TestPushRefusesChangedContent(t *testing.T) {
	b := newKVBench(t)
	b.run(t, "push", withVersion(t, "7", "first")).WantCode(t, cli.ExitOK)
	r := b.run(t, "push", withVersion(t, "7", "edited"))
	r.WantCode(t, cli.ExitFailure)
	clitest.WantOneLineError(t, r, "version 7 is already pushed with different content (pushed 20")
	clitest.WantOneLineError(t, r, "set a new version: in the file, for example 8, and push it")

	r = b.run(t, "push", clitest.RepoFile(t, "testdata", "config", "broken-unknown-key.yaml"))
	r.WantCode(t, cli.ExitFailure)
	if !strings.Contains(r.Stderr, "broken-unknown-key.yaml:7: icps[0].attributes[1].wieght: is not allowed") {
		t.Errorf("push of an invalid file: stderr %q does not name the file, line and field", r.Stderr)
	}
	r = b.run(t, "list", "--json")
	var rows []listedVersion
	if err := json.Unmarshal([]byte(r.Stdout), &rows); err != nil || len(rows) != 1 || rows[0].Version != "7" || rows[0].Active {
		t.Errorf("list after the refusals: %+v, %v; want version 7 only, not active", rows, err)
	}
}

func TestListAndShow(t *testing.T) {
	b := newKVBench(t)
	v1 := clitest.ExampleConfig(t)
	b.run(t, "push", v1).WantCode(t, cli.ExitOK)
	b.run(t, "push", withVersion(t, "Q4 rules", "spaces")).WantCode(t, cli.ExitOK)
	r := b.run(t, "show")
	r.WantCode(t, cli.ExitFailure)
	clitest.WantOneLineError(t, r, "no version is active yet")
	b.run(t, "activate", "2026-11-22.1").WantCode(t, cli.ExitOK)

	r = b.run(t, "show")
	r.WantCode(t, cli.ExitOK)
	if want, _ := os.ReadFile(v1); r.Stdout != string(want) {
		t.Errorf("show prints %q, want the file exactly as pushed", r.Stdout)
	}
	r = b.run(t, "show", "Q4 rules", "--json")
	r.WantCode(t, cli.ExitOK)
	var shown shownVersion
	if err := json.Unmarshal([]byte(r.Stdout), &shown); err != nil || shown.Active || !strings.Contains(shown.YAML, "# spaces") {
		t.Errorf("show --json: %+v, %v", shown, err)
	}
	r = b.run(t, "list")
	r.WantCode(t, cli.ExitOK)
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "2026-11-22.1") || !strings.HasSuffix(lines[1], "active") ||
		!strings.HasPrefix(lines[2], "Q4 rules") || strings.HasSuffix(lines[2], "active") {
		t.Errorf("list:\n%s\nwant a header, 2026-11-22.1 active, then Q4 rules", r.Stdout)
	}
}
