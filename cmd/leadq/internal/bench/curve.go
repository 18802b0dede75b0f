package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
)

// benchCurve is the outcome of `leadq bench --curve`: one report per
// account count, in the order given.
type benchCurve []benchReport

// writeJSON prints {"curve": [...]}, each element the object a single run
// prints with --json.
func (c benchCurve) writeJSON(w io.Writer) error {
	objs := make([]map[string]any, 0, len(c))
	for _, r := range c {
		obj, err := r.object()
		if err != nil {
			return err
		}
		objs = append(objs, obj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"curve": objs})
}

// writeTable prints one row per account count: throughput (and the
// baseline's with the ratio), latency, CPU per event split by process, the
// processor's RSS and Redis bytes per account.
func (c benchCurve) writeTable(w io.Writer) error {
	if len(c) == 0 {
		return nil
	}
	s := c[0].Setup
	fmt.Fprintf(w, "leadq bench curve: %d instance(s) (%s) x %d workers, rate %s, %s per run; %d cores\n",
		s.Instances, s.Processors, s.Workers, rateText(s.Rate), s.Duration, s.Cores)
	fmt.Fprintf(w, "NATS: %s\nRedis: %s\nCPU ms/event: leadq + NATS + Redis; %s\n\n", s.NATS, s.Redis, c[0].cpuIncludes())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "accounts\tevents/s\tbaseline\tratio\tp50 / p95 / p99 ms\tCPU ms/event\tRSS MB\tRedis B/account\t")
	for _, r := range c {
		f := r.Full
		base, ratio := "-", "-"
		if r.Baseline != nil {
			base = fmt.Sprintf("%.0f", r.Baseline.EventsPerSec)
			ratio = fmt.Sprintf("%.2f", r.ratio())
		}
		fmt.Fprintf(tw, "%d\t%.0f\t%s\t%s\t%.1f / %.1f / %.1f\t%.3f + %.3f + %.3f\t%.0f\t%.0f\t\n",
			r.Setup.Accounts, f.EventsPerSec, base, ratio, f.P50, f.P95, f.P99,
			f.CPUPer1k, f.NATSCPUPer1k, f.RedisCPUPer1k, f.RSSMB, f.RedisBytesPerAccount)
	}
	return tw.Flush()
}
