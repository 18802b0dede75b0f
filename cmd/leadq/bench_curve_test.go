package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadq/leadq/deploy/testbench"
)

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

func TestBenchCurveTable(t *testing.T) {
	run := func(accounts int, full, base float64) benchReport {
		return benchReport{
			Setup:    benchSetup{Accounts: accounts, Instances: 1, Workers: 4, Cores: 2, Duration: "20s"},
			Full:     &benchResult{EventsPerSec: full, P50: 1, P95: 2, P99: 3.3, CPUPer1k: 0.05, RSSMB: 90, RedisBytesPerAccount: 1900},
			Baseline: &benchResult{EventsPerSec: base},
		}
	}
	var out bytes.Buffer
	if err := (benchCurve{run(1000, 20000, 40000), run(1000000, 15000, 30000)}).writeTable(&out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	rows := lines[len(lines)-2:]
	for i, want := range [][]string{
		{"1000", "20000", "40000", "0.50", "1.0 / 2.0 / 3.3", "90", "1900"},
		{"1000000", "15000", "30000", "0.50"},
	} {
		fields := strings.Fields(rows[i])
		for _, w := range want {
			if !strings.Contains(rows[i], w) {
				t.Errorf("row %d %q lacks %q (fields %q)", i, rows[i], w, fields)
			}
		}
	}
	if !strings.Contains(out.String(), "accounts") || !strings.Contains(out.String(), "ratio") {
		t.Errorf("no header:\n%s", out.String())
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
