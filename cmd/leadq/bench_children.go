package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

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
}

// startServeChildren starts o.Instances `leadq serve` processes on the
// bench's servers with its pipeline options; the returned function stops
// them with SIGTERM (a graceful drain) and waits.
func (env *benchEnv) startServeChildren(o benchOptions) (*serveChildren, func(), error) {
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
		"--subject-prefix", p.SubjectPrefix, "--key-prefix", p.KeyPrefix, "--durable", p.Durable,
		"--workers", strconv.Itoa(p.Workers), "--batch", strconv.Itoa(p.Batch),
		"--max-ack-pending", strconv.Itoa(p.MaxAckPending), "--gc-percent", strconv.Itoa(p.GCPercent), "--http-addr", "", "--log-level", "warn", "--log-format", "json"}
	sc := &serveChildren{}
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
	for range o.Instances {
		c := exec.Command(exe, args...)
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
func (env *benchEnv) configFile(o benchOptions) (string, error) {
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
