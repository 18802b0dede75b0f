package serve

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/qualify"
)

// newFollower returns a follower of a bucket of the test bench's NATS
// holding the valid versions v1 and v2 and v3, which does not load.
func newFollower(t *testing.T) (*follower, *versions.Store) {
	t.Helper()
	srv := testbench.NATS(t)
	ctx := context.Background()
	kv, err := versions.Ensure(ctx, srv.JS, srv.Prefix, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.JS.DeleteKeyValue(context.Background(), kv.Bucket()) })
	data, err := os.ReadFile(clitest.ExampleConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"v1", "v2"} {
		yaml := strings.Replace(string(data), `version: "2026-11-22.1"`, `version: "`+v+`"`, 1)
		if _, _, err := kv.Push(ctx, v, []byte(yaml)); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := srv.JS.KeyValue(ctx, kv.Bucket())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Put(ctx, versions.VersionKey("v3"), []byte("version: v3\n")); err != nil {
		t.Fatal(err)
	}
	f := &follower{kv: kv, log: zerolog.Nop(), metrics: newConfigMetrics(prometheus.NewRegistry()), gate: newGate()}
	return f, kv
}

func activate(t *testing.T, kv *versions.Store, v string) {
	t.Helper()
	if _, _, err := kv.Activate(context.Background(), v, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
}

// value reads a counter or gauge.
func value(t *testing.T, m prometheus.Metric) float64 {
	t.Helper()
	var d dto.Metric
	if err := m.Write(&d); err != nil {
		t.Fatal(err)
	}
	if d.Counter != nil {
		return d.Counter.GetValue()
	}
	return d.Gauge.GetValue()
}

func reloads(t *testing.T, f *follower, result string) float64 {
	t.Helper()
	return value(t, f.metrics.reloads.WithLabelValues(result))
}

// TestFollowerWaitsForAVersionThatLoads: while the active version does not
// load, serve is not ready and says why; the first version that loads is
// the one it starts with.
func TestFollowerWaitsForAVersionThatLoads(t *testing.T) {
	f, kv := newFollower(t)
	activate(t, kv, "v3")
	got := make(chan *qualify.Config, 1)
	go func() {
		cfg, _ := f.first(context.Background())
		got <- cfg
	}()
	for {
		err := f.gate.Ready(context.Background())
		if err != nil && strings.Contains(err.Error(), `the active configuration version "v3" does not load`) {
			break
		}
		time.Sleep(10 * time.Millisecond) // polled; the test's timeout is the deadline
	}
	activate(t, kv, "v1")
	if cfg := <-got; cfg == nil || cfg.Version != "v1" {
		t.Fatalf("first version %+v, want v1", cfg)
	}
}

// TestFollowerResync: the periodic read applies a change the watch missed,
// and does not try a refused version again.
func TestFollowerResync(t *testing.T) {
	f, kv := newFollower(t)
	ctx := context.Background()
	activate(t, kv, "v1")
	if cfg, err := f.first(ctx); err != nil || cfg.Version != "v1" {
		t.Fatalf("first: %v, %v", cfg, err)
	}
	var set []string
	record := func(c *qualify.Config) { set = append(set, c.Version) }
	activate(t, kv, "v2")
	f.resync(ctx, record)
	activate(t, kv, "v3")
	f.resync(ctx, record)
	f.resync(ctx, record)
	if len(set) != 1 || set[0] != "v2" || f.running != "v2" {
		t.Errorf("versions set %v, running %q; want v2 only", set, f.running)
	}
	if s, fl := reloads(t, f, "success"), reloads(t, f, "failure"); s != 1 || fl != 1 {
		t.Errorf("reloads: %v success, %v failure; want 1 and 1 (v3 refused once)", s, fl)
	}
	if v := value(t, f.metrics.info.WithLabelValues("v2")); v != 1 {
		t.Errorf("leadq_config_info{version=v2} = %v, want 1", v)
	}
}
