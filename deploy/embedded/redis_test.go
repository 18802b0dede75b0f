package embedded_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/leadq/leadq/deploy/embedded"
	"github.com/leadq/leadq/deploy/testbench"
)

func TestRedisProcessData(t *testing.T) {
	tests := []struct {
		name       string
		appendOnly bool
		down       func(*testing.T, *embedded.RedisProcess)
		wantKept   bool
	}{
		{"stop keeps data", false, stop, true},
		{"kill loses unsaved data", false, kill, false},
		{"kill keeps data with append-only file", true, kill, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startRedis(t, embedded.RedisOptions{AppendOnly: tt.appendOnly})
			port := p.Port()
			do(t, p.Addr(), "SET k v")
			tt.down(t, p)
			if p.Running() {
				t.Fatal("server still running after it was brought down")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := p.Start(ctx); err != nil {
				t.Fatal(err)
			}
			if p.Port() != port {
				t.Errorf("restarted on port %d, want %d", p.Port(), port)
			}
			want := "$-1" // nil bulk string
			if tt.wantKept {
				want = "v"
			}
			if got := do(t, p.Addr(), "GET k"); got != want {
				t.Errorf("GET k after restart = %q, want %q", got, want)
			}
		})
	}
}

func TestRedisProcessStartWhileRunningFails(t *testing.T) {
	p := startRedis(t, embedded.RedisOptions{})
	if err := p.Start(context.Background()); err == nil {
		t.Fatal("Start of a running server: want an error, got none")
	}
}

func TestRedisProcessReportsTakenPort(t *testing.T) {
	bin := testbench.RedisBinary(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := embedded.StartRedisProcess(ctx, embedded.RedisOptions{Binary: bin, Dir: t.TempDir(), Port: port})
	if err == nil {
		_ = p.Kill()
		t.Fatal("StartRedisProcess on a taken port: want an error, got none")
	}
	if !strings.Contains(err.Error(), "exited during start-up") {
		t.Errorf("error = %v, want it to say the server exited during start-up", err)
	}
}

func TestStartRedisProcessWithoutBinary(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := embedded.StartRedisProcess(context.Background(), embedded.RedisOptions{Dir: t.TempDir()})
	if !errors.Is(err, embedded.ErrRedisNotFound) {
		t.Fatalf("error = %v, want ErrRedisNotFound", err)
	}
}

func TestStartRedis(t *testing.T) {
	testbench.RedisBinary(t) // skips or fails when there is none
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	url, stop, err := embedded.StartRedis(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(url, "redis://")
	if got := do(t, addr, "PING"); got != "PONG" {
		t.Errorf("PING = %q, want PONG", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("server still accepts connections after stop")
	}
}

func startRedis(t *testing.T, opts embedded.RedisOptions) *embedded.RedisProcess {
	t.Helper()
	opts.Binary = testbench.RedisBinary(t)
	opts.Dir = t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := embedded.StartRedisProcess(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Kill() })
	return p
}

func stop(t *testing.T, p *embedded.RedisProcess) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := p.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

func kill(t *testing.T, p *embedded.RedisProcess) {
	t.Helper()
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
}

// do sends an inline command and returns the first line of the reply, without
// its type marker for simple and bulk strings.
func do(t *testing.T, addr, command string) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, "%s\r\n", command); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	line = strings.TrimRight(line, "\r\n")
	switch {
	case strings.HasPrefix(line, "+"):
		return line[1:]
	case strings.HasPrefix(line, "$") && line != "$-1":
		body, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimRight(body, "\r\n")
	}
	return line
}
