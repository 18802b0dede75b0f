package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/leadq/leadq/deploy/testbench"
)

// benchKeys are the figures `leadq bench --json` promises.
var benchKeys = []string{"events_per_sec", "p50_ms", "p95_ms", "p99_ms", "cpu_s_per_1k_events",
	"redis_round_trips_per_event", "rss_mb", "redis_bytes_per_account"}

// TestBenchShort is CI's short mode of `leadq bench` and `leadq bench
// --baseline` on their own embedded servers: each completes and prints one
// JSON object with every promised key. No figure is asserted.
func TestBenchShort(t *testing.T) {
	if testing.Short() {
		t.Skip("runs servers and a few seconds of load")
	}
	testbench.RedisBinary(t)     // skips, or fails under CI, without redis-server
	t.Setenv(benchChildEnv, "1") // the NATS child is this test binary
	short := []string{"bench", "--json", "--quiet", "--accounts", "300", "--duration", "1500ms",
		"--rate", "2000", "--typical-accounts", "20", "--workers", "8"}
	tests := []struct {
		name     string
		args     []string
		sections []string // objects holding the keys
	}{
		{"full, NATS child", short, []string{""}},
		{"full, serve child processes", append(short[:len(short):len(short)], "--serve-processes"), []string{""}},
		{"baseline, NATS in-process", append(short[:len(short):len(short)], "--baseline", "--embedded-nats", "in-process"),
			[]string{"", "full"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := runBenchCmd(t, tt.args)
			var obj map[string]any
			if err := json.Unmarshal(out, &obj); err != nil {
				t.Fatalf("output is not one JSON object: %v\n%s", err, out)
			}
			for _, sec := range tt.sections {
				m := obj
				if sec != "" {
					m, _ = obj[sec].(map[string]any)
				}
				checkBenchKeys(t, sec, m)
			}
			if rss, _ := obj["nats_rss_mb"].(float64); strings.Contains(tt.name, "child") && runtime.GOOS == "linux" && rss <= 0 {
				t.Errorf("no NATS child measured (nats_rss_mb %v)", obj["nats_rss_mb"])
			}
			if setup, _ := obj["setup"].(map[string]any); strings.Contains(tt.name, "serve") && setup["processors"] != "leadq serve child processes" {
				t.Errorf("processors %v, want the serve children", setup["processors"])
			}
			if _, ok := obj["ratio"].(float64); len(tt.sections) > 1 && !ok {
				t.Errorf("--baseline output has no numeric ratio: %s", out)
			}
		})
	}
}

// runBenchCmd runs leadq with args and returns its standard output.
func runBenchCmd(t *testing.T, args []string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetArgs(args)
	root.SetOut(&out)
	root.SetErr(io.Discard)
	if err := root.ExecuteContext(ctx); err != nil {
		t.Fatalf("leadq %v: %v", args, err)
	}
	return out.Bytes()
}

// checkBenchKeys fails unless m holds every promised key as a number and
// some events were processed.
func checkBenchKeys(t *testing.T, section string, m map[string]any) {
	t.Helper()
	if m == nil {
		t.Fatalf("no %q object in the output", section)
	}
	for _, k := range benchKeys {
		if _, ok := m[k].(float64); !ok {
			t.Errorf("%q: key %s missing or not a number (%v)", section, k, m[k])
		}
	}
	if n, _ := m["events"].(float64); n <= 0 {
		t.Errorf("%q: no events processed (events = %v)", section, m["events"])
	}
}

// TestBenchCurveShort runs `leadq bench --curve` at two account counts in
// CI's short mode: one JSON object per count, in order, each with every
// promised key and its own account count. No figure is asserted.
func TestBenchCurveShort(t *testing.T) {
	if testing.Short() {
		t.Skip("runs servers and a few seconds of load")
	}
	testbench.RedisBinary(t)
	t.Setenv(benchChildEnv, "1")
	out := runBenchCmd(t, []string{"bench", "--json", "--quiet", "--curve", "200,400", "--duration", "1s",
		"--rate", "2000", "--typical-accounts", "0", "--workers", "4", "--baseline", "--embedded-nats", "in-process"})
	var obj struct {
		Curve []map[string]any `json:"curve"`
	}
	if err := json.Unmarshal(out, &obj); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	if len(obj.Curve) != 2 {
		t.Fatalf("curve has %d runs, want 2:\n%s", len(obj.Curve), out)
	}
	for i, want := range []float64{200, 400} {
		run := obj.Curve[i]
		checkBenchKeys(t, "curve", run)
		full, _ := run["full"].(map[string]any)
		checkBenchKeys(t, "curve full", full)
		if got, _ := full["accounts"].(float64); got != want {
			t.Errorf("run %d measured %v accounts, want %v", i, got, want)
		}
	}
}

// TestBenchProfilesServeChild checks that --cpuprofile and --memprofile with
// --serve-processes write profiles of the leadq serve child (gzipped
// protocol buffers, as pprof writes them).
func TestBenchProfilesServeChild(t *testing.T) {
	if testing.Short() {
		t.Skip("runs servers and a few seconds of load")
	}
	testbench.RedisBinary(t)
	t.Setenv(benchChildEnv, "1")
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "allocs.pprof")
	runBenchCmd(t, []string{"bench", "--json", "--quiet", "--accounts", "200", "--duration", "1s", "--rate", "1000",
		"--typical-accounts", "0", "--serve-processes", "--cpuprofile", cpu, "--memprofile", mem})
	for _, f := range []string{cpu, mem} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < 100 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: %d bytes, not a gzipped profile", filepath.Base(f), len(b))
		}
	}
}
