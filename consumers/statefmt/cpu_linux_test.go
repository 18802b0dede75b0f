package statefmt

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used (every thread, the
// garbage collector's included), for benchmarks on a shared machine where
// wall time mostly measures the other processes.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
