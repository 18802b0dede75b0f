package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestServeUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no configuration", nil, []string{"serve"}, "--config (or LEADQ_CONFIG) is required"},
		{"unknown flag", nil, []string{"serve", "--no-such-flag"}, "unknown flag"},
		{"stray argument", nil, []string{"serve", "extra"}, "want 0 argument(s)"},
		{"invalid variable", map[string]string{"LEADQ_WORKERS": "many"}, []string{"serve"}, `LEADQ_WORKERS="many"`},
		{"invalid log level", nil, []string{"serve", "--config", "x.yaml", "--log-level", "loud"}, "--log-level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, exitUsage)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q, want it to mention %q", r.stderr, tt.want)
			}
		})
	}
}

func TestServeConfigFailureExitsOne(t *testing.T) {
	r := runCLI(t, "", "serve", "--config", "../../testdata/config/broken-unknown-key.yaml")
	r.wantCode(t, exitFailure)
	if !strings.Contains(r.stderr, "broken-unknown-key.yaml:7: icps[0].attributes[1].wieght: is not allowed") {
		t.Errorf("stderr %q does not name the file, line and field", r.stderr)
	}
}

// TestBindEnv: a LEADQ_* variable sets a flag left off the command line, the
// command line wins over the variable, and --help names the variable.
func TestBindEnv(t *testing.T) {
	newCmd := func(got *int) *cobra.Command {
		cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
		cmd.Flags().IntVar(got, "max-ack-pending", 1, "inputs in flight")
		bindEnv(cmd)
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

func TestConfigCheck(t *testing.T) {
	r := runCLI(t, "", "config", "check", "../../testdata/config/spec.yaml")
	r.wantCode(t, exitOK)
	for _, want := range []string{"spec.yaml: OK", "midmarket-saas: 6 attributes", "sdr-smb-emea"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	runCLI(t, "", "config", "check", "../../testdata/config/broken-semantics.yaml").wantCode(t, exitFailure)
	runCLI(t, "", "config", "check").wantCode(t, exitUsage)
}
