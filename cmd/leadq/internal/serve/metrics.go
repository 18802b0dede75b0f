package serve

import (
	"github.com/prometheus/client_golang/prometheus"
)

// configMetrics are serve's gauges and counters of the configuration in
// force (README, Metrics).
type configMetrics struct {
	info    *prometheus.GaugeVec   // 1 for the version running, by version
	reloads *prometheus.CounterVec // switches to another version, by result
}

func newConfigMetrics(reg prometheus.Registerer) *configMetrics {
	m := &configMetrics{
		info: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "leadq_config_info",
			Help: "1 for the configuration version this instance runs."}, []string{"version"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "leadq_config_reloads_total",
			Help: "Switches to another configuration version (activation, SIGHUP) by result: success, or failure when it was refused and the last good version stayed."},
			[]string{"result"}),
	}
	reg.MustRegister(m.info, m.reloads)
	m.reloads.WithLabelValues("success")
	m.reloads.WithLabelValues("failure")
	return m
}

// running records the version in force.
func (m *configMetrics) running(version string) {
	m.info.Reset()
	m.info.WithLabelValues(version).Set(1)
}

// reloaded counts one switch or refused switch.
func (m *configMetrics) reloaded(ok bool) {
	if ok {
		m.reloads.WithLabelValues("success").Inc()
		return
	}
	m.reloads.WithLabelValues("failure").Inc()
}
