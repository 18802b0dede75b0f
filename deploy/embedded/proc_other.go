//go:build !linux

package embedded

import (
	"os"
	"os/exec"
)

// terminateSignal is os.Kill where SIGTERM cannot be sent portably.
var terminateSignal = os.Kill

// setDeathSignal does nothing outside Linux: a child outlives a crashed parent.
func setDeathSignal(*exec.Cmd) {}
