package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/events"
)

// runCLI runs the command line args, which start with "publish", as leadq
// does, with stdin.
func runCLI(t *testing.T, stdin string, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, clitest.Root(NewCommand()), stdin, args...)
}

const mixedFile = "testdata/publish_mixed.ndjson"

// The invalid lines of testdata/publish_mixed.ndjson (line 4 is blank).
var mixedInvalid = []string{
	"line 2: malformed: ",
	"line 5: unknown_type: ",
	"line 6: schema: ",
	"line 8: future_time: ",
}

// TestPublishFileWithBadLines publishes a file whose valid lines are the worked example's
// inputs: --strict stops at the first bad line, a normal run reports every
// bad line and publishes the rest, and a second run publishes nothing twice.
func TestPublishFileWithBadLines(t *testing.T) {
	b := clitest.NewNATSBench(t)
	in := b.Subjects.In()

	strict := runCLI(t, "", b.Flags("publish", "--strict", mixedFile)...)
	strict.WantCode(t, cli.ExitFailure)
	clitest.WantOneLineError(t, strict, "line 2: malformed: ")
	if !strings.Contains(strict.Stdout, "published 1, duplicates 0, invalid 1, failed 0 (2 lines)") {
		t.Errorf("--strict summary = %q", strict.Stdout)
	}
	if n := b.Count(t, b.Names.In, in); n != 1 {
		t.Fatalf("after --strict the input stream holds %d events, want 1 (the line before the bad one)", n)
	}

	r := runCLI(t, "", b.Flags("publish", mixedFile)...)
	r.WantCode(t, cli.ExitOK)
	for _, want := range mixedInvalid {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("stderr does not report %q:\n%s", want, r.Stderr)
		}
	}
	if got := clitest.CountPrefixed(r.Stderr, "line "); got != len(mixedInvalid) {
		t.Errorf("stderr reports %d lines, want %d:\n%s", got, len(mixedInvalid), r.Stderr)
	}
	clitest.WantSummary(t, r, "published 3, duplicates 1, invalid 4, failed 0 (8 lines)")
	for subject, want := range map[string]uint64{b.Subjects.Lead(): 1, b.Subjects.Trigger(): 1, b.Subjects.Usage(): 2} {
		if n := b.Count(t, b.Names.In, subject); n != want {
			t.Errorf("%s holds %d events, want %d", subject, n, want)
		}
	}

	again := runCLI(t, "", b.Flags("publish", "--quiet", "--max-pending", "2", mixedFile)...)
	again.WantCode(t, cli.ExitOK)
	clitest.WantSummary(t, again, "published 0, duplicates 4, invalid 4, failed 0 (8 lines)")
	if n := b.Count(t, b.Names.In, in); n != 4 {
		t.Errorf("after a second run the input stream holds %d events, want 4", n)
	}
}

// TestPublishStoresWhatThePipelineDecodes checks a stored event: subject by
// type, Nats-Msg-Id of source and id, payload as given.
func TestPublishStoresWhatThePipelineDecodes(t *testing.T) {
	b := clitest.NewNATSBench(t)
	line := clitest.ExampleLine(t, "2-trigger-funding-round.json")
	runCLI(t, line+"\n", b.Flags("publish", "-")...).WantCode(t, cli.ExitOK)
	m := b.LastInput(t, b.Subjects.Trigger())
	if string(m.Data) != line {
		t.Errorf("payload = %s, want the line unchanged", m.Data)
	}
	ev := decodeStored(t, m)
	if got := m.Header.Get(jetstream.MsgIDHeader); got != ev.Key() {
		t.Errorf("Nats-Msg-Id = %q, want source and id %q", got, ev.Key())
	}
}

// TestPublishBareData wraps bare lead data given with --type.
func TestPublishBareData(t *testing.T) {
	b := clitest.NewNATSBench(t)
	lines := `{"lead":{"email":"Ann@Acme.io","title":"CTO"},"company":{"domain":"acme.io"},"at":"2026-11-20T08:00:00Z"}
{"lead":{"email":"bo@acme.io"},"at":"2026-11-20T09:00:00Z"}
{"lead":{},"at":"2026-11-20T10:00:00Z"}
{"lead":{"email":"cy@acme.io"}}
`
	args := b.Flags("publish", "-", "--type", events.TypeLeadCaptured, "--time-field", "at")
	r := runCLI(t, lines, args...)
	r.WantCode(t, cli.ExitOK)
	clitest.WantSummary(t, r, "published 2, duplicates 0, invalid 2, failed 0 (4 lines)")
	for _, want := range []string{"line 3: schema: ", "line 4: --time-field at: no such field"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("stderr does not report %q:\n%s", want, r.Stderr)
		}
	}
	first := strings.SplitN(lines, "\n", 2)[0]
	m := b.FirstInput(t, b.Subjects.Lead())
	ev := decodeStored(t, m)
	sum := sha256.Sum256([]byte(first))
	if ev.ID != hex.EncodeToString(sum[:16]) || ev.Source != "leadq-cli" || ev.Type != events.TypeLeadCaptured {
		t.Errorf("wrapped event id %q source %q type %q; want the line's hash, leadq-cli, lead.captured", ev.ID, ev.Source, ev.Type)
	}
	if !ev.Time.Equal(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)) || ev.Lead.Lead.Email != "ann@acme.io" {
		t.Errorf("wrapped event time %v e-mail %q", ev.Time, ev.Lead.Lead.Email)
	}
	again := runCLI(t, lines, args...)
	clitest.WantSummary(t, again, "published 0, duplicates 2, invalid 2, failed 0 (4 lines)")

	idArgs := b.Flags("publish", "-", "--type", events.TypeLeadCaptured, "--id-field", "lead.email", "--source", "crm")
	runCLI(t, first+"\n", idArgs...).WantCode(t, cli.ExitOK)
	if ev := decodeStored(t, b.LastInput(t, b.Subjects.Lead())); ev.ID != "Ann@Acme.io" || ev.Source != "crm" {
		t.Errorf("--id-field: id %q source %q, want Ann@Acme.io and crm", ev.ID, ev.Source)
	}
}

func TestPublishFailures(t *testing.T) {
	b := clitest.NewNATSBench(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no argument", []string{"publish"}, cli.ExitUsage, "want 1 argument"},
		{"output type", []string{"publish", "-", "--type", events.TypeLeadQualified}, cli.ExitUsage, "--type"},
		{"--id-field without --type", []string{"publish", "-", "--id-field", "x"}, cli.ExitUsage, "give --type too"},
		{"bad prefix", []string{"publish", "-", "--subject-prefix", "a b"}, cli.ExitUsage, "--subject-prefix"},
		{"unknown flag", []string{"publish", "-", "--nope"}, cli.ExitUsage, "unknown flag"},
		{"missing file", []string{"publish", "testdata/no-such-file"}, cli.ExitFailure, "no such file"},
		{"no stream for the prefix", []string{"publish", "-", "--subject-prefix", "elsewhere"}, cli.ExitFailure, "`leadq serve` creates"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", append(b.Flags(), tc.args...)...)
			r.WantCode(t, tc.code)
			clitest.WantOneLineError(t, r, tc.want)
		})
	}
}

// TestPublishReadsEnvironment takes the NATS URL from LEADQ_NATS_URL.
func TestPublishReadsEnvironment(t *testing.T) {
	b := clitest.NewNATSBench(t)
	t.Setenv("LEADQ_NATS_URL", b.Srv.URL)
	t.Setenv("LEADQ_SUBJECT_PREFIX", b.Subjects.Prefix)
	r := runCLI(t, clitest.ExampleLine(t, "3-usage-u1.json")+"\n", "publish", "-")
	r.WantCode(t, cli.ExitOK)
	clitest.WantSummary(t, r, "published 1,")
}

func TestPublishLineReader(t *testing.T) {
	input := "short\r\n" + strings.Repeat("x", 40) + "\n\nlast without newline"
	lr := newLineReader(strings.NewReader(input), 25)
	type line struct {
		text    string
		tooLong bool
	}
	want := []line{{"short", false}, {"", true}, {"", false}, {"last without newline", false}}
	for i, w := range want {
		got, tooLong, err := lr.next()
		if err != nil || string(got) != w.text || tooLong != w.tooLong || lr.n != i+1 {
			t.Fatalf("line %d: %q, tooLong %v, err %v, n %d; want %q, %v", i+1, got, tooLong, err, lr.n, w.text, w.tooLong)
		}
	}
	if _, _, err := lr.next(); err != io.EOF {
		t.Errorf("after the last line: %v, want io.EOF", err)
	}
	if lr.offset != int64(len(input)) {
		t.Errorf("offset %d, want %d", lr.offset, len(input))
	}
}

// decodeStored decodes a stored input as the pipeline does.
func decodeStored(t testing.TB, m *nats.Msg) *events.Event {
	t.Helper()
	ev, err := events.Decode(m, events.DecodeOptions{})
	if err != nil {
		var v any
		t.Fatalf("stored input does not decode: %v (%v)", err, json.Unmarshal(m.Data, &v))
	}
	return ev
}
