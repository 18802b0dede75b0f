package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

// publishOutputs encodes outputs as the pipeline does (lead.routed in binary
// mode, the others structured, to cover both) and publishes them to the
// output stream.
func publishOutputs(t testing.TB, b *natsBench, outs []events.Output) {
	t.Helper()
	for _, out := range outs {
		out.NATSSubject = b.subjects.Qualified()
		switch d := out.Data.(type) {
		case events.RoutedData:
			out.NATSSubject = b.subjects.Routed(d.Queue)
		case events.UnqualifiedData:
			out.NATSSubject = b.subjects.Unqualified()
		}
		msg, err := events.Encode(out, events.EncodeOptions{Binary: out.Type == events.TypeLeadRouted})
		if err != nil {
			t.Fatal(err)
		}
		publishMsg(t, b, msg)
	}
}

func publishMsg(t testing.TB, b *natsBench, msg *nats.Msg) {
	t.Helper()
	if _, err := b.srv.JS.PublishMsg(context.Background(), msg); err != nil {
		t.Fatalf("publishing to %s: %v", msg.Subject, err)
	}
}

// TestTailReplaysOutputs prints the worked-example outputs (qualified, routed,
// unqualified at the re-check) replayed from the output stream.
func TestTailReplaysOutputs(t *testing.T) {
	b := newNATSBench(t)
	publishOutputs(t, b, runSpec9(t).outputs)
	for _, tc := range []struct {
		name, golden string
		args         []string
	}{
		{"all outputs", "tail_all.golden", []string{"--all"}},
		{"since a duration covers what was just published", "tail_all.golden", []string{"--since", "1h"}},
		{"one queue with e-mails", "tail_queue.golden", []string{"sdr-smb-emea", "--all", "--show-emails"}},
		{"json", "tail_all.json.golden", []string{"--all", "--json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", b.flags(append([]string{"tail", "--no-follow"}, tc.args...)...)...)
			r.wantCode(t, exitOK)
			golden(t, tc.golden, r.stdout)
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
		})
	}
	t.Run("nothing since a later instant", func(t *testing.T) {
		r := runCLI(t, "", b.flags("tail", "--no-follow", "--since", "2099-01-01")...)
		r.wantCode(t, exitOK)
		if r.stdout != "" {
			t.Errorf("stdout = %q, want nothing", r.stdout)
		}
	})
	t.Run("count stops early", func(t *testing.T) {
		r := runCLI(t, "", b.flags("tail", "--all", "--count", "1")...)
		r.wantCode(t, exitOK)
		if n := strings.Count(r.stdout, "\n"); n != 1 {
			t.Errorf("printed %d lines, want 1:\n%s", n, r.stdout)
		}
	})
}

// TestTailFollowsNewEvents starts tail on new events only, publishes once it
// is subscribed, and stops it with --count; a message that is not an output
// is reported and skipped.
func TestTailFollowsNewEvents(t *testing.T) {
	b := newNATSBench(t)
	outs := runSpec9(t).outputs
	publishOutputs(t, b, outs[:1]) // before tail starts: not shown
	done := make(chan cliResult, 1)
	go func() { done <- runCLI(t, "", b.flags("tail", "--count", "2")...) }()
	waitForConsumer(t, b, b.names.Out, done)
	publishMsg(t, b, &nats.Msg{Subject: b.subjects.Qualified(), Data: []byte("not an event")})
	publishOutputs(t, b, outs[1:])
	r := <-done
	r.wantCode(t, exitOK)
	want := strings.Join(strings.SplitAfter(readGolden(t, "tail_all.golden"), "\n")[1:], "")
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant the routed and unqualified lines of tail_all.golden:\n%s", r.stdout, want)
	}
	if countPrefixed(r.stderr, "skipping message 2 on ") != 1 {
		t.Errorf("stderr = %q, want the bad message reported", r.stderr)
	}
}

func TestTailEmptyStream(t *testing.T) {
	b := newNATSBench(t)
	r := runCLI(t, "", b.flags("tail", "--all", "--no-follow")...)
	r.wantCode(t, exitOK)
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("stdout %q, stderr %q: want nothing", r.stdout, r.stderr)
	}
}

func TestTailFailures(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"two queues", []string{"a", "b"}, "at most 1 argument"},
		{"queue with a dot", []string{"a.b"}, "one subject token"},
		{"--all and --since", []string{"--all", "--since", "1h"}, "not both"},
		{"--no-follow alone", []string{"--no-follow"}, "--no-follow needs"},
		{"bad --since", []string{"--since", "yesterday"}, "--since"},
		{"negative --count", []string{"--count", "-1"}, "--count"},
		{"bad prefix", []string{"--subject-prefix", "a b"}, "--subject-prefix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"tail"}, tc.args...)...)
			r.wantCode(t, exitUsage)
			wantOneLineError(t, r, tc.want)
		})
	}
}

// waitForConsumer waits until a consumer (tail's) reads the stream, or
// fails when the command ends first. It waits for a state, not for a time.
func waitForConsumer(t testing.TB, b *natsBench, stream string, done <-chan cliResult) {
	t.Helper()
	s := b.stream(t, stream)
	for {
		select {
		case r := <-done:
			t.Fatalf("tail ended before it subscribed: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		default:
		}
		info, err := s.Info(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if info.State.Consumers > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func readGolden(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
