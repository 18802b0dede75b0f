package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/qualify"
	"github.com/leadq/leadq/schemas"
)

// loadConfig reads and validates a configuration file: JSON Schema first, then the
// engine's semantic checks. Errors name the file, line and field.
func loadConfig(path string) (*qualify.Config, []qualify.Warning, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("reading config: %w", err)
	}
	return qualify.LoadConfig(path, data, schemaCheck)
}

// schemaCheck validates a configuration document against schemas/config.schema.json.
func schemaCheck(doc any) []qualify.Issue {
	vs := schemas.Validate("config", doc)
	issues := make([]qualify.Issue, len(vs))
	for i, v := range vs {
		issues[i] = qualify.Issue{Pointer: v.Pointer, Message: v.Message}
	}
	return issues
}

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Work with configuration files",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check FILE",
		Short: "Validate a configuration file and summarise it",
		Long: `Validates a configuration file against schemas/config.schema.json and the engine's
semantic rules (regular expressions compile, weights are positive, signal kinds exist,
every lead has a queue...). On success it prints a summary: ICPs, attributes, signal
kinds and queues. On failure it prints each problem with its file, line and field and
exits 1.`,
		Args: exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runConfigCheck(c.OutOrStdout(), args[0])
		},
	})
	return cmd
}

func runConfigCheck(w io.Writer, path string) error {
	cfg, warnings, err := loadConfig(path)
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

// exactArgs is cobra.ExactArgs reporting a usage error (exit code 2).
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s: want %d argument(s), got %d (see --help)", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
