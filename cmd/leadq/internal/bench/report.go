package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// benchSetup describes what was measured, for the report.
type benchSetup struct {
	NATS        string  `json:"nats"`
	Redis       string  `json:"redis"`
	Cores       int     `json:"cores"`
	Instances   int     `json:"instances"`
	Processors  string  `json:"processors"`
	Workers     int     `json:"workers"`
	Accounts    int     `json:"accounts"`
	Rate        float64 `json:"rate"`
	Duration    string  `json:"duration"`
	CPUIncludes string  `json:"cpu_includes"`
}

// benchReport is the outcome of `leadq bench`.
type benchReport struct {
	Setup    benchSetup
	Full     *benchResult
	Baseline *benchResult // nil without --baseline
}

// ratio is the full pipeline's events/s over the baseline's.
func (r benchReport) ratio() float64 {
	if r.Baseline == nil || r.Baseline.EventsPerSec == 0 {
		return 0
	}
	return round(r.Full.EventsPerSec/r.Baseline.EventsPerSec, 3)
}

// writeJSON prints one object: the full pipeline's figures at the top level,
// or with --baseline the baseline's, with the full pipeline's under "full"
// and "ratio" (full/baseline events/s); "setup" in both.
func (r benchReport) writeJSON(w io.Writer) error {
	obj, err := r.object()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(obj)
}

// object is the JSON object writeJSON prints.
func (r benchReport) object() (map[string]any, error) {
	r.Setup.CPUIncludes = r.cpuIncludes()
	top := r.Full
	if r.Baseline != nil {
		top = r.Baseline
	}
	obj, err := toMap(top)
	if err != nil {
		return nil, err
	}
	obj["setup"] = r.Setup
	if r.Baseline != nil {
		obj["full"] = r.Full
		obj["ratio"] = r.ratio()
	}
	return obj, nil
}

func (r benchReport) cpuIncludes() string {
	if r.Setup.Processors == processorsChildren {
		return "the leadq serve children (processors) alone; this process (load generator) in loadgen_cpu_s_per_1k_events; NATS child and Redis apart"
	}
	s := "this process: processors and load generator"
	switch {
	case strings.HasSuffix(r.Setup.NATS, "in this process"):
		s += ", and the embedded NATS server"
	case strings.HasSuffix(r.Setup.NATS, "in a child process"):
		s += "; the NATS child apart (nats_cpu_s_per_1k_events)"
	}
	return s + "; Redis apart (redis_cpu_s_per_1k_events)"
}

func toMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	return m, json.Unmarshal(b, &m)
}

// writeTable prints the figures as a table.
func (r benchReport) writeTable(w io.Writer) error {
	s := r.Setup
	fmt.Fprintf(w, "leadq bench: %d accounts, %d instance(s) (%s) x %d workers, rate %s, %s; %d cores\n",
		s.Accounts, s.Instances, s.Processors, s.Workers, rateText(s.Rate), s.Duration, s.Cores)
	fmt.Fprintf(w, "NATS: %s\nRedis: %s\nCPU: %s\n\n", s.NATS, s.Redis, r.cpuIncludes())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	cols := []*benchResult{r.Full}
	fmt.Fprint(tw, "\tfull\t")
	if r.Baseline != nil {
		cols = append(cols, r.Baseline)
		fmt.Fprint(tw, "baseline\tfull/baseline\t")
	}
	fmt.Fprintln(tw)
	for _, row := range benchRows {
		fmt.Fprintf(tw, "%s\t", row.name)
		for _, c := range cols {
			fmt.Fprintf(tw, "%s\t", row.value(c))
		}
		if r.Baseline != nil && row.name == "events/s" {
			fmt.Fprintf(tw, "%.2f\t", r.ratio())
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

// benchRows are the table's rows.
var benchRows = []struct {
	name  string
	value func(*benchResult) string
}{
	{"events", func(r *benchResult) string { return fmt.Sprint(r.Events) }},
	{"events/s", func(r *benchResult) string { return fmt.Sprintf("%.0f", r.EventsPerSec) }},
	{"inputs with an output", func(r *benchResult) string { return fmt.Sprint(r.TransitionEvents) }},
	{"latency p50/p95/p99 ms", func(r *benchResult) string { return fmt.Sprintf("%.1f / %.1f / %.1f", r.P50, r.P95, r.P99) }},
	{"latency max ms", func(r *benchResult) string { return fmt.Sprintf("%.1f", r.Max) }},
	{"CPU s per 1k events", func(r *benchResult) string { return fmt.Sprintf("%.3f", r.CPUPer1k) }},
	{"NATS child CPU s per 1k events", func(r *benchResult) string { return fmt.Sprintf("%.3f", r.NATSCPUPer1k) }},
	{"Redis CPU s per 1k events", func(r *benchResult) string { return fmt.Sprintf("%.3f", r.RedisCPUPer1k) }},
	{"Redis commands/event", func(r *benchResult) string { return fmt.Sprintf("%.2f", r.RedisCommandsPerEvent) }},
	{"Redis round trips/event", func(r *benchResult) string { return fmt.Sprintf("%.2f", r.RedisRoundTripsPerEvent) }},
	{"RSS MB (max in run)", func(r *benchResult) string { return fmt.Sprintf("%.0f", r.RSSMB) }},
	{"NATS child RSS MB", func(r *benchResult) string { return fmt.Sprintf("%.0f", r.NATSRSSMB) }},
	{"Redis bytes/account", func(r *benchResult) string { return fmt.Sprintf("%.0f", r.RedisBytesPerAccount) }},
	{"typical account bytes", func(r *benchResult) string { return fmt.Sprintf("%.0f", r.TypicalAccountBytes) }},
}
