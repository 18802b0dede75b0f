package httpserver

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

type readyFunc func(context.Context) error

func (f readyFunc) Ready(ctx context.Context) error { return f(ctx) }

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func getStatus(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestHTTPEndpoints(t *testing.T) {
	notReady := errors.New("redis: connection refused")
	for _, tc := range []struct {
		name        string
		pprof       bool
		ready       error
		wantReadyz  int
		wantProfile int
	}{
		{"ready, no profiler", false, nil, http.StatusOK, http.StatusNotFound},
		{"not ready, profiler on", true, notReady, http.StatusServiceUnavailable, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := freeAddr(t)
			stop, err := Start(addr, prometheus.NewRegistry(),
				readyFunc(func(context.Context) error { return tc.ready }), tc.pprof, zerolog.Nop())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(stop)
			base := "http://" + addr
			if code, _ := getStatus(t, base+"/healthz"); code != http.StatusOK {
				t.Errorf("/healthz: %d, want 200", code)
			}
			code, body := getStatus(t, base+"/readyz")
			if code != tc.wantReadyz {
				t.Errorf("/readyz: %d %q, want %d", code, body, tc.wantReadyz)
			}
			if code, _ := getStatus(t, base+"/metrics"); code != http.StatusOK {
				t.Errorf("/metrics: %d, want 200", code)
			}
			if code, _ := getStatus(t, base+"/debug/pprof/heap?debug=1"); code != tc.wantProfile {
				t.Errorf("/debug/pprof/heap: %d, want %d", code, tc.wantProfile)
			}
		})
	}
}
