package configcmd

import (
	"strings"
	"testing"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
)

// runCLI runs the command line args, which start with "config", as leadq does.
func runCLI(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, clitest.Root(NewCommand()), "", args...)
}

func TestConfigCheck(t *testing.T) {
	r := runCLI(t, "config", "check", clitest.ExampleConfig(t))
	r.WantCode(t, cli.ExitOK)
	for _, want := range []string{"spec.yaml: OK", "midmarket-saas: 6 attributes", "sdr-smb-emea"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.Stdout)
		}
	}
	runCLI(t, "config", "check", clitest.RepoFile(t, "testdata", "config", "broken-semantics.yaml")).WantCode(t, cli.ExitFailure)
	runCLI(t, "config", "check").WantCode(t, cli.ExitUsage)
}
