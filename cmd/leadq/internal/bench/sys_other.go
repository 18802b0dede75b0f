//go:build !linux

package bench

import (
	"runtime"
	"time"
)

// processCPU is not measured outside Linux.
func processCPU() time.Duration { return 0 }

// processRSS is not measured outside Linux.
func processRSS() (rss, peak int64) { return 0, 0 }

func numCPU() int { return runtime.NumCPU() }

// childRSS is not measured outside Linux.
func childRSS(int) (rss, peak int64) { return 0, 0 }

// childCPU is not measured outside Linux.
func childCPU(int) time.Duration { return 0 }
