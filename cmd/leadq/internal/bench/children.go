package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/leadq/leadq/consumers/clock"
	"github.com/leadq/leadq/deploy"
)

// Where the processors run, for the report.
const (
	processorsInProcess = "in this process"
	processorsChildren  = "leadq serve child processes"
)

// serveChildren are `leadq serve` child processes running the full
// pipeline (--serve-processes), measured apart from the load generator.
type serveChildren struct {
	cmds []*exec.Cmd
	// profiler is the address of the first child's /debug/pprof/ when the
	// bench profiles (--cpuprofile, --memprofile), "" otherwise.
	profiler string
}

// startServeChildren starts o.Instances `leadq serve` processes on the
// bench's servers with its pipeline options; the returned function stops
// them with SIGTERM (a graceful drain) and waits.
func (env *benchEnv) startServeChildren(o options) (*serveChildren, func(), error) {
	cfgPath, err := env.configFile(o)
	if err != nil {
		return nil, nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, fmt.Errorf("bench: finding the leadq executable: %w", err)
	}
	p := o.Pipeline
	args := []string{"serve", "--config", cfgPath, "--nats-url", env.natsOpt.URL, "--redis-url", env.redisOpt.URL,
		"--subject-prefix", p.Subjects.Prefix, "--key-prefix", p.KeyPrefix, "--durable", p.Durable,
		"--workers", strconv.Itoa(p.Workers), "--batch", strconv.Itoa(p.Batch),
		"--max-ack-pending", strconv.Itoa(p.MaxAckPending), "--gc-percent", strconv.Itoa(p.GCPercent), "--log-level", "warn", "--log-format", "json"}
	sc := &serveChildren{}
	if o.CPUProfile != "" || o.MemProfile != "" {
		if sc.profiler, err = loopbackAddr(); err != nil {
			return nil, nil, err
		}
	}
	stop := func() {
		for _, c := range sc.cmds {
			_ = c.Process.Signal(syscall.SIGTERM)
		}
		for _, c := range sc.cmds {
			done := make(chan struct{})
			go func() { _ = c.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(60 * time.Second):
				_ = c.Process.Kill()
				<-done
			}
		}
	}
	for i := range o.Instances {
		endpoint := []string{"--http-addr", ""}
		if i == 0 && sc.profiler != "" {
			endpoint = []string{"--http-addr", sc.profiler, "--pprof"}
		}
		c := exec.Command(exe, append(args, endpoint...)...)
		c.Stderr = os.Stderr
		if err := c.Start(); err != nil {
			stop()
			return nil, nil, fmt.Errorf("bench: starting leadq serve: %w", err)
		}
		sc.cmds = append(sc.cmds, c)
	}
	return sc, stop, nil
}

// configFile is --config, or the example configuration written to the
// bench's data directory.
func (env *benchEnv) configFile(o options) (string, error) {
	if o.ConfigPath != "" {
		return o.ConfigPath, nil
	}
	path := filepath.Join(env.dir, "leadq.yaml")
	if err := os.WriteFile(path, deploy.ExampleConfig, 0o600); err != nil {
		return "", fmt.Errorf("bench: writing the configuration: %w", err)
	}
	return path, nil
}

// cpu is the CPU time the children have used.
func (sc *serveChildren) cpu() time.Duration {
	var t time.Duration
	for _, c := range sc.cmds {
		t += childCPU(c.Process.Pid)
	}
	return t
}

// rss is the children's resident memory, summed.
func (sc *serveChildren) rss() int64 {
	var n int64
	for _, c := range sc.cmds {
		r, _ := childRSS(c.Process.Pid)
		n += r
	}
	return n
}

// loopbackAddr returns a loopback address with a port nothing listens on.
func loopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("bench: finding a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// fetchProfile saves the first child's profile at path under /debug/pprof/
// (e.g. "profile?seconds=20", "allocs") to file; the child's profiler may
// still be starting, so refused connections are retried for a few seconds.
func (sc *serveChildren) fetchProfile(ctx context.Context, path, file string) error {
	url := "http://" + sc.profiler + "/debug/pprof/" + path
	var resp *http.Response
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err = http.DefaultClient.Do(req); err == nil {
			break
		}
		if attempt == 50 || !clock.Sleep(ctx, 100*time.Millisecond) {
			return fmt.Errorf("bench: profiling leadq serve: %w", err)
		}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("bench: profiling leadq serve: %s from %s", resp.Status, url)
	}
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("bench: creating profile: %w", err)
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		_ = f.Close()
		return fmt.Errorf("bench: writing profile %s: %w", file, err)
	}
	return f.Close()
}
