package bench

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// benchSample is the counters read at the start and the end of a phase.
type benchSample struct {
	cpu        time.Duration // this process
	natsCPU    time.Duration // the NATS child, if any
	serveCPU   time.Duration // the serve children, if any
	redisReads int64         // INFO stats total_reads_processed
	redisCPU   float64       // seconds, INFO cpu
	redisCmds  int64         // INFO stats total_commands_processed
	redisMem   int64         // INFO memory used_memory
	roundTrips int64         // counted by the processors' hook
}

func (env *benchEnv) sample(ctx context.Context, hook *rttHook) (benchSample, error) {
	info, err := env.redisInfo(ctx)
	if err != nil {
		return benchSample{}, err
	}
	return benchSample{
		cpu:        processCPU(),
		natsCPU:    env.natsCPU(),
		serveCPU:   env.serveCPU(),
		redisReads: info.int("total_reads_processed"),
		redisCPU:   info.float("used_cpu_user") + info.float("used_cpu_sys"),
		redisCmds:  info.int("total_commands_processed"),
		redisMem:   info.int("used_memory"),
		roundTrips: hook.roundTrips(),
	}, nil
}

// natsCPU is the CPU time of the NATS child, 0 without one.
func (env *benchEnv) natsCPU() time.Duration {
	if env.natsPid == 0 {
		return 0
	}
	return childCPU(env.natsPid)
}

// serveCPU is the CPU time of the serve children, 0 without them.
func (env *benchEnv) serveCPU() time.Duration {
	if env.children == nil {
		return 0
	}
	return env.children.cpu()
}

// serveRSS is the resident memory of the serve children, 0 without them.
func (env *benchEnv) serveRSS() int64 {
	if env.children == nil {
		return 0
	}
	return env.children.rss()
}

// natsRSS is the resident memory of the NATS child, 0 without one.
func (env *benchEnv) natsRSS() int64 {
	if env.natsPid == 0 {
		return 0
	}
	rss, _ := childRSS(env.natsPid)
	return rss
}

// redisInfo is Redis's INFO as key/value pairs.
type redisInfo map[string]string

func (env *benchEnv) redisInfo(ctx context.Context) (redisInfo, error) {
	text, err := env.admin.Info(ctx, "stats", "cpu", "memory").Result()
	if err != nil {
		return nil, fmt.Errorf("bench: reading Redis INFO: %w", err)
	}
	info := redisInfo{}
	for _, line := range strings.Split(text, "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
			info[k] = v
		}
	}
	return info, nil
}

func (i redisInfo) int(k string) int64 {
	n, _ := strconv.ParseInt(i[k], 10, 64)
	return n
}

func (i redisInfo) float(k string) float64 {
	f, _ := strconv.ParseFloat(i[k], 64)
	return f
}

// benchResult is the figures of one pipeline (full or baseline). The JSON
// keys are the contract of `leadq bench --json`.
type benchResult struct {
	Mode                    string  `json:"mode"`
	Accounts                int     `json:"accounts"`
	Events                  int64   `json:"events"`
	Seconds                 float64 `json:"seconds"`
	EventsPerSec            float64 `json:"events_per_sec"`
	PublishedPerSec         float64 `json:"published_per_sec"`
	TransitionEvents        int64   `json:"transition_events"`
	Outputs                 int64   `json:"outputs"`
	P50                     float64 `json:"p50_ms"`
	P95                     float64 `json:"p95_ms"`
	P99                     float64 `json:"p99_ms"`
	Max                     float64 `json:"max_ms"`
	CPUPer1k                float64 `json:"cpu_s_per_1k_events"`
	LoadGenCPUPer1k         float64 `json:"loadgen_cpu_s_per_1k_events,omitempty"`
	RedisCPUPer1k           float64 `json:"redis_cpu_s_per_1k_events"`
	NATSCPUPer1k            float64 `json:"nats_cpu_s_per_1k_events,omitempty"`
	RedisCommandsPerEvent   float64 `json:"redis_commands_per_event"`
	RedisRoundTripsPerEvent float64 `json:"redis_round_trips_per_event"`
	RedisReadsPerEvent      float64 `json:"redis_reads_per_event"`
	RSSMB                   float64 `json:"rss_mb"`
	GoHeapMB                float64 `json:"go_heap_mb"`
	NATSRSSMB               float64 `json:"nats_rss_mb,omitempty"`
	RedisBytesPerAccount    float64 `json:"redis_bytes_per_account"`
	TypicalAccountBytes     float64 `json:"typical_account_bytes,omitempty"`
	TypicalStateBytes       float64 `json:"typical_state_bytes,omitempty"`
	TypicalUsedMemory       float64 `json:"typical_used_memory_bytes,omitempty"`
	StateBytes              float64 `json:"state_bytes,omitempty"`
	PublishErrors           int64   `json:"publish_errors"`

	// For the baseline: what the full run's inputs caused.
	outputsPerTransition float64
	outputBytes          float64
}

// newResult computes a phase's figures from its samples.
func newResult(mode string, accounts int, ph phaseResult, s0, s1 benchSample, lat latencyStats) *benchResult {
	n := float64(max(ph.published, 1))
	secs := ph.seconds()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	r := &benchResult{
		Mode: mode, Accounts: accounts, Events: ph.published, Seconds: round(secs, 3),
		EventsPerSec:            round(n/secs, 0),
		PublishedPerSec:         round(n/ph.pubEnd.Sub(ph.start).Seconds(), 0),
		TransitionEvents:        lat.inputs,
		Outputs:                 lat.outputs,
		P50:                     round(lat.p50, 2),
		P95:                     round(lat.p95, 2),
		P99:                     round(lat.p99, 2),
		Max:                     round(lat.max, 2),
		CPUPer1k:                round((s1.cpu-s0.cpu).Seconds()/n*1000, 4),
		RedisCPUPer1k:           round((s1.redisCPU-s0.redisCPU)/n*1000, 4),
		NATSCPUPer1k:            round((s1.natsCPU-s0.natsCPU).Seconds()/n*1000, 4),
		RedisCommandsPerEvent:   round(float64(s1.redisCmds-s0.redisCmds)/n, 3),
		RedisRoundTripsPerEvent: round(float64(s1.roundTrips-s0.roundTrips)/n, 3),
		RedisReadsPerEvent:      round(float64(s1.redisReads-s0.redisReads)/n, 3),
		RSSMB:                   round(float64(ph.rss)/(1<<20), 1),
		NATSRSSMB:               round(float64(ph.natsRSS)/(1<<20), 1),
		GoHeapMB:                round(float64(ms.HeapInuse)/(1<<20), 1),
	}
	if ph.serveRSS > 0 { // serve children: the processors are measured apart
		r.LoadGenCPUPer1k = r.CPUPer1k
		r.CPUPer1k = round((s1.serveCPU-s0.serveCPU).Seconds()/n*1000, 4)
		r.RSSMB = round(float64(ph.serveRSS)/(1<<20), 1)
		r.RedisRoundTripsPerEvent = r.RedisReadsPerEvent // the hook cannot see them
	}
	if lat.inputs > 0 {
		r.outputsPerTransition = float64(lat.outputs) / float64(lat.inputs)
		r.outputBytes = float64(lat.outBytes) / float64(max(lat.outputs, 1))
	}
	return r
}

// round rounds x to digits decimals (NaN and infinities become 0, which
// JSON can carry).
func round(x float64, digits int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
