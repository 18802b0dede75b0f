package pipeline

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestSetGCPercent(t *testing.T) {
	old := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	gogc, had := os.LookupEnv("GOGC")
	t.Cleanup(func() {
		if had {
			os.Setenv("GOGC", gogc)
		} else {
			os.Unsetenv("GOGC")
		}
	})

	os.Unsetenv("GOGC")
	if got := SetGCPercent(250); got != 250 {
		t.Errorf("without GOGC: in force %d, want 250", got)
	}
	if got := debug.SetGCPercent(250); got != 250 {
		t.Errorf("without GOGC: the runtime has %d, want 250", got)
	}

	os.Setenv("GOGC", "150")
	debug.SetGCPercent(150) // what the runtime read from GOGC at start
	if got := SetGCPercent(250); got != 150 {
		t.Errorf("with GOGC=150: in force %d, want 150 (GOGC wins)", got)
	}
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("with GOGC=150: the runtime has %d, want 150", got)
	}
}
