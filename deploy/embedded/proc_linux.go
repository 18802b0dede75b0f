//go:build linux

package embedded

import (
	"os/exec"
	"syscall"
)

var terminateSignal = syscall.SIGTERM

// setDeathSignal asks the kernel to kill the child when this process dies, so
// that a crashed or timed-out test leaves no redis-server behind.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
