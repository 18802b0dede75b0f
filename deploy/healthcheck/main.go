// Command healthcheck is the container health probe of the leadq image, which has
// no shell, curl or wget: it GETs a URL (default http://127.0.0.1:9464/healthz,
// leadq serve's health endpoint) and exits 0 on a 2xx answer, 1 otherwise.
//
//	healthcheck [URL]
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

const defaultURL = "http://127.0.0.1:9464/healthz"

func main() {
	url := defaultURL
	if len(os.Args) > 1 {
		url = os.Args[1]
	}
	os.Exit(probe(url, 3*time.Second, os.Stderr))
}

// probe GETs url within timeout and returns the exit code, explaining a
// failure on errw.
func probe(url string, timeout time.Duration, errw io.Writer) int {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		fmt.Fprintf(errw, "healthcheck: %v\n", err)
		return 1
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(errw, "healthcheck: %v\n", err)
		return 1
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		fmt.Fprintf(errw, "healthcheck: %s: %s\n", url, resp.Status)
		return 1
	}
	return 0
}
