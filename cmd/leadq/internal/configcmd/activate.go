package configcmd

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
)

// newActivateCommand returns `leadq config activate VERSION`.
func newActivateCommand() *cobra.Command {
	var o bucketOptions
	cmd := &cobra.Command{
		Use:   "activate VERSION",
		Short: "Make a pushed version the one every leadq serve runs",
		Long: `Makes a pushed version the active one. Every leadq serve watches the active version and
switches to it within seconds; then every account is re-scored under it. The previous
active version is printed: activating it again is the rollback.

A version that was never pushed is refused, and so is one that this leadq cannot load.
Activating the active version changes nothing.`,
		Example: `  leadq config activate 2026-11-22.2
  leadq config activate 2026-11-22.1     # roll back`,
		Args: cli.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runActivate(c.Context(), &o, args[0], c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.register(cmd)
	cli.BindEnv(cmd)
	return cmd
}

// activateResult is what activate prints with --json.
type activateResult struct {
	Version  string    `json:"version"`
	Previous string    `json:"previous,omitempty"` // the version active before ("" when none)
	Changed  bool      `json:"changed"`            // false: it was already active
	Since    time.Time `json:"activated_at"`
	By       string    `json:"activated_by,omitempty"`
}

func runActivate(ctx context.Context, o *bucketOptions, version string, stdout, stderr io.Writer) error {
	ctx, b, err := o.open(ctx, "leadq config activate", 0, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	v, err := b.Get(ctx, version)
	if err != nil {
		return fmt.Errorf("config activate: %w (leadq config list shows the pushed versions)", err)
	}
	if _, _, err := rules.Parse("version "+version, v.YAML); err != nil {
		return fmt.Errorf("config activate: version %q does not load: %w", version, err)
	}
	at, by := time.Now().UTC(), operator()
	prev, changed, err := b.Activate(ctx, version, by, at)
	if err != nil {
		return fmt.Errorf("config activate: %w", err)
	}
	res := activateResult{Version: version, Previous: prev.Version, Changed: true, Since: at, By: by}
	if !changed { // prev is the active version itself
		res = activateResult{Version: version, Previous: prev.Previous, Since: prev.At, By: prev.By}
	}
	if o.JSON {
		return writeJSON(stdout, res)
	}
	printActivation(stdout, res, prev)
	return nil
}

func printActivation(w io.Writer, res activateResult, prev versions.Activation) {
	if !res.Changed {
		fmt.Fprintf(w, "version %s is already active (since %s, by %s): nothing to do\n", res.Version, timeOf(prev.At), orDash(prev.By))
		return
	}
	if res.Previous == "" {
		fmt.Fprintf(w, "activated version %s (no version was active before)\n", res.Version)
	} else {
		fmt.Fprintf(w, "activated version %s (was %s, active since %s)\n", res.Version, res.Previous, timeOf(prev.At))
		fmt.Fprintf(w, "roll back with: leadq config activate %s\n", quoteArg(res.Previous))
	}
	fmt.Fprintln(w, "every leadq serve switches within seconds; leadq config status shows the re-score")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
