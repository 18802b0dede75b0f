package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, ExitOK},
		{"failure", errors.New("redis: connection refused"), ExitFailure},
		{"usage error", Usagef("--rate %d: want more", 0), ExitUsage},
		{"wrapped usage error", fmt.Errorf("serve: %w", Usagef("bad")), ExitUsage},
		{"flag error", FlagError(nil, errors.New("unknown flag: --nope")), ExitUsage},
	} {
		if got := ExitCode(tc.err); got != tc.want {
			t.Errorf("%s: exit code %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestBindEnv: a LEADQ_* variable sets a flag left off the command line, the
// command line wins over the variable, and --help names the variable.
func TestBindEnv(t *testing.T) {
	newCmd := func(got *int) *cobra.Command {
		cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
		cmd.Flags().IntVar(got, "max-ack-pending", 1, "inputs in flight")
		BindEnv(cmd)
		return cmd
	}
	t.Setenv("LEADQ_MAX_ACK_PENDING", "7")
	tests := []struct {
		args []string
		want int
	}{
		{nil, 7},
		{[]string{"--max-ack-pending", "9"}, 9},
	}
	for _, tt := range tests {
		var got int
		cmd := newCmd(&got)
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("args %v: max-ack-pending %d, want %d", tt.args, got, tt.want)
		}
	}
	var got int
	if u := newCmd(&got).Flags().Lookup("max-ack-pending").Usage; !strings.Contains(u, "env LEADQ_MAX_ACK_PENDING") {
		t.Errorf("usage %q does not name the variable", u)
	}
}

func TestParseInstantsAndSince(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"now", now},
		{"2026-11-06T08:00:00Z", time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)},
		{"2026-11-06T09:00:00+01:00", time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)},
		{"2026-11-06T08:00", time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)},
		{"2026-11-06", time.Date(2026, 11, 6, 0, 0, 0, 0, time.UTC)},
	} {
		if got, err := ParseInstant(tc.in, now); err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseInstant(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"90m", now.Add(-90 * time.Minute)},
		{"2d", now.Add(-48 * time.Hour)},
		{"2026-11-06", time.Date(2026, 11, 6, 0, 0, 0, 0, time.UTC)},
	} {
		if got, err := ParseSince(tc.in, now); err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"yesterday", "-2h", "2026-13-01", ""} {
		if _, err := ParseSince(bad, now); err == nil {
			t.Errorf("ParseSince(%q): no error", bad)
		}
	}
}

// TestSetDefault: a command that changes a shared flag's default gets the new
// value when the flag is not given, and its --help shows that default.
func TestSetDefault(t *testing.T) {
	var prefix string
	cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	cmd.Flags().StringVar(&prefix, "subject-prefix", "leadq", "first token of every subject")
	SetDefault(cmd.Flags(), "subject-prefix", "leadqbench", "")
	if prefix != "leadqbench" {
		t.Errorf("value %q, want the new default leadqbench", prefix)
	}
	if u := cmd.Flags().FlagUsages(); !strings.Contains(u, `(default "leadqbench")`) || !strings.Contains(u, "first token") {
		t.Errorf("help does not show the new default with the shared text:\n%s", u)
	}
	SetDefault(cmd.Flags(), "subject-prefix", "", "subject prefix (default: one of its own)")
	if u := cmd.Flags().FlagUsages(); strings.Contains(u, "(default \"") || !strings.Contains(u, "one of its own") {
		t.Errorf("help of an empty default:\n%s", u)
	}
}
