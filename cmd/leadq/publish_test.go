package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/events"
)

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
	b := newNATSBench(t)
	in := b.subjects.In()

	strict := runCLI(t, "", b.flags("publish", "--strict", mixedFile)...)
	strict.wantCode(t, exitFailure)
	wantOneLineError(t, strict, "line 2: malformed: ")
	if !strings.Contains(strict.stdout, "published 1, duplicates 0, invalid 1, failed 0 (2 lines)") {
		t.Errorf("--strict summary = %q", strict.stdout)
	}
	if n := b.count(t, b.names.In, in); n != 1 {
		t.Fatalf("after --strict the input stream holds %d events, want 1 (the line before the bad one)", n)
	}

	r := runCLI(t, "", b.flags("publish", mixedFile)...)
	r.wantCode(t, exitOK)
	for _, want := range mixedInvalid {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not report %q:\n%s", want, r.stderr)
		}
	}
	if got := countPrefixed(r.stderr, "line "); got != len(mixedInvalid) {
		t.Errorf("stderr reports %d lines, want %d:\n%s", got, len(mixedInvalid), r.stderr)
	}
	wantSummary(t, r, "published 3, duplicates 1, invalid 4, failed 0 (8 lines)")
	for subject, want := range map[string]uint64{b.subjects.Lead(): 1, b.subjects.Trigger(): 1, b.subjects.Usage(): 2} {
		if n := b.count(t, b.names.In, subject); n != want {
			t.Errorf("%s holds %d events, want %d", subject, n, want)
		}
	}

	again := runCLI(t, "", b.flags("publish", "--quiet", "--max-pending", "2", mixedFile)...)
	again.wantCode(t, exitOK)
	wantSummary(t, again, "published 0, duplicates 4, invalid 4, failed 0 (8 lines)")
	if n := b.count(t, b.names.In, in); n != 4 {
		t.Errorf("after a second run the input stream holds %d events, want 4", n)
	}
}

// TestPublishStoresWhatThePipelineDecodes checks a stored event: subject by
// type, Nats-Msg-Id of source and id, payload as given.
func TestPublishStoresWhatThePipelineDecodes(t *testing.T) {
	b := newNATSBench(t)
	line := spec9Line(t, "2-trigger-funding-round.json")
	runCLI(t, line+"\n", b.flags("publish", "-")...).wantCode(t, exitOK)
	m := lastMsg(t, b, b.subjects.Trigger())
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
	b := newNATSBench(t)
	lines := `{"lead":{"email":"Ann@Acme.io","title":"CTO"},"company":{"domain":"acme.io"},"at":"2026-11-20T08:00:00Z"}
{"lead":{"email":"bo@acme.io"},"at":"2026-11-20T09:00:00Z"}
{"lead":{},"at":"2026-11-20T10:00:00Z"}
{"lead":{"email":"cy@acme.io"}}
`
	args := b.flags("publish", "-", "--type", events.TypeLeadCaptured, "--time-field", "at")
	r := runCLI(t, lines, args...)
	r.wantCode(t, exitOK)
	wantSummary(t, r, "published 2, duplicates 0, invalid 2, failed 0 (4 lines)")
	for _, want := range []string{"line 3: schema: ", "line 4: --time-field at: no such field"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not report %q:\n%s", want, r.stderr)
		}
	}
	first := strings.SplitN(lines, "\n", 2)[0]
	m := firstMsg(t, b, b.subjects.Lead())
	ev := decodeStored(t, m)
	sum := sha256.Sum256([]byte(first))
	if ev.ID != hex.EncodeToString(sum[:16]) || ev.Source != "leadq-cli" || ev.Type != events.TypeLeadCaptured {
		t.Errorf("wrapped event id %q source %q type %q; want the line's hash, leadq-cli, lead.captured", ev.ID, ev.Source, ev.Type)
	}
	if !ev.Time.Equal(time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)) || ev.Lead.Lead.Email != "ann@acme.io" {
		t.Errorf("wrapped event time %v e-mail %q", ev.Time, ev.Lead.Lead.Email)
	}
	again := runCLI(t, lines, args...)
	wantSummary(t, again, "published 0, duplicates 2, invalid 2, failed 0 (4 lines)")

	idArgs := b.flags("publish", "-", "--type", events.TypeLeadCaptured, "--id-field", "lead.email", "--source", "crm")
	runCLI(t, first+"\n", idArgs...).wantCode(t, exitOK)
	if ev := decodeStored(t, lastMsg(t, b, b.subjects.Lead())); ev.ID != "Ann@Acme.io" || ev.Source != "crm" {
		t.Errorf("--id-field: id %q source %q, want Ann@Acme.io and crm", ev.ID, ev.Source)
	}
}

func TestPublishFailures(t *testing.T) {
	b := newNATSBench(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no argument", []string{"publish"}, exitUsage, "want 1 argument"},
		{"output type", []string{"publish", "-", "--type", events.TypeLeadQualified}, exitUsage, "--type"},
		{"--id-field without --type", []string{"publish", "-", "--id-field", "x"}, exitUsage, "give --type too"},
		{"bad prefix", []string{"publish", "-", "--subject-prefix", "a b"}, exitUsage, "--subject-prefix"},
		{"unknown flag", []string{"publish", "-", "--nope"}, exitUsage, "unknown flag"},
		{"missing file", []string{"publish", "testdata/no-such-file"}, exitFailure, "no such file"},
		{"no stream for the prefix", []string{"publish", "-", "--subject-prefix", "elsewhere"}, exitFailure, "`leadq serve` creates"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", append(b.flags(), tc.args...)...)
			r.wantCode(t, tc.code)
			wantOneLineError(t, r, tc.want)
		})
	}
}

// TestPublishReadsEnvironment takes the NATS URL from LEADQ_NATS_URL.
func TestPublishReadsEnvironment(t *testing.T) {
	b := newNATSBench(t)
	t.Setenv("LEADQ_NATS_URL", b.srv.URL)
	t.Setenv("LEADQ_SUBJECT_PREFIX", b.subjects.Prefix)
	r := runCLI(t, spec9Line(t, "3-usage-u1.json")+"\n", "publish", "-")
	r.wantCode(t, exitOK)
	wantSummary(t, r, "published 1,")
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

// countPrefixed counts the lines of s that start with prefix.
func countPrefixed(s, prefix string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}

func wantSummary(t testing.TB, r cliResult, want string) {
	t.Helper()
	if !strings.Contains(r.stdout, want) {
		t.Errorf("summary = %q, want %q", r.stdout, want)
	}
}

// firstMsg and lastMsg return the first and last stored input on subject.
func firstMsg(t testing.TB, b *natsBench, subject string) *nats.Msg {
	t.Helper()
	return storedMsg(t, b, subject, false)
}

func lastMsg(t testing.TB, b *natsBench, subject string) *nats.Msg {
	t.Helper()
	return storedMsg(t, b, subject, true)
}

func storedMsg(t testing.TB, b *natsBench, subject string, last bool) *nats.Msg {
	t.Helper()
	ctx := context.Background()
	s := b.stream(t, b.names.In)
	var raw *jetstream.RawStreamMsg
	var err error
	if last {
		raw, err = s.GetLastMsgForSubject(ctx, subject)
	} else {
		raw, err = s.GetMsg(ctx, 1, jetstream.WithGetMsgSubject(subject))
	}
	if err != nil {
		t.Fatalf("reading the input on %s: %v", subject, err)
	}
	return &nats.Msg{Subject: raw.Subject, Header: raw.Header, Data: raw.Data}
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
