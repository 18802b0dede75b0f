package store

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisProc is a redis-server child process private to one test. It stands in
// for deploy/testbench until that package lands.
type redisProc struct {
	port   int
	dir    string
	cmd    *exec.Cmd
	exited chan struct{}
}

// startRedis starts a redis-server on a free port, without persistence, and
// kills it in t.Cleanup.
func startRedis(t testing.TB) *redisProc {
	t.Helper()
	_, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skipf("redis-server not in PATH (apt-get install redis-server): %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &redisProc{port: l.Addr().(*net.TCPAddr).Port, dir: t.TempDir()}
	_ = l.Close()
	p.start(t)
	t.Cleanup(func() { p.kill(t) })
	return p
}

func (p *redisProc) url() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", p.port) }

// start starts the server (again, on the same port) and waits until it answers.
func (p *redisProc) start(t testing.TB) {
	t.Helper()
	p.cmd = exec.Command("redis-server", "--port", strconv.Itoa(p.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", p.dir)
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	p.exited = make(chan struct{})
	go func(cmd *exec.Cmd, exited chan struct{}) { _ = cmd.Wait(); close(exited) }(p.cmd, p.exited)
	rdb := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", p.port), MaxRetries: -1})
	defer rdb.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		select {
		case <-p.exited:
			t.Fatalf("redis-server exited at start: %v", p.cmd.ProcessState)
		default:
		}
		if time.Now().After(deadline) {
			p.kill(t)
			t.Fatalf("redis-server on port %d does not answer: %v", p.port, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// kill ends the server with SIGKILL (no-op when it is not running).
func (p *redisProc) kill(t testing.TB) {
	t.Helper()
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	<-p.exited
}

// newTestStore returns a Store with opts on a fresh redis-server, and a
// client of that server for inspection.
func newTestStore(t testing.TB, opts Options) (*Store, *redis.Client, *redisProc) {
	t.Helper()
	p := startRedis(t)
	rdb := newClient(t, p.url())
	s, err := New(rdb, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, rdb, p
}

func newClient(t testing.TB, url string) *redis.Client {
	t.Helper()
	o, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(o)
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}
