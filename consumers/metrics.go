package consumers

import (
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/leadq/leadq/events"
)

// metrics are the processor's Prometheus collectors, all prefixed leadq_.
type metrics struct {
	events        *prometheus.CounterVec                           // by type and outcome
	acked         [len(inputTypes)][len(outcomeNames)]atomic.Value // events' counters, resolved once
	deadLetters   *prometheus.CounterVec                           // by reason
	transitions   *prometheus.CounterVec                           // by type: qualified, routed, unqualified
	latency       prometheus.Histogram                             // receive → ack
	redeliveries  prometheus.Counter
	conflicts     prometheus.Counter
	published     prometheus.Counter
	swept         prometheus.Counter
	consumeErrors prometheus.Counter
	rechecks      *prometheus.CounterVec // by result
	outboxBacklog prometheus.Gauge
	oldestOutbox  prometheus.Gauge
	timers        prometheus.Gauge
	timerLag      prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "leadq_events_total",
			Help: "Input events by CloudEvent type and outcome (processed, unchanged, duplicate, no_account, dead_letter, retried, newer_state, abandoned)."},
			[]string{"type", "outcome"}),
		deadLetters: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "leadq_dead_letters_total",
			Help: "Inputs published to leadq.dlq.<reason>, by reason."}, []string{"reason"}),
		transitions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "leadq_transitions_total",
			Help: "Output events committed to an outbox, by type (qualified, routed, unqualified)."}, []string{"type"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "leadq_processing_seconds",
			Help:    "Time from receiving an input to acknowledging it.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)}),
		redeliveries: prometheus.NewCounter(prometheus.CounterOpts{Name: "leadq_redeliveries_total",
			Help: "Inputs received more than once."}),
		conflicts: prometheus.NewCounter(prometheus.CounterOpts{Name: "leadq_commit_conflicts_total",
			Help: "Commits refused because another writer moved the account's version."}),
		published: prometheus.NewCounter(prometheus.CounterOpts{Name: "leadq_outputs_published_total",
			Help: "Outbox entries published and acknowledged by the stream (re-publishes included)."}),
		swept: prometheus.NewCounter(prometheus.CounterOpts{Name: "leadq_outputs_swept_total",
			Help: "Outbox entries found pending by the sweeper and published again."}),
		consumeErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "leadq_consume_errors_total",
			Help: "Errors reported by the JetStream consumer."}),
		rechecks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "leadq_rechecks_total",
			Help: "Time-based re-checks by result (evaluated, early, lost, failed)."}, []string{"result"}),
		outboxBacklog: prometheus.NewGauge(prometheus.GaugeOpts{Name: "leadq_outbox_backlog",
			Help: "Accounts with a possibly pending outbox."}),
		oldestOutbox: prometheus.NewGauge(prometheus.GaugeOpts{Name: "leadq_outbox_oldest_age_seconds",
			Help: "Age of the oldest pending outbox."}),
		timers: prometheus.NewGauge(prometheus.GaugeOpts{Name: "leadq_timers",
			Help: "Accounts with a re-check scheduled."}),
		timerLag: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "leadq_timer_lag_seconds",
			Help:    "How late a re-check ran after its due instant.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 14)}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.events, m.deadLetters, m.transitions, m.latency,
		m.redeliveries, m.conflicts, m.published, m.swept, m.consumeErrors, m.rechecks,
		m.outboxBacklog, m.oldestOutbox, m.timers, m.timerLag} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("consumers: registering metrics: %w", err)
		}
	}
	return m, nil
}

// inputTypes are the types whose acknowledged inputs observe counts
// without a label lookup per input.
var inputTypes = [...]string{events.TypeLeadCaptured, events.TypeTriggerDetected, events.TypeUsageRecorded}

// observe counts an acknowledged input.
func (m *metrics) observe(typ string, out outcome, d time.Duration) {
	m.eventCounter(typ, out).Inc()
	m.latency.Observe(d.Seconds())
}

// eventCounter is the events counter of typ and out, looked up in the
// vector once per input type and outcome rather than once per input.
func (m *metrics) eventCounter(typ string, out outcome) prometheus.Counter {
	i := slices.Index(inputTypes[:], typ)
	if i < 0 {
		return m.events.WithLabelValues(typ, out.String())
	}
	slot := &m.acked[i][out]
	if c, ok := slot.Load().(prometheus.Counter); ok {
		return c
	}
	c := m.events.WithLabelValues(typ, out.String())
	slot.Store(c)
	return c
}
