package configcmd

import "github.com/spf13/cobra"

// NewCommand returns `leadq config` with its subcommands.
func NewCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Work with configuration files",
	}
	cmd.AddCommand(
		newCheckCommand(),
	)
	return cmd
}
