package configcmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
)

// newCheckCommand returns `leadq config check FILE`.
func newCheckCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE",
		Short: "Validate a configuration file and summarise it",
		Long: `Validates a configuration file against schemas/config.schema.json and the engine's
semantic rules (regular expressions compile, weights are positive, signal kinds exist,
every lead has a queue...). On success it prints a summary: ICPs, attributes, signal
kinds and queues. On failure it prints each problem with its file, line and field and
exits 1.`,
		Args: cli.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runCheck(c.OutOrStdout(), args[0])
		},
	}
}

func runCheck(w io.Writer, path string) error {
	cfg, warnings, err := rules.Load(path)
	for _, wn := range warnings {
		fmt.Fprintf(w, "warning: %s\n", wn)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: OK\n", path)
	fmt.Fprint(w, cfg.Summary())
	return nil
}
