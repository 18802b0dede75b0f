package serve

import (
	"os"
	"regexp"
	"testing"

	"github.com/spf13/pflag"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
)

// TestDeployUsesServeVariables checks that every LEADQ_* variable the deploy/
// starter sets (docker-compose.yaml, Dockerfile) is one `leadq serve` reads.
func TestDeployUsesServeVariables(t *testing.T) {
	known := map[string]bool{}
	NewCommand().Flags().VisitAll(func(f *pflag.Flag) { known[cli.EnvName(f.Name)] = true })
	variable := regexp.MustCompile(`\bLEADQ_[A-Z0-9_]+`)
	for _, file := range []string{"docker-compose.yaml", "Dockerfile"} {
		data, err := os.ReadFile(clitest.RepoFile(t, "deploy", file))
		if err != nil {
			t.Fatal(err)
		}
		vars := variable.FindAllString(string(data), -1)
		if len(vars) == 0 {
			t.Errorf("deploy/%s sets no LEADQ_* variable", file)
		}
		for _, v := range vars {
			if !known[v] {
				t.Errorf("deploy/%s: %s is not a variable of leadq serve", file, v)
			}
		}
	}
}
