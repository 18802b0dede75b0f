package configcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/render"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
)

// newListCommand returns `leadq config list`.
func newListCommand() *cobra.Command {
	var o bucketOptions
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the pushed configuration versions and which one is active",
		Long: `Lists the versions pushed to the bucket LEADQ_CONFIG, oldest first: when each was pushed,
when it was last activated (among the last 64 activations) and which one is active.`,
		Args: cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runList(c.Context(), &o, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.register(cmd)
	cli.BindEnv(cmd)
	return cmd
}

// listedVersion is one row of list (one element of its --json array).
type listedVersion struct {
	Version   string     `json:"version"`
	Pushed    time.Time  `json:"pushed_at"`
	Activated *time.Time `json:"last_activated_at"` // null: never (in the recorded history)
	Active    bool       `json:"active"`
}

func runList(ctx context.Context, o *bucketOptions, stdout, stderr io.Writer) error {
	ctx, b, err := o.open(ctx, "leadq config list", 0, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	rows, err := listVersions(ctx, b.Store)
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(stdout, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(stdout, "no version pushed")
		return nil
	}
	t := render.NewTable(stdout, "VERSION", "PUSHED", "LAST ACTIVATED", "ACTIVE")
	for _, r := range rows {
		activated, active := "-", ""
		if r.Activated != nil {
			activated = timeOf(*r.Activated)
		}
		if r.Active {
			active = "active"
		}
		t.Row(render.Cell(r.Version), timeOf(r.Pushed), activated, active)
	}
	return t.Flush()
}

// listVersions joins the pushed versions with the activations.
func listVersions(ctx context.Context, s *versions.Store) ([]listedVersion, error) {
	vs, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	hist, err := s.Activations(ctx)
	if err != nil {
		return nil, err
	}
	active, err := s.Active(ctx)
	if err != nil && !errors.Is(err, versions.ErrNoActive) {
		return nil, err
	}
	last := map[string]time.Time{}
	for _, a := range hist {
		last[a.Version] = a.At
	}
	rows := make([]listedVersion, 0, len(vs))
	for _, v := range vs {
		r := listedVersion{Version: v.Name, Pushed: v.Pushed, Active: v.Name == active.Version}
		if at, ok := last[v.Name]; ok {
			r.Activated = &at
		}
		rows = append(rows, r)
	}
	return rows, nil
}
