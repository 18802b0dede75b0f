package bench

import (
	"bytes"
	"strings"
	"testing"
)

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
