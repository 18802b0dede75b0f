package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, tc := range []struct {
		name, url string
		want      int
	}{
		{"healthy", srv.URL + "/healthz", 0},
		{"unhealthy status", srv.URL + "/readyz", 1},
		{"nothing listening", closed.URL + "/healthz", 1},
		{"bad URL", "://", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := probe(tc.url, 2*time.Second, io.Discard); got != tc.want {
				t.Errorf("probe(%q) = %d, want %d", tc.url, got, tc.want)
			}
		})
	}
}
