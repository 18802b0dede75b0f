// Command leadq is the event-driven lead-qualification stream processor: it reads
// CloudEvents from NATS JetStream, keeps account state in Redis, re-checks ICP fit and
// Ready/Willing/Able readiness on every event and publishes qualified-lead and routing
// events. Run "leadq --help" for the commands.
package main

import (
	"errors"
	"fmt"
	"os"
)

// Exit codes shared by every command.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run executes the command line and maps its outcome to an exit code, printing
// errors as one clear line on standard error.
func run(args []string) int {
	root := newRootCmd()
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		fmt.Fprintf(os.Stderr, "leadq: %v\n", err)
	}
	return exitCode(err)
}

// exitCode maps a command's error to the process exit code.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	default:
		return exitFailure
	}
}
