// Package httpserver serves the operational HTTP endpoints of leadq serve:
// /healthz (the process runs), /readyz (its dependencies answer), /metrics
// (Prometheus) and, when asked, the Go profiler under /debug/pprof/.
package httpserver
