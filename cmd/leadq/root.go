package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageError marks a command-line mistake (exit code 2) as opposed to a failure of
// the work itself (exit code 1).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

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
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(newConfigCmd())
	for _, c := range extraCommands {
		root.AddCommand(c())
	}
	return root
}

// extraCommands lets each command file register its constructor.
var extraCommands []func() *cobra.Command

// bindEnv documents and applies the LEADQ_* variable of every flag of cmd: a flag not
// set on the command line takes the variable's value. It runs before the command.
func bindEnv(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		f.Usage = fmt.Sprintf("%s (env %s)", f.Usage, envName(f.Name))
	})
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		var err error
		c.Flags().VisitAll(func(f *pflag.Flag) {
			v, ok := os.LookupEnv(envName(f.Name))
			if !ok || f.Changed || err != nil {
				return
			}
			if e := c.Flags().Set(f.Name, v); e != nil {
				err = usageErrorf("%s=%q: %v", envName(f.Name), v, e)
			}
		})
		if err != nil {
			return err
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

// envName maps a flag name to its environment variable: nats-url → LEADQ_NATS_URL.
func envName(flag string) string {
	return "LEADQ_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}
