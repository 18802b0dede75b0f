package configcmd

import (
	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/configdiff"
)

// NewCommand returns `leadq config` with its subcommands.
func NewCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check, push, compare and activate configuration versions",
		Long: `Configurations are versioned: "push" stores a file as the version its version: field
names, in the JetStream key-value bucket LEADQ_CONFIG; "diff" shows what a version would
change on the live accounts; "activate" makes every leadq serve run it (and re-score
every account); activating the previous version is the rollback.

  check      validate a file
  push       validate a file and store it as a version
  diff       what a file or version would change, account by account (a dry run)
  activate   make a version the one every leadq serve runs
  list       the pushed versions, and which is active
  show       print a version's YAML
  status     the active version and the re-score's progress`,
	}
	cmd.AddCommand(
		newCheckCommand(),
		newPushCommand(),
		configdiff.NewCommand(),
		newActivateCommand(),
		newListCommand(),
		newShowCommand(),
		newStatusCommand(),
	)
	return cmd
}
