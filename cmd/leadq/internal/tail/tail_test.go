package tail

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/events"
)

// runCLI runs the command line args, which start with "tail", as leadq does.
func runCLI(t testing.TB, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(t, clitest.Root(NewCommand()), "", args...)
}

// publishOutputs encodes outputs as the pipeline does (lead.routed in binary
// mode, the others structured, to cover both) and publishes them to the
// output stream.
func publishOutputs(t testing.TB, b *clitest.NATSBench, outs []events.Output) {
	t.Helper()
	for _, out := range outs {
		out.NATSSubject = b.Subjects.Qualified()
		switch d := out.Data.(type) {
		case events.RoutedData:
			out.NATSSubject = b.Subjects.Routed(d.Queue)
		case events.UnqualifiedData:
			out.NATSSubject = b.Subjects.Unqualified()
		}
		msg, err := events.Encode(out, events.EncodeOptions{Binary: out.Type == events.TypeLeadRouted})
		if err != nil {
			t.Fatal(err)
		}
		b.Publish(t, msg)
	}
}

// TestTailReplaysOutputs prints the worked-example outputs (qualified, routed,
// unqualified at the re-check) replayed from the output stream.
func TestTailReplaysOutputs(t *testing.T) {
	b := clitest.NewNATSBench(t)
	publishOutputs(t, b, clitest.RunWorkedExample(t).Outputs)
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
			r := runCLI(t, b.Flags(append([]string{"tail", "--no-follow"}, tc.args...)...)...)
			r.WantCode(t, cli.ExitOK)
			clitest.Golden(t, tc.golden, r.Stdout)
			if r.Stderr != "" {
				t.Errorf("stderr: %s", r.Stderr)
			}
		})
	}
	t.Run("nothing since a later instant", func(t *testing.T) {
		r := runCLI(t, b.Flags("tail", "--no-follow", "--since", "2099-01-01")...)
		r.WantCode(t, cli.ExitOK)
		if r.Stdout != "" {
			t.Errorf("stdout = %q, want nothing", r.Stdout)
		}
	})
	t.Run("count stops early", func(t *testing.T) {
		r := runCLI(t, b.Flags("tail", "--all", "--count", "1")...)
		r.WantCode(t, cli.ExitOK)
		if n := strings.Count(r.Stdout, "\n"); n != 1 {
			t.Errorf("printed %d lines, want 1:\n%s", n, r.Stdout)
		}
	})
}

// TestTailFollowsNewEvents starts tail on new events only, publishes once it
// is subscribed, and stops it with --count; a message that is not an output
// is reported and skipped.
func TestTailFollowsNewEvents(t *testing.T) {
	b := clitest.NewNATSBench(t)
	outs := clitest.RunWorkedExample(t).Outputs
	publishOutputs(t, b, outs[:1]) // before tail starts: not shown
	done := make(chan clitest.Result, 1)
	go func() { done <- runCLI(t, b.Flags("tail", "--count", "2")...) }()
	waitForConsumer(t, b, b.Names.Out, done)
	b.Publish(t, &nats.Msg{Subject: b.Subjects.Qualified(), Data: []byte("not an event")})
	publishOutputs(t, b, outs[1:])
	r := <-done
	r.WantCode(t, cli.ExitOK)
	want := strings.Join(strings.SplitAfter(clitest.ReadGolden(t, "tail_all.golden"), "\n")[1:], "")
	if r.Stdout != want {
		t.Errorf("stdout:\n%s\nwant the routed and unqualified lines of tail_all.golden:\n%s", r.Stdout, want)
	}
	if clitest.CountPrefixed(r.Stderr, "skipping message 2 on ") != 1 {
		t.Errorf("stderr = %q, want the bad message reported", r.Stderr)
	}
}

func TestTailEmptyStream(t *testing.T) {
	b := clitest.NewNATSBench(t)
	r := runCLI(t, b.Flags("tail", "--all", "--no-follow")...)
	r.WantCode(t, cli.ExitOK)
	if r.Stdout != "" || r.Stderr != "" {
		t.Errorf("stdout %q, stderr %q: want nothing", r.Stdout, r.Stderr)
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
			r := runCLI(t, append([]string{"tail"}, tc.args...)...)
			r.WantCode(t, cli.ExitUsage)
			clitest.WantOneLineError(t, r, tc.want)
		})
	}
}

// waitForConsumer waits until a consumer (tail's) reads the stream, or
// fails when the command ends first. It waits for a state, not for a time.
func waitForConsumer(t testing.TB, b *clitest.NATSBench, stream string, done <-chan clitest.Result) {
	t.Helper()
	s := b.Stream(t, stream)
	for {
		select {
		case r := <-done:
			t.Fatalf("tail ended before it subscribed: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
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
