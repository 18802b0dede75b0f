package configcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
)

// newShowCommand returns `leadq config show [VERSION]`.
func newShowCommand() *cobra.Command {
	var o bucketOptions
	cmd := &cobra.Command{
		Use:   "show [VERSION]",
		Short: "Print a pushed configuration version (the active one by default)",
		Long: `Prints the YAML of a pushed version exactly as it was pushed; without VERSION, the
active one. With --json: the version, when it was pushed, whether it is active, and the
YAML as a string.`,
		Args: cli.MaxArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			version := ""
			if len(args) == 1 {
				version = args[0]
			}
			return runShow(c.Context(), &o, version, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.register(cmd)
	cli.BindEnv(cmd)
	return cmd
}

// shownVersion is what show prints with --json.
type shownVersion struct {
	Version string    `json:"version"`
	Pushed  time.Time `json:"pushed_at"`
	Active  bool      `json:"active"`
	YAML    string    `json:"yaml"`
}

func runShow(ctx context.Context, o *bucketOptions, version string, stdout, stderr io.Writer) error {
	ctx, b, err := o.open(ctx, "leadq config show", 0, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	active, err := b.Active(ctx)
	switch {
	case errors.Is(err, versions.ErrNoActive) && version == "":
		return errors.New("config show: no version is active yet: name one (leadq config list shows them)")
	case err != nil && !errors.Is(err, versions.ErrNoActive):
		return err
	}
	if version == "" {
		version = active.Version
	}
	v, err := b.Get(ctx, version)
	if err != nil {
		return fmt.Errorf("config show: %w", err)
	}
	if o.JSON {
		return writeJSON(stdout, shownVersion{Version: v.Name, Pushed: v.Pushed, Active: v.Name == active.Version, YAML: string(v.YAML)})
	}
	if _, err := stdout.Write(v.YAML); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}
