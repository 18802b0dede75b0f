package main

import (
	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/bench"
	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/configcmd"
	"github.com/leadq/leadq/cmd/leadq/internal/demo"
	"github.com/leadq/leadq/cmd/leadq/internal/dlq"
	"github.com/leadq/leadq/cmd/leadq/internal/explain"
	"github.com/leadq/leadq/cmd/leadq/internal/publish"
	"github.com/leadq/leadq/cmd/leadq/internal/serve"
	"github.com/leadq/leadq/cmd/leadq/internal/tail"
)

// newRootCmd returns the leadq command with every subcommand, in the order of
// the README: running the pipeline, then the operations table.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "leadq",
		Short: "Event-driven lead qualification on NATS JetStream and Redis",
		Long: `leadq reads form fills, trigger events and product usage as CloudEvents from NATS
JetStream, keeps each account's state in Redis, re-checks Ideal-Customer-Profile fit and
Ready/Willing/Able readiness on every event, and publishes qualified-lead and routing
events for SDR queues.

Every flag can also be set with a LEADQ_* environment variable (shown in each
command's --help); a flag given on the command line wins.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(cli.FlagError)
	root.AddCommand(
		serve.NewCommand(),           // leadq serve
		publish.NewCommand(),         // leadq publish FILE|-
		tail.NewCommand(),            // leadq tail [QUEUE]
		explain.NewCommand(),         // leadq explain EMAIL|DOMAIN
		dlq.NewCommand(),             // leadq dlq list|show|replay
		configcmd.NewCommand(),       // leadq config check|push|diff|activate|list|show|status
		demo.NewCommand(),            // leadq demo
		bench.NewCommand(),           // leadq bench
		bench.NewNATSServerCommand(), // leadq bench-nats-server (hidden): bench's NATS child
	)
	return root
}
