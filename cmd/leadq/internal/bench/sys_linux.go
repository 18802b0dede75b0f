package bench

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// processRSS returns the resident memory of this process and its peak
// (VmRSS and VmHWM of /proc/self/status), in bytes.
func processRSS() (rss, peak int64) { return statusRSS("/proc/self/status") }

// childRSS is processRSS of another process.
func childRSS(pid int) (rss, peak int64) {
	return statusRSS("/proc/" + strconv.Itoa(pid) + "/status")
}

// childCPU is the CPU time (user and system) process pid has used: fields
// 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s (USER_HZ on
// Linux).
func childCPU(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := bytes.Fields(b[i+1:]) // from field 3 on
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(string(f[11]), 10, 64)
	st, _ := strconv.ParseInt(string(f[12]), 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

func statusRSS(path string) (rss, peak int64) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Bytes()
		switch {
		case bytes.HasPrefix(line, []byte("VmRSS:")):
			rss = statusKB(line[len("VmRSS:"):])
		case bytes.HasPrefix(line, []byte("VmHWM:")):
			peak = statusKB(line[len("VmHWM:"):])
		}
	}
	return rss, peak
}

// statusKB reads "   1234 kB" as bytes.
func statusKB(v []byte) int64 {
	f := bytes.Fields(v)
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(string(f[0]), 10, 64)
	return n << 10
}

func numCPU() int { return runtime.NumCPU() }
