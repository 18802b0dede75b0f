package testbench

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestUnavailableSkipsUnlessRequired(t *testing.T) {
	tests := []struct {
		name, ci, require string
		wantFatal         bool
	}{
		{"plain go test skips", "", "", false},
		{"CI=true fails", "true", "", true},
		{"CI=1 fails", "1", "", true},
		{"CI=false skips", "false", "", false},
		{"LEADQ_REQUIRE_REDIS=1 fails", "", "1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvCI, tt.ci)
			t.Setenv(EnvRequireRedis, tt.require)
			rec := &recorder{TB: t}
			rec.run(func() { unavailable(rec, "%s", MissingRedis) })
			if tt.wantFatal != (rec.fatal != "") || tt.wantFatal == (rec.skip != "") {
				t.Fatalf("fatal=%q skip=%q, want fatal: %v", rec.fatal, rec.skip, tt.wantFatal)
			}
			if msg := rec.fatal + rec.skip; !strings.Contains(msg, "apt-get install -y redis-server") {
				t.Errorf("message %q does not say how to install redis-server", msg)
			}
		})
	}
}

// recorder is a testing.TB whose Fatalf and Skipf record the message and end
// the goroutine, as the real ones do.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.skip = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) run(f func()) {
	var wg sync.WaitGroup
	wg.Go(f)
	wg.Wait()
}
