package consumers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCrashLosesNothing runs `leadq serve` as a child process, kills it with
// SIGKILL several times while 10,000 events over 500 accounts flow and
// starts it again each time. The output stream must then hold exactly the
// transitions (by Nats-Msg-Id) of a run without faults, none lost and none
// twice, and Redis the same account states.
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds leadq and runs 20,000 events through child processes")
	}
	bin := buildLeadq(t)
	rg := newRig(t)
	const kills = 5
	// Real time: the child reads the wall clock. Events lie an hour back,
	// within an hour, so no re-check falls due and no decay crosses a threshold.
	o := genOptions{Accounts: 500, Events: 10000, Leads: 4, Base: time.Now().Add(-2 * time.Hour), Span: time.Hour, Seed: 4}
	rg.clock.Set(time.Now().Add(time.Hour)) // settle's "re-check due" horizon

	rg.use("clean", "clean:")
	child := startServe(t, rg, bin)
	rg.publish(genEvents(rg.subjects, o)...)
	rg.settle(5 * time.Minute)
	child.stop(t)
	wantStates, wantIDs := rg.collect(o)

	rg.use("crash", "crash:")
	child = startServe(t, rg, bin)
	rg.publish(genEvents(rg.subjects, o)...)
	for k := 1; k <= kills; k++ {
		target := uint64(k * o.Events / (kills + 1))
		waitFor(t, fmt.Sprintf("%d inputs acknowledged", target), func() bool { return rg.ackFloor() >= target })
		child.kill(t)
		child = startServe(t, rg, bin)
	}
	rg.settle(5 * time.Minute)
	child.stop(t)
	gotStates, gotIDs := rg.collect(o)

	if len(wantIDs) == 0 {
		t.Fatal("the fault-free run published nothing")
	}
	lost, dup := compareIDs(gotIDs, wantIDs)
	t.Logf("%d kills, %d events over %d accounts; %d transitions in the fault-free run, %d after the crashes; %d lost, %d duplicated",
		kills, o.Events, o.Accounts, len(wantIDs), len(gotIDs), lost, dup)
	if lost > 0 || dup > 0 || len(gotIDs) != len(wantIDs) {
		t.Errorf("outputs after crashes differ from the fault-free run: %d lost, %d duplicated or unexpected", lost, dup)
	}
	differ := 0
	for a, want := range wantStates {
		if gotStates[a] != want {
			differ++
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d account states differ from the fault-free run", differ, len(wantStates))
	}
}

// compareIDs counts ids of want missing from got, and ids of got beyond want
// (unexpected, or the same id twice).
func compareIDs(got, want []string) (lost, extra int) {
	counts := map[string]int{}
	for _, id := range want {
		counts[id]++
	}
	for _, id := range got {
		counts[id]--
	}
	for _, n := range counts {
		if n > 0 {
			lost += n
		} else {
			extra -= n
		}
	}
	return lost, extra
}

// ackFloor is the stream sequence up to which the consumer acknowledged
// every input.
func (rg *rig) ackFloor() uint64 {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := rg.nats.JS.Consumer(ctx, rg.names.In, DefaultDurable)
	if err != nil {
		return 0
	}
	ci, err := c.Info(ctx)
	if err != nil {
		return 0
	}
	return ci.AckFloor.Stream
}

// buildLeadq builds cmd/leadq into a temporary directory, or skips the test
// when it has no serve command.
func buildLeadq(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "leadq")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "../cmd/leadq").CombinedOutput()
	if err != nil {
		t.Skipf("cmd/leadq does not build, so the crash test cannot run: %v\n%s", err, out)
	}
	if out, err := exec.CommandContext(ctx, bin, "serve", "--help").CombinedOutput(); err != nil {
		t.Skipf("cmd/leadq has no serve command yet, so the crash test cannot run: %v\n%s", err, out)
	}
	return bin
}

// serveChild is a running `leadq serve`.
type serveChild struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

// startServe starts `leadq serve` on the rig's servers and prefixes and
// waits until its /readyz answers 200 (signal handlers installed, NATS and
// Redis reachable, consumer bound).
func startServe(t *testing.T, rg *rig, bin string) *serveChild {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve",
		"--config", filepath.Join("..", "testdata", "config", "spec.yaml"),
		"--nats-url", rg.nats.URL, "--redis-url", rg.redis.URL,
		"--subject-prefix", rg.subjects.Prefix, "--key-prefix", rg.keys,
		"--ack-wait", "2s", "--http-addr", addr, "--log-format", "json", "--log-level", "warn",
		"--recheck-every", "100ms")
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.Env = append(os.Environ(), "LEADQ_CONFIG=") // flags only
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting leadq serve: %v", err)
	}
	c := &serveChild{cmd: cmd, logs: logs, done: make(chan error, 1)}
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-c.done
		}
		if t.Failed() {
			t.Logf("leadq serve (pid %d) output:\n%s", cmd.Process.Pid, tail(logs.String(), 4000))
		}
	})
	ready := func() bool {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	if !poll(60*time.Second, ready) {
		t.Fatalf("leadq serve not ready on %s within 60s:\n%s", addr, tail(logs.String(), 4000))
	}
	return c
}

// freeAddr returns a loopback address with a port free at the moment.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// kill ends the child with SIGKILL, like a crash.
func (c *serveChild) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("killing leadq serve: %v", err)
	}
	<-c.done
}

// stop sends SIGTERM and expects a clean exit.
func (c *serveChild) stop(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("stopping leadq serve: %v", err)
	}
	select {
	case err := <-c.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) || err != nil {
			t.Errorf("leadq serve exited with %v after SIGTERM\n%s", err, tail(c.logs.String(), 4000))
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("leadq serve did not exit within 60s of SIGTERM")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[strings.IndexByte(s[len(s)-n:], '\n')+len(s)-n:]
}
