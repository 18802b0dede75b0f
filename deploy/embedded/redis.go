package embedded

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// ErrRedisNotFound reports that no redis-server binary could be found.
var ErrRedisNotFound = errors.New("embedded: redis-server not found in PATH")

// RedisOptions configures a redis-server child process.
type RedisOptions struct {
	// Binary is the redis-server executable, a path or a name looked up in
	// PATH; default "redis-server".
	Binary string
	// Dir is the server's working directory, where it keeps dump.rdb (and the
	// append-only files with AppendOnly). Required.
	Dir string
	// Host is the interface to bind; default "127.0.0.1".
	Host string
	// Port to listen on; 0 picks a free port.
	Port int
	// AppendOnly turns on the append-only file with fsync on every write, so
	// that data survives [RedisProcess.Kill]. Off, only [RedisProcess.Stop]
	// keeps data (it saves a snapshot on the way down).
	AppendOnly bool
	// Args are further configuration arguments, e.g. "--maxmemory", "64mb".
	Args []string
	// Output receives the server's stdout and stderr; nil discards them (the
	// last lines still appear in start-up errors).
	Output io.Writer
}

// RedisProcess is a redis-server child process that can be stopped and
// started again on the same port with the same data directory. Its methods
// are safe for concurrent use.
type RedisProcess struct {
	opts RedisOptions // resolved: Binary is a path, Dir absolute, Port fixed
	tail *tailBuffer

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has exited; exitErr is set before
	exitEr error
}

// StartRedis starts redis-server from PATH on a free loopback port with its
// data in dir. It returns the server's URL (redis://host:port) and a stop
// function that shuts the server down, saving its data.
func StartRedis(ctx context.Context, dir string) (url string, stop func() error, err error) {
	p, err := StartRedisProcess(ctx, RedisOptions{Dir: dir})
	if err != nil {
		return "", nil, err
	}
	stop = func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return p.Stop(ctx)
	}
	return p.URL(), stop, nil
}

// StartRedisProcess starts a redis-server child process and waits, until ctx
// is done, for it to answer PING. It returns [ErrRedisNotFound] (wrapped) when
// the binary cannot be found.
func StartRedisProcess(ctx context.Context, opts RedisOptions) (*RedisProcess, error) {
	resolved, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	p := &RedisProcess{opts: resolved, tail: &tailBuffer{max: 4 << 10}}
	if opts.Port != 0 {
		return p, p.Start(ctx)
	}
	// A free port found by listening and closing may be taken again before
	// redis-server binds it; try a few.
	for attempt := 1; ; attempt++ {
		if p.opts.Port, err = freePort(p.opts.Host); err != nil {
			return nil, err
		}
		err = p.Start(ctx)
		if err == nil || attempt == 3 || ctx.Err() != nil {
			return p, err
		}
	}
}

func (o RedisOptions) resolve() (RedisOptions, error) {
	if o.Dir == "" {
		return o, errors.New("embedded: redis: Dir is required")
	}
	if o.Binary == "" {
		o.Binary = "redis-server"
	}
	bin, err := exec.LookPath(o.Binary)
	if err != nil {
		return o, fmt.Errorf("%w: %w", ErrRedisNotFound, err)
	}
	o.Binary = bin
	if o.Dir, err = filepath.Abs(o.Dir); err != nil {
		return o, fmt.Errorf("embedded: redis: %w", err)
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	return o, nil
}

func (o RedisOptions) args() []string {
	args := []string{
		"--port", strconv.Itoa(o.Port),
		"--bind", o.Host,
		"--dir", o.Dir,
		"--dbfilename", "dump.rdb",
		"--save", "",
		"--daemonize", "no",
		"--loglevel", "warning",
	}
	if o.AppendOnly {
		args = append(args, "--appendonly", "yes", "--appendfsync", "always")
	} else {
		args = append(args, "--appendonly", "no")
	}
	return append(args, o.Args...)
}

// Addr returns the host:port the server listens on.
func (p *RedisProcess) Addr() string {
	return net.JoinHostPort(p.opts.Host, strconv.Itoa(p.opts.Port))
}

// URL returns the server's URL, redis://host:port.
func (p *RedisProcess) URL() string { return "redis://" + p.Addr() }

// Port returns the TCP port the server listens on, the same across restarts.
func (p *RedisProcess) Port() int { return p.opts.Port }

// Dir returns the server's data directory.
func (p *RedisProcess) Dir() string { return p.opts.Dir }

// Binary returns the path of the redis-server executable.
func (p *RedisProcess) Binary() string { return p.opts.Binary }

// Running reports whether the server process is alive.
func (p *RedisProcess) Running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.runningLocked()
}

func (p *RedisProcess) runningLocked() bool {
	if p.cmd == nil {
		return false
	}
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// Start starts the server again after [RedisProcess.Stop] or
// [RedisProcess.Kill], on the same port with the same data directory, and
// waits until ctx is done for it to answer PING.
func (p *RedisProcess) Start(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.runningLocked() {
		return fmt.Errorf("embedded: redis-server on %s is already running", p.Addr())
	}
	cmd := exec.Command(p.opts.Binary, p.opts.args()...)
	cmd.Dir = p.opts.Dir
	out := io.Writer(p.tail)
	if p.opts.Output != nil {
		out = io.MultiWriter(p.tail, p.opts.Output)
	}
	cmd.Stdout, cmd.Stderr = out, out
	setDeathSignal(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("embedded: starting redis-server: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		err := cmd.Wait()
		p.exitEr = err // read only after exited is closed
		close(exited)
	}()
	p.cmd, p.exited = cmd, exited
	if err := p.waitReady(ctx); err != nil {
		_ = cmd.Process.Kill()
		<-exited
		return err
	}
	return nil
}
