package clitest

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Result is the outcome of one in-process run of the command line.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Root returns a root command set up as leadq's (flag mistakes are usage
// errors; cobra prints neither usage nor errors) holding cmds, for a test
// that runs one command through Run.
func Root(cmds ...*cobra.Command) *cobra.Command {
	root := &cobra.Command{Use: "leadq", SilenceUsage: true, SilenceErrors: true}
	root.SetFlagErrorFunc(cli.FlagError)
	root.AddCommand(cmds...)
	return root
}

// Run runs the command line args on root in-process with stdin, capturing
// the output, and maps the outcome to an exit code and a last stderr line as
// leadq's main does. root must be new: its flags keep their values.
func Run(t testing.TB, root *cobra.Command, stdin string, args ...string) Result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a safety net, not an assertion
	defer cancel()
	err := root.ExecuteContext(ctx)
	if err != nil {
		fmt.Fprintf(&stderr, "leadq: %v\n", err)
	}
	return Result{Code: cli.ExitCode(err), Stdout: stdout.String(), Stderr: stderr.String()}
}

// WantCode fails the test when r did not exit with code.
func (r Result) WantCode(t testing.TB, code int) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.Code, code, r.Stdout, r.Stderr)
	}
}

// WantOneLineError checks that a failed run printed exactly one line,
// starting "leadq: " and containing want.
func WantOneLineError(t testing.TB, r Result, want string) {
	t.Helper()
	if strings.Count(r.Stderr, "\n") != 1 || !strings.HasPrefix(r.Stderr, "leadq: ") || !strings.Contains(r.Stderr, want) {
		t.Errorf("stderr = %q, want one line \"leadq: ...%s...\"", r.Stderr, want)
	}
}

// WantSummary checks that standard output holds want.
func WantSummary(t testing.TB, r Result, want string) {
	t.Helper()
	if !strings.Contains(r.Stdout, want) {
		t.Errorf("summary = %q, want %q", r.Stdout, want)
	}
}

// CountPrefixed counts the lines of s that start with prefix.
func CountPrefixed(s, prefix string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

// Golden compares got with testdata/<name> of the test's package, or
// rewrites it with -update.
func Golden(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// ReadGolden returns testdata/<name> of the test's package.
func ReadGolden(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// RepoFile returns the path of a file of the repository, from its root (the
// directory of go.mod), such as RepoFile(t, "testdata", "config", "spec.yaml").
func RepoFile(t testing.TB, elem ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(append([]string{dir}, elem...)...)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
