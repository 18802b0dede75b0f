//go:build unix

package jsonbench_test

import (
	"syscall"
	"testing"
	"time"
)

// cpuMeter reports the process CPU time (user and system, the garbage
// collector's included) per iteration as "cpu-ns/op": on a shared machine it
// varies far less than the wall-clock ns/op.
type cpuMeter struct{ start time.Duration }

func startCPU() cpuMeter { return cpuMeter{processCPU()} }

func (m cpuMeter) report(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(processCPU()-m.start)/float64(b.N), "cpu-ns/op")
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
