package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/deploy/embedded"
)

// NATS placements of leadq bench.
const (
	natsChild     = "child"      // the embedded server in a child leadq process
	natsInProcess = "in-process" // in the bench process itself
)

// NewNATSServerCommand returns the hidden command bench runs as its NATS
// child, `leadq bench-nats-server`: the embedded JetStream server in a
// process of its own, so that the processors' CPU and memory are measured
// apart from the server's. It prints the server's URL on a line, then serves
// until its standard input closes.
func NewNATSServerCommand() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:    "bench-nats-server",
		Short:  "The embedded NATS server of leadq bench, as a child process",
		Hidden: true,
		Args:   cli.ExactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			srv, url, err := embedded.StartNATS(embedded.NATSOptions{StoreDir: dir, ServerName: "leadq-bench"})
			if err != nil {
				return err
			}
			defer func() { srv.Shutdown(); srv.WaitForShutdown() }()
			fmt.Fprintln(c.OutOrStdout(), url)
			_, _ = io.Copy(io.Discard, c.InOrStdin())
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "store-dir", "", "JetStream storage directory")
	return cmd
}

// natsChildProcess is the bench's NATS server child.
type natsChildProcess struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	url   string
}

// startNATSChild starts this executable's bench-nats-server and reads its URL.
func startNATSChild(ctx context.Context, dir string) (*natsChildProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: finding the leadq executable: %w", err)
	}
	cmd := exec.Command(exe, "bench-nats-server", "--store-dir", dir)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: starting the NATS child: %w", err)
	}
	n := &natsChildProcess{cmd: cmd, stdin: stdin}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- strings.TrimSpace(s)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case n.url = <-line:
	case <-time.After(30 * time.Second):
	case <-ctx.Done():
	}
	if !strings.HasPrefix(n.url, "nats://") {
		n.stop()
		return nil, errors.New("bench: the NATS child did not report its URL")
	}
	return n, nil
}

// stop closes the child's standard input, which shuts it down, and waits.
func (n *natsChildProcess) stop() {
	_ = n.stdin.Close()
	done := make(chan struct{})
	go func() { _ = n.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = n.cmd.Process.Kill()
		<-done
	}
}

// pid is the child's process id.
func (n *natsChildProcess) pid() int { return n.cmd.Process.Pid }
