package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
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
			if setup, _ := obj["setup"].(map[string]any); strings.Contains(tt.name, "serve") && setup["processors"] != processorsChildren {
				t.Errorf("processors %v, want %q", setup["processors"], processorsChildren)
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
