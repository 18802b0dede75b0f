// Command leadq is the event-driven lead-qualification stream processor: it reads
// CloudEvents from NATS JetStream, keeps account state in Redis, re-checks ICP fit and
// Ready/Willing/Able readiness on every event and publishes qualified-lead and routing
// events. Run "leadq --help" for the commands.
//
// Each command lives in a package of its own under internal/, named after it
// (internal/serve, internal/tail, internal/dlq...; `config` is
// internal/configcmd); root.go lists them. What several commands share has a
// package named for what it does: internal/cli (usage errors, exit codes,
// LEADQ_* variables), internal/connect (NATS, Redis, streams),
// internal/pipeline (the pipeline's flags), internal/rules (configuration
// files), internal/versions (configuration versions in JetStream),
// internal/logs, internal/render, internal/progress and
// internal/httpserver. `config diff` is internal/configdiff.
package main

import (
	"fmt"
	"os"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
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
	return cli.ExitCode(err)
}
