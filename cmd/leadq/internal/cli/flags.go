package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// BindEnv documents and applies the LEADQ_* variable of every flag of cmd: a
// flag not set on the command line takes the variable's value. It runs before
// the command. Call it once every flag is registered.
func BindEnv(cmd *cobra.Command) {
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		f.Usage = fmt.Sprintf("%s (env %s)", f.Usage, EnvName(f.Name))
	})
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		var err error
		c.Flags().VisitAll(func(f *pflag.Flag) {
			v, ok := os.LookupEnv(EnvName(f.Name))
			if !ok || f.Changed || err != nil {
				return
			}
			if e := c.Flags().Set(f.Name, v); e != nil {
				err = Usagef("%s=%q: %v", EnvName(f.Name), v, e)
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

// EnvName maps a flag name to its environment variable: nats-url →
// LEADQ_NATS_URL.
func EnvName(flag string) string {
	return "LEADQ_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// SetDefault changes the value and the documented default of a flag that a
// shared helper registered, and its help text when usage is not empty: a
// command whose defaults differ from serve's (the demo's servers, the
// bench's prefixes) says so in its --help.
func SetDefault(fs *pflag.FlagSet, name, value, usage string) {
	f := fs.Lookup(name)
	_ = f.Value.Set(value)
	f.DefValue = value
	if usage != "" {
		f.Usage = usage
	}
}
