package dlq

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/events"
)

// dlqFixture is a dead-letter stream holding four dead letters, made by the
// pipeline's dead-letter publisher:
//
//	1 schema     from <prefix>.in.lead, with publish directives and a custom header
//	2 malformed  from <prefix>.in.lead.hubspot
//	3 schema     from nowhere.lead (no stream takes it: replay fails)
//	4 schema     payload truncated to fit the server (cannot be replayed)
type dlqFixture struct {
	*clitest.NATSBench
	payload string // of dead letter 1
}

func newDLQFixture(t *testing.T) *dlqFixture {
	t.Helper()
	f := &dlqFixture{NATSBench: clitest.NewNATSBench(t), payload: clitest.ExampleLine(t, "1-lead-content-download.json")}
	sc := consumers.StreamsConfig{Subjects: f.Subjects}
	pub := consumers.NewDeadLetterPublisher(f.Srv.JS, sc)
	schema := &events.Rejection{Reason: events.ReasonSchema, Err: errors.New("/lead/email: not an e-mail address")}
	first := nats.NewMsg(f.Subjects.Lead())
	first.Data = []byte(f.payload)
	first.Header.Set(events.HeaderContentType, events.MediaTypeCloudEvents)
	first.Header.Set(jetstream.MsgIDHeader, "orig-1")
	first.Header.Set(jetstream.ExpectedStreamHeader, f.Names.In)
	first.Header.Set(jetstream.ExpectedLastSeqHeader, "999")
	first.Header.Set("X-Origin", "crm")
	bad := &nats.Msg{Subject: f.Subjects.Lead() + ".hubspot", Data: []byte("not json\x01")}
	nowhere := &nats.Msg{Subject: "nowhere.lead", Data: []byte(`{"a":1}`)}
	for _, d := range []struct {
		msg *nats.Msg
		rej *events.Rejection
	}{{first, schema}, {bad, &events.Rejection{Reason: events.ReasonMalformed, Err: errors.New("not JSON")}}, {nowhere, schema}} {
		if _, err := pub.Publish(context.Background(), d.msg, d.rej); err != nil {
			t.Fatal(err)
		}
	}
	big := &nats.Msg{Subject: f.Subjects.Lead(), Data: []byte(strings.Repeat("x", 4096)), Header: nats.Header{}}
	f.Publish(t, consumers.DeadLetterMsg(big, f.Subjects, schema, 1024))
	return f
}

func (f *dlqFixture) run(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, clitest.Root(NewCommand()), "", f.Flags(append([]string{"dlq"}, args...)...)...)
}

// dlqSeqs returns the sequences left in the dead-letter stream.
func (f *dlqFixture) dlqSeqs(t *testing.T) []uint64 {
	t.Helper()
	var seqs []uint64
	err := eachDeadLetter(context.Background(), f.Stream(t, f.Names.DLQ), []string{f.Subjects.DLQAll()},
		func(d *deadLetter) error { seqs = append(seqs, d.Seq); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return seqs
}

func TestDLQListAndShow(t *testing.T) {
	f := newDLQFixture(t)
	r := f.run(t, "list", "--last", "3")
	r.WantCode(t, cli.ExitOK)
	for _, want := range []string{
		f.Names.DLQ + ": 4 dead letter(s)", "malformed  1\n", "schema     3\n", "latest 3:",
		"malformed  " + f.Subjects.Lead() + ".hubspot  events: malformed: not JSON",
		"schema     nowhere.lead", "schema     " + f.Subjects.Lead() + "          events: schema: /lead/email",
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("dlq list does not show %q:\n%s", want, r.Stdout)
		}
	}
	if strings.Contains(r.Stdout, "\n1  ") {
		t.Errorf("dlq list --last 3 shows the first dead letter:\n%s", r.Stdout)
	}
	r = f.run(t, "list", "--reason", "malformed")
	if !strings.Contains(r.Stdout, "1 dead letter(s)") || strings.Contains(r.Stdout, "schema") {
		t.Errorf("dlq list --reason malformed:\n%s", r.Stdout)
	}

	r = f.run(t, "show", "1")
	r.WantCode(t, cli.ExitOK)
	for _, want := range []string{
		"source subject  " + f.Subjects.Lead(), "reason          schema", "leadq-original-Nats-Expected-Stream: " + f.Names.In,
		"X-Origin: crm", "\"email\": \"Jane.Doe@Acme.io\"",
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("dlq show 1 does not show %q:\n%s", want, r.Stdout)
		}
	}
	if r = f.run(t, "show", "2"); !strings.Contains(r.Stdout, `"not json\x01"`) {
		t.Errorf("dlq show 2 does not quote a binary payload:\n%s", r.Stdout)
	}
	if r = f.run(t, "show", "4"); !strings.Contains(r.Stdout, "original size 4096 bytes") {
		t.Errorf("dlq show 4 does not say the payload is truncated:\n%s", r.Stdout)
	}
	r = f.run(t, "show", "9")
	r.WantCode(t, cli.ExitFailure)
	clitest.WantOneLineError(t, r, "no dead letter 9")
}

// TestDLQReplay re-publishes dead letters and deletes exactly those the
// input stream acknowledged.
func TestDLQReplay(t *testing.T) {
	f := newDLQFixture(t)
	in := f.Subjects.In()

	r := f.run(t, "replay", "--reason", "schema", "--dry-run")
	r.WantCode(t, cli.ExitOK)
	clitest.WantSummary(t, r, "dry run: would replay 1, cannot replay 2")
	if n := f.Count(t, f.Names.In, in); n != 0 || len(f.dlqSeqs(t)) != 4 {
		t.Fatalf("--dry-run changed the streams: %d inputs, dead letters %v", n, f.dlqSeqs(t))
	}

	r = f.run(t, "replay", "--reason", "schema")
	r.WantCode(t, cli.ExitFailure)
	clitest.WantSummary(t, r, "replayed 1, kept 2")
	for _, want := range []string{"replayed 1 (schema) to " + f.Subjects.Lead(), "kept 3 (schema): not re-published: no stream takes nowhere.lead",
		"kept 4 (schema): payload truncated"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("replay output does not say %q:\n%s", want, r.Stdout)
		}
	}
	if got := fmt.Sprint(f.dlqSeqs(t)); got != "[2 3 4]" {
		t.Errorf("dead letters left: %s, want [2 3 4]", got)
	}
	f.wantReplayedFirst(t, f.FirstInput(t, f.Subjects.Lead()))

	r = f.run(t, "replay", "--seq", "2", "--seq", "4")
	r.WantCode(t, cli.ExitFailure)
	clitest.WantSummary(t, r, "replayed 1, kept 1")
	if got := fmt.Sprint(f.dlqSeqs(t)); got != "[3 4]" {
		t.Errorf("dead letters left: %s, want [3 4]", got)
	}
	if n := f.Count(t, f.Names.In, f.Subjects.Lead()+".hubspot"); n != 1 {
		t.Errorf("%d inputs on the malformed letter's source subject, want 1", n)
	}
	clitest.WantOneLineError(t, r, "1 dead letter(s) not replayed")
}

// wantReplayedFirst checks the input replayed from dead letter 1: original
// payload and headers, directives restored but the stale one, no leadq-*
// header, a replay Nats-Msg-Id.
func (f *dlqFixture) wantReplayedFirst(t *testing.T, m *nats.Msg) {
	t.Helper()
	if string(m.Data) != f.payload {
		t.Errorf("replayed payload = %q, want the original", m.Data)
	}
	for k, want := range map[string]string{
		"X-Origin": "crm", events.HeaderContentType: events.MediaTypeCloudEvents, jetstream.ExpectedStreamHeader: f.Names.In,
		jetstream.MsgIDHeader: "leadq-replay:" + f.Names.DLQ + ":1", jetstream.ExpectedLastSeqHeader: "",
		events.HeaderError: "", events.HeaderSourceSubject: "", "leadq-original-" + jetstream.ExpectedStreamHeader: "",
	} {
		if got := m.Header.Get(k); got != want {
			t.Errorf("replayed header %s = %q, want %q", k, got, want)
		}
	}
}

func TestDLQFailures(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"replay without a selection", []string{"replay"}, "select dead letters"},
		{"replay everything and more", []string{"replay", "--all-reasons", "--seq", "1"}, "--all-reasons goes alone"},
		{"unknown reason", []string{"replay", "--reason", "typo"}, `--reason "typo"`},
		{"list an unknown reason", []string{"list", "--reason", "typo"}, `--reason "typo"`},
		{"show a non-number", []string{"show", "abc"}, "SEQ"},
		{"show without a sequence", []string{"show"}, "want 1 argument"},
		{"list with an argument", []string{"list", "x"}, "want 0 argument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := clitest.Run(t, clitest.Root(NewCommand()), "", append([]string{"dlq"}, tc.args...)...)
			r.WantCode(t, cli.ExitUsage)
			clitest.WantOneLineError(t, r, tc.want)
		})
	}
}
