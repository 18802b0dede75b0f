package serve

import (
	"strings"
	"testing"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
)

// runCLI runs the command line args, which start with "serve", as leadq does.
func runCLI(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, clitest.Root(NewCommand()), "", args...)
}

func TestServeUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown flag", nil, []string{"serve", "--no-such-flag"}, "unknown flag"},
		{"stray argument", nil, []string{"serve", "extra"}, "want 0 argument(s)"},
		{"invalid variable", map[string]string{"LEADQ_WORKERS": "many"}, []string{"serve"}, `LEADQ_WORKERS="many"`},
		{"invalid log level", nil, []string{"serve", "--config", "x.yaml", "--log-level", "loud"}, "--log-level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			r := runCLI(t, tt.args...)
			r.WantCode(t, cli.ExitUsage)
			if !strings.Contains(r.Stderr, tt.want) {
				t.Errorf("stderr %q, want it to mention %q", r.Stderr, tt.want)
			}
		})
	}
}

func TestServeConfigFailureExitsOne(t *testing.T) {
	r := runCLI(t, "serve", "--config", clitest.RepoFile(t, "testdata", "config", "broken-unknown-key.yaml"))
	r.WantCode(t, cli.ExitFailure)
	if !strings.Contains(r.Stderr, "broken-unknown-key.yaml:7: icps[0].attributes[1].wieght: is not allowed") {
		t.Errorf("stderr %q does not name the file, line and field", r.Stderr)
	}
}
