package main

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

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/events"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// cliResult is the outcome of one in-process run of the command line.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command line in-process with stdin, capturing the output,
// and maps the outcome to an exit code and a last stderr line as run does.
func runCLI(t testing.TB, stdin string, args ...string) cliResult {
	t.Helper()
	root := newRootCmd()
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
	return cliResult{code: exitCode(err), stdout: stdout.String(), stderr: stderr.String()}
}

// wantCode fails the test when r did not exit with code.
func (r cliResult) wantCode(t testing.TB, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t testing.TB, name, got string) {
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

// natsBench is a JetStream server with leadq's streams for one test.
type natsBench struct {
	srv      *testbench.NATSServer
	subjects events.Subjects
	names    consumers.StreamNames
}

func newNATSBench(t testing.TB) *natsBench {
	t.Helper()
	srv := testbench.NATS(t)
	sc := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: srv.Prefix}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := consumers.EnsureStreams(ctx, srv.JS, sc); err != nil {
		t.Fatalf("EnsureStreams: %v", err)
	}
	return &natsBench{srv: srv, subjects: sc.Subjects, names: sc.Names()}
}

// flags are the connection flags of the operator commands.
func (b *natsBench) flags(args ...string) []string {
	return append(args, "--nats-url", b.srv.URL, "--subject-prefix", b.subjects.Prefix)
}

// stream returns a stream of the bench.
func (b *natsBench) stream(t testing.TB, name string) jetstream.Stream {
	t.Helper()
	s, err := b.srv.JS.Stream(context.Background(), name)
	if err != nil {
		t.Fatalf("stream %s: %v", name, err)
	}
	return s
}

// count returns the number of messages of a stream on a subject filter.
func (b *natsBench) count(t testing.TB, stream, filter string) uint64 {
	t.Helper()
	info, err := b.stream(t, stream).Info(context.Background(), jetstream.WithSubjectFilter(filter))
	if err != nil {
		t.Fatalf("stream info %s: %v", stream, err)
	}
	var n uint64
	for _, c := range info.State.Subjects {
		n += c
	}
	return n
}

// wantOneLineError checks that a failed run printed exactly one line,
// starting "leadq: " and containing want.
func wantOneLineError(t testing.TB, r cliResult, want string) {
	t.Helper()
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "leadq: ") || !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %q, want one line \"leadq: ...%s...\"", r.stderr, want)
	}
}

func TestRenderFormats(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"mask keeps the first character and the domain", maskEmail("jane.doe@acme.io"), "j***@acme.io"},
		{"mask of a non-address", maskEmail("nobody"), "***"},
		{"mask of a multibyte first character", maskEmail("élise@acme.io"), "é***@acme.io"},
		{"shown e-mail is unmasked", emailView{show: true}.email("a@b.io"), "a@b.io"},
		{"cell turns control characters to spaces", cell("a\tb\nc"), "a b c"},
		{"empty cell", cell(""), "-"},
		{"clip", clip("abcdef", 4), "abc…"},
		{"score rounds to two decimals", fmtScore(71.7649), "71.76"},
		{"whole score", fmtScore(100), "100"},
		{"time is UTC to the second", fmtTime(time.Date(2026, 11, 6, 9, 0, 0, 5e8, time.FixedZone("", 3600))), "2026-11-06T08:00:00Z"},
		{"zero time", fmtTime(time.Time{}), "-"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestRenderParsesInstants(t *testing.T) {
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
		if got, err := parseInstant(tc.in, now); err != nil || !got.Equal(tc.want) {
			t.Errorf("parseInstant(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
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
		if got, err := parseSince(tc.in, now); err != nil || !got.Equal(tc.want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"yesterday", "-2h", "2026-13-01", ""} {
		if _, err := parseSince(bad, now); err == nil {
			t.Errorf("parseSince(%q): no error", bad)
		}
	}
}

func TestRenderTableAligns(t *testing.T) {
	var buf bytes.Buffer
	tb := newTable(&buf, "A", "LONGER")
	tb.row("wide cell", "x")
	if err := tb.flush(); err != nil {
		t.Fatal(err)
	}
	want := "A          LONGER\nwide cell  x\n"
	if buf.String() != want {
		t.Errorf("table = %q, want %q", buf.String(), want)
	}
}

// TestPublishTailExplainDLQHelp checks that every operator command explains
// itself and names the LEADQ_* variable of each of its flags.
func TestPublishTailExplainDLQHelp(t *testing.T) {
	for _, tc := range []struct {
		cmd  []string
		want []string
	}{
		{[]string{"publish"}, []string{"NDJSON", "--strict", "LEADQ_NATS_URL", "LEADQ_TYPE", "LEADQ_STRICT", "LEADQ_SUBJECT_PREFIX"}},
		{[]string{"tail"}, []string{"ordered consumer", "LEADQ_JSON", "LEADQ_SINCE", "LEADQ_ALL", "LEADQ_SHOW_EMAILS"}},
		{[]string{"explain"}, []string{"account clock", "LEADQ_CONFIG", "LEADQ_REDIS_URL", "LEADQ_AT", "LEADQ_ACCOUNT"}},
		{[]string{"dlq"}, []string{"list", "show", "replay"}},
		{[]string{"dlq", "list"}, []string{"LEADQ_LAST", "LEADQ_REASON"}},
		{[]string{"dlq", "show"}, []string{"payload", "LEADQ_NATS_URL"}},
		{[]string{"dlq", "replay"}, []string{"leadq-original-", "LEADQ_DRY_RUN", "LEADQ_SEQ", "LEADQ_ALL_REASONS"}},
	} {
		r := runCLI(t, "", append(tc.cmd, "--help")...)
		r.wantCode(t, exitOK)
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%v --help does not mention %s", tc.cmd, w)
			}
		}
	}
}
