package embedded

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Stop shuts the server down, saving a snapshot first so that a later
// [RedisProcess.Start] finds the same data. If the server has not exited
// when ctx is done, it is killed and ctx's error returned. Stopping a
// stopped server does nothing.
func (p *RedisProcess) Stop(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.runningLocked() {
		return nil
	}
	shutdownErr := p.send(ctx, "SHUTDOWN SAVE", 10*time.Second)
	if shutdownErr != nil {
		// Could not ask; fall back to SIGTERM (no snapshot with --save "").
		_ = p.cmd.Process.Signal(terminateSignal)
	}
	select {
	case <-p.exited:
		if shutdownErr != nil {
			return fmt.Errorf("embedded: redis-server stopped without saving: %w", shutdownErr)
		}
		return nil
	case <-ctx.Done():
		_ = p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("embedded: stopping redis-server: %w", ctx.Err())
	}
}

// Kill ends the server at once with SIGKILL, like a crash: what was written
// since the last snapshot is lost unless AppendOnly was set. Killing a
// stopped server does nothing.
func (p *RedisProcess) Kill() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.runningLocked() {
		return nil
	}
	if err := p.cmd.Process.Kill(); err != nil {
		return fmt.Errorf("embedded: killing redis-server: %w", err)
	}
	<-p.exited
	return nil
}

// waitReady polls PING until it answers PONG, the process exits or ctx is done.
func (p *RedisProcess) waitReady(ctx context.Context) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		// A short timeout per try: whatever holds the port may never answer.
		err := p.send(ctx, "PING", 500*time.Millisecond)
		if err == nil {
			return nil
		}
		select {
		case <-p.exited:
			return fmt.Errorf("embedded: redis-server on %s exited during start-up: %v: %s",
				p.Addr(), p.exitEr, strings.TrimSpace(p.tail.String()))
		case <-ctx.Done():
			return fmt.Errorf("embedded: waiting for redis-server on %s: %w (last: %v)", p.Addr(), ctx.Err(), err)
		case <-tick.C:
		}
	}
}

// send writes one inline command and checks its reply within timeout: +PONG
// for PING, the connection closing for SHUTDOWN.
func (p *RedisProcess) send(ctx context.Context, command string, timeout time.Duration) error {
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", p.Addr())
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline := time.Now().Add(timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = conn.SetDeadline(deadline)
	if _, err := fmt.Fprintf(conn, "%s\r\n", command); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	reply := strings.TrimSpace(line)
	switch {
	case strings.HasPrefix(command, "SHUTDOWN") && err != nil && reply == "":
		return nil // the server closed the connection on its way down
	case err != nil:
		return err
	case command == "PING" && reply == "+PONG":
		return nil
	default:
		return fmt.Errorf("embedded: redis-server replied %q to %s", reply, command)
	}
}

var versionRE = regexp.MustCompile(`v=(\d+\.\d+\.\d+)`)

// RedisVersion returns the version (e.g. "7.0.15") of the redis-server binary.
func RedisVersion(ctx context.Context, binary string) (string, error) {
	out, err := exec.CommandContext(ctx, binary, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("embedded: %s --version: %w", binary, err)
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("embedded: %s --version printed %q", binary, strings.TrimSpace(string(out)))
	}
	return string(m[1]), nil
}

func freePort(host string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, fmt.Errorf("embedded: finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
