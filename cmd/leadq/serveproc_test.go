package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveProc is a `leadq serve` child process (this test binary acting as
// leadq), logging JSON to a buffer the test can read.
type serveProc struct {
	name   string
	cmd    *exec.Cmd
	mu     sync.Mutex
	log    strings.Builder
	addr   chan string // the address of its HTTP endpoints, once
	http   string
	exited chan error // the process's exit status, then closed
}

// wait waits for the process to exit (a safety net of a minute) and returns
// its exit status.
func (p *serveProc) wait() error {
	select {
	case err := <-p.exited:
		return err
	case <-time.After(time.Minute):
		return fmt.Errorf("%s did not exit", p.name)
	}
}

// startServe starts `leadq serve args...` with its HTTP endpoints on a free
// port; t.Cleanup stops it with SIGTERM (SIGKILL past a deadline) and logs
// its output if the test failed.
func startServe(t *testing.T, name string, args ...string) *serveProc {
	t.Helper()
	args = append([]string{"serve", "--http-addr", "127.0.0.1:0", "--log-format", "json", "--workers", "2"}, args...)
	p := &serveProc{name: name, cmd: exec.Command(os.Args[0], args...), addr: make(chan string, 1)}
	p.cmd.Env = append(os.Environ(), benchChildEnv+"=1")
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); p.readLog(stderr) }()
	p.exited = make(chan error, 1)
	go func() { <-done; p.exited <- p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("%s log:\n%s", p.name, p.logText())
		}
	})
	select {
	case p.http = <-p.addr:
	case <-done:
		t.Fatalf("%s exited before serving HTTP:\n%s", name, p.logText())
	case <-time.After(2 * time.Minute): // a safety net for a stuck start
		t.Fatalf("%s did not serve HTTP:\n%s", name, p.logText())
	}
	return p
}

// readLog copies the process's log and finds the HTTP address in it.
func (p *serveProc) readLog(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		p.mu.Lock()
		p.log.WriteString(line + "\n")
		p.mu.Unlock()
		var rec struct{ Message, Addr string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Message == "health and metrics endpoints listening" {
			p.addr <- rec.Addr
		}
	}
}

func (p *serveProc) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// get returns the status and body of an endpoint (0 when it does not answer).
func (p *serveProc) get(path string) (int, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.http+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var configInfo = regexp.MustCompile(`(?m)^leadq_config_info\{version="([^"]*)"\} 1$`)

// running returns the configuration version the process runs ("" none).
func (p *serveProc) running() string {
	_, body := p.get("/metrics")
	if m := configInfo.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// reloads returns the value of leadq_config_reloads_total{result}.
func (p *serveProc) reloads(result string) int {
	_, body := p.get("/metrics")
	re := regexp.MustCompile(`(?m)^leadq_config_reloads_total\{result="` + result + `"\} (\d+)$`)
	if m := re.FindStringSubmatch(body); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return -1
}

// eventually polls cond until it holds, failing the test past a generous
// deadline (a safety net, not a measure: the time taken is logged).
func eventually(t *testing.T, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	deadline := start.Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %s", what, time.Since(start).Round(time.Millisecond))
		}
		time.Sleep(50 * time.Millisecond)
	}
	took := time.Since(start)
	t.Logf("%s: after %s", what, took.Round(time.Millisecond))
	return took
}

// all reports whether cond holds for every process.
func all(procs []*serveProc, cond func(*serveProc) bool) bool {
	for _, p := range procs {
		if !cond(p) {
			return false
		}
	}
	return true
}

func (p *serveProc) String() string { return fmt.Sprintf("%s (%s)", p.name, p.http) }
