package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command.
const (
	ExitOK      = 0
	ExitFailure = 1 // the work itself failed
	ExitUsage   = 2 // a command-line mistake
)

// UsageError marks a command-line mistake (exit code 2) as opposed to a
// failure of the work itself (exit code 1).
type UsageError struct{ Err error }

// Error returns the message of the mistake.
func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the mistake.
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Errorf(format, args...)}
}

// ExitCode maps a command's error to the process exit code.
func ExitCode(err error) int {
	var ue *UsageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	default:
		return ExitFailure
	}
}

// FlagError is the root command's flag error function: an unknown flag or a
// flag value that does not parse is a usage error.
func FlagError(_ *cobra.Command, err error) error { return &UsageError{err} }

// ExactArgs is cobra.ExactArgs reporting a usage error.
func ExactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return Usagef("%s: want %d argument(s), got %d (see --help)", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

// MaxArgs is cobra.MaximumNArgs reporting a usage error.
func MaxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return Usagef("%s: want at most %d argument(s), got %d (see --help)", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
