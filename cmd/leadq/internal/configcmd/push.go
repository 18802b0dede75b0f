package configcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
)

// pushOptions is everything `leadq config push` can be told.
type pushOptions struct {
	bucketOptions
	Replicas int
}

// newPushCommand returns `leadq config push FILE`.
func newPushCommand() *cobra.Command {
	var o pushOptions
	cmd := &cobra.Command{
		Use:   "push FILE",
		Short: "Validate a configuration file and store it as a version",
		Long: `Validates a configuration file exactly as "config check" does, then stores it, byte for
byte, as the version its version: field names, in the JetStream key-value bucket
LEADQ_CONFIG (named after --subject-prefix; created on first push). Pushing does not
change what runs: "config diff" shows what the version would change, "config activate"
makes every leadq serve run it.

A pushed version never changes. Pushing the same file again does nothing; pushing other
content under a version already pushed is refused: set a new version: in the file.`,
		Example: `  leadq config push leadq.yaml
  leadq config push leadq.yaml --nats-url nats://nats.internal:4222 --json`,
		Args: cli.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runPush(c.Context(), &o, args[0], c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.register(cmd)
	cmd.Flags().IntVar(&o.Replicas, "stream-replicas", 1, "replicas of the bucket when push creates it (3 in a cluster)")
	cli.BindEnv(cmd)
	return cmd
}

// pushResult is what push prints with --json.
type pushResult struct {
	Version string    `json:"version"`
	Pushed  time.Time `json:"pushed_at"`
	Created bool      `json:"created"` // false: the same content was already pushed
	Bucket  string    `json:"bucket"`
}

func runPush(ctx context.Context, o *pushOptions, path string, stdout, stderr io.Writer) error {
	if o.Replicas < 1 || o.Replicas > 5 {
		return cli.Usagef("--stream-replicas %d: want 1 to 5", o.Replicas)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading config: %w", err)
	}
	cfg, warnings, err := rules.Parse(path, data)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if err != nil {
		return err
	}
	ctx, b, err := o.open(ctx, "leadq config push", o.Replicas, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	v, created, err := b.Push(ctx, cfg.Version, data)
	var ce *versions.ContentError
	if errors.As(err, &ce) {
		return fmt.Errorf("config push %s: version %s is already pushed with different content (pushed %s); "+
			"a pushed version never changes: set a new version: in the file, for example %s, and push it",
			path, quoteArg(ce.Version), timeOf(ce.Pushed), quoteArg(ce.Suggest))
	}
	if err != nil {
		return fmt.Errorf("config push %s: %w", path, err)
	}
	if o.JSON {
		return writeJSON(stdout, pushResult{Version: v.Name, Pushed: v.Pushed, Created: created, Bucket: b.Bucket()})
	}
	if !created {
		fmt.Fprintf(stdout, "version %s is already pushed with the same content (%s): nothing to do\n", v.Name, timeOf(v.Pushed))
		return nil
	}
	fmt.Fprintf(stdout, "pushed version %s to %s (%s)\n", v.Name, b.Bucket(), timeOf(v.Pushed))
	fmt.Fprintf(stdout, "next: leadq config diff %s, then leadq config activate %s\n", quoteArg(v.Name), quoteArg(v.Name))
	return nil
}
