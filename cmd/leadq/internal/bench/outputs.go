package bench

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// outputRecorder watches the output subjects (a plain NATS subscription: it
// sees every output as JetStream stores it) and records, for each input that
// caused one, the time from its publish to its first output.
type outputRecorder struct {
	mu       sync.Mutex
	tag      uint32
	lat      []time.Duration
	seen     map[uint32]struct{}
	outputs  int64 // outputs of the phase's inputs, all types
	outBytes int64 // their payload bytes
	sub      *nats.Subscription
}

// subscribeOutputs starts recording the outputs of every phase.
func (env *benchEnv) subscribeOutputs() (*outputRecorder, error) {
	r := &outputRecorder{seen: map[uint32]struct{}{}}
	sub, err := env.nc.Subscribe(env.subjects.Out(), r.observe)
	if err != nil {
		return nil, fmt.Errorf("bench: subscribing to %s: %w", env.subjects.Out(), err)
	}
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		return nil, fmt.Errorf("bench: subscribing to %s: %w", env.subjects.Out(), err)
	}
	r.sub = sub
	return r, env.nc.Flush()
}

func (r *outputRecorder) observe(m *nats.Msg) {
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	at, seq, ok := parseBenchTrace(m.Header.Get("traceparent"), r.tag)
	if !ok {
		return // a re-check's output, or of another phase
	}
	r.outputs++
	r.outBytes += int64(len(m.Data))
	if _, dup := r.seen[seq]; dup {
		return
	}
	r.seen[seq] = struct{}{}
	r.lat = append(r.lat, now.Sub(at))
}

// reset starts recording the inputs of the phase with tag.
func (r *outputRecorder) reset(tag uint32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tag, r.lat, r.outputs, r.outBytes = tag, nil, 0, 0
	r.seen = map[uint32]struct{}{}
}

// transitions is the number of inputs that caused an output so far.
func (r *outputRecorder) transitions() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.lat)
}

// latencyStats are publish-to-output latencies in milliseconds.
type latencyStats struct {
	inputs, outputs, outBytes int64
	p50, p95, p99, max        float64
}

func (r *outputRecorder) stats() latencyStats {
	r.mu.Lock()
	lat := slices.Clone(r.lat)
	s := latencyStats{inputs: int64(len(r.lat)), outputs: r.outputs, outBytes: r.outBytes}
	r.mu.Unlock()
	if len(lat) == 0 {
		return s
	}
	slices.Sort(lat)
	s.p50, s.p95, s.p99 = quantileMs(lat, 0.50), quantileMs(lat, 0.95), quantileMs(lat, 0.99)
	s.max = ms(lat[len(lat)-1])
	return s
}

// quantileMs is the q-quantile of sorted (nearest rank) in milliseconds.
func quantileMs(sorted []time.Duration, q float64) float64 {
	i := int(q*float64(len(sorted))+0.5) - 1
	return ms(sorted[min(max(i, 0), len(sorted)-1)])
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
