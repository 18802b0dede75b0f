package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/cmd/leadq/internal/logs"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/qualify"
)

// testDemoOptions is a small, fast demo: 40 accounts, 1,600 events fed as
// fast as the pipeline takes them.
func testDemoOptions(prefix string) options {
	return options{Accounts: 40, Rate: 20000, Seed: 7, Prefix: prefix, JSON: true,
		Log: logs.Options{Level: "warn", Format: "json"}}
}

// runTestDemo runs the demo with o and returns its JSON summary.
func runTestDemo(ctx context.Context, t *testing.T, o options) demoSummary {
	t.Helper()
	var out bytes.Buffer
	if err := runDemo(ctx, o, &out, testLogWriter{t}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	var sum demoSummary
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil {
		t.Fatalf("demo summary: %v\n%s", err, out.String())
	}
	return sum
}

// testLogWriter sends the demo's logs and notices to the test log.
type testLogWriter struct{ t *testing.T }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// TestDemoSameOutcomeOnEveryServer runs the same demo twice on real servers
// (given by URL, as --nats-url and --redis-url do: the second run clears what
// the first left) and on the demo's own embedded NATS with the in-memory
// Redis it falls back to without redis-server: it must qualify and route
// leads, dead-letter nothing, and every run must agree on every count.
func TestDemoSameOutcomeOnEveryServer(t *testing.T) {
	n, r := testbench.NATS(t), testbench.Redis(t)
	real := testDemoOptions(n.Prefix + ".demo")
	real.NATS.URL, real.Redis.URL = n.URL, r.URL
	if r.Prefix != testbench.DefaultKeyPrefix { // a shared Redis: delete our keys afterwards
		t.Cleanup(func() { deleteKeys(t, r.Client(t), real.Prefix+":") })
	}
	onReal := runTestDemo(context.Background(), t, real)
	again := runTestDemo(context.Background(), t, real) // clears what the first run left

	t.Setenv("PATH", "") // no redis-server: the demo falls back to an in-memory Redis
	onMemory := runTestDemo(context.Background(), t, testDemoOptions(defaultDemoPrefix))

	if onReal.Qualified == 0 || onReal.Routed != onReal.Qualified {
		t.Errorf("real servers: %d qualified, %d routed; want some, all routed", onReal.Qualified, onReal.Routed)
	}
	if len(onReal.DeadLetters) != 0 || onReal.Interrupted || onReal.Events != int64(onReal.Planned) {
		t.Errorf("real servers: dead letters %v, interrupted %v, %d of %d events fed",
			onReal.DeadLetters, onReal.Interrupted, onReal.Events, onReal.Planned)
	}
	if !reflect.DeepEqual(onReal.demoOutcome, again.demoOutcome) {
		t.Errorf("outcomes differ:\nfirst run:  %+v\nsecond run: %+v", onReal.demoOutcome, again.demoOutcome)
	}
	if !reflect.DeepEqual(onReal.demoOutcome, onMemory.demoOutcome) {
		t.Errorf("outcomes differ:\nreal servers: %+v\nin-memory:    %+v", onReal.demoOutcome, onMemory.demoOutcome)
	}
}

// TestDemoStopsCleanlyOnInterrupt cancels the demo when it shows its first
// qualified lead, as Ctrl-C would: it must stop without an error and print an
// interrupted summary that includes that lead.
func TestDemoStopsCleanlyOnInterrupt(t *testing.T) {
	n, r := testbench.NATS(t), testbench.Redis(t)
	o := testDemoOptions(n.Prefix + ".demo")
	o.NATS.URL, o.Redis.URL = n.URL, r.URL
	o.JSON, o.Rate = false, 400
	if r.Prefix != testbench.DefaultKeyPrefix {
		t.Cleanup(func() { deleteKeys(t, r.Client(t), o.Prefix+":") })
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOnLine{prefix: "+ ", cancel: cancel}
	if err := runDemo(ctx, o, out, testLogWriter{t}); err != nil {
		t.Fatalf("interrupted demo: %v", err)
	}
	text := out.String()
	if !strings.Contains(text, "\nSummary (interrupted: ") || strings.Contains(text, "  qualified 0 ") {
		t.Errorf("want an interrupted summary counting the lead shown, got:\n%s", text)
	}
}

// cancelOnLine is the demo's standard output; it cancels when a line with
// prefix is written.
type cancelOnLine struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	prefix string
	cancel context.CancelFunc
}

func (w *cancelOnLine) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.HasPrefix(p, []byte(w.prefix)) {
		w.cancel()
	}
	return w.buf.Write(p)
}

func (w *cancelOnLine) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestDemoRechecksSettled checks the demo's view of the store's re-check
// timers: a timer due by the anchor, or a claim in flight, is not settled;
// a timer after the anchor is.
func TestDemoRechecksSettled(t *testing.T) {
	r := testbench.Redis(t)
	rdb := r.Client(t)
	ctx := context.Background()
	st, err := store.New(rdb, store.Options{Prefix: r.Prefix})
	if err != nil {
		t.Fatal(err)
	}
	anchor := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	s := &demoSession{env: &demoEnv{rdb: rdb}, store: st, keyPrefix: r.Prefix, anchor: anchor}
	settled := func(step string, want bool) {
		t.Helper()
		got, err := s.rechecksSettled(ctx)
		if err != nil || got != want {
			t.Fatalf("%s: settled = %v, %v; want %v", step, got, err, want)
		}
	}
	settled("no timers", true)
	if err := st.Commit(ctx, "acme.io", store.Commit{State: []byte("{}"), NextCheck: anchor.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	settled("timer due before the anchor", false)
	dues, err := st.ClaimDue(ctx, anchor, 30*time.Second, 10)
	if err != nil || len(dues) != 1 {
		t.Fatalf("ClaimDue: %v, %v", dues, err)
	}
	settled("claimed, not done", false)
	if ok, err := st.Done(ctx, dues[0], 1, anchor.Add(time.Hour)); err != nil || !ok {
		t.Fatalf("Done: %v, %v", ok, err)
	}
	settled("done, next check after the anchor", true)
}

func TestDemoStrongestReasons(t *testing.T) {
	// the worked example when jane.doe@acme.io qualifies.
	at := time.Date(2026, 11, 6, 8, 0, 0, 0, time.UTC)
	ex := qualify.Explanation{ICP: qualify.ICPResult{Name: "midmarket-saas", Fit: 100, Grade: "A"}}
	ex.Readiness.Ready = qualify.DimensionResult{Score: 50,
		Usage: []qualify.UsageResult{{Name: "team_adoption", Points: 50, Passed: true}}}
	ex.Readiness.Willing = qualify.DimensionResult{Score: 71.76, Signals: []qualify.SignalResult{
		{Kind: "form.content_download", Time: at.Add(-118 * time.Hour), Points: 15, Decayed: 11.76},
		{Kind: "form.demo_request", Time: at, Points: 60, Decayed: 60}}}
	ex.Readiness.Able = qualify.DimensionResult{Score: 100,
		Signals:    []qualify.SignalResult{{Kind: "trigger.funding_round", Time: at.Add(-71 * time.Hour), Points: 60, Decayed: 59.78}},
		Attributes: []qualify.ReadinessResult{{Rule: "annual_revenue between [20000000, null]", Points: 50}}}
	raw, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"fit 100 (A, midmarket-saas)", "willing 71.8: form.demo_request", "able 100: trigger.funding_round"}
	if got := strongestReasons(raw); !reflect.DeepEqual(got, want) {
		t.Errorf("strongestReasons = %q, want %q", got, want)
	}

	ex.Readiness.Able.Signals = nil // the static attribute is the strongest left
	raw, _ = json.Marshal(ex)
	want = []string{"fit 100 (A, midmarket-saas)", "willing 71.8: form.demo_request", "ready 50: team_adoption"}
	if got := strongestReasons(raw); !reflect.DeepEqual(got, want) {
		t.Errorf("without funding: strongestReasons = %q, want %q", got, want)
	}
	if got := strongestReasons(json.RawMessage(`"not an explanation"`)); got != nil {
		t.Errorf("unreadable explanation: %q, want none", got)
	}
}

func TestDemoUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no accounts", []string{"--accounts", "0"}},
		{"zero rate", []string{"--rate", "0"}},
		{"negative duration", []string{"--duration", "-1s"}},
		{"quiet and json", []string{"--quiet", "--json"}},
		{"bad prefix", []string{"--prefix", "a b"}},
		{"serve's prefix on real servers", []string{"--prefix", "leadq", "--redis-url", "redis://localhost:1"}},
		{"unknown flag", []string{"--nope"}},
		{"an argument", []string{"extra"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := clitest.Run(t, clitest.Root(NewCommand()), "", append([]string{"demo"}, tc.args...)...)
			if r.Code != cli.ExitUsage {
				t.Errorf("leadq demo %s: exit %d, want %d", strings.Join(tc.args, " "), r.Code, cli.ExitUsage)
			}
		})
	}
}

func TestDemoEvents(t *testing.T) {
	for _, tc := range []struct {
		name     string
		accounts int
		rate     float64
		duration time.Duration
		want     int
	}{
		{"whole stream", 300, 200, 0, 12000},
		{"duration at rate", 300, 200, 10 * time.Second, 2000},
		{"at most the whole stream", 10, 1000, time.Minute, 400},
		{"at least one event", 10, 0.5, time.Second, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := options{Accounts: tc.accounts, Rate: tc.rate, Duration: tc.duration}
			if got := o.events(); got != tc.want {
				t.Errorf("events() = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestDemoHelpNamesEveryFlagAndVariable(t *testing.T) {
	cmd := NewCommand()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--accounts", "LEADQ_ACCOUNTS", "--rate", "--duration", "--seed", "--config",
		"--prefix", "--nats-url", "(default: an embedded server)", "--redis-url", "in-memory Redis", "Ctrl-C"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, out.String())
		}
	}
}

// deleteKeys deletes the keys under prefix, on a shared Redis.
func deleteKeys(t *testing.T, rdb *redis.Client, prefix string) {
	t.Helper()
	env := &demoEnv{rdb: rdb, ownNATS: true} // clear then leaves streams alone
	if err := env.clear(context.Background(), nil, prefix); err != nil {
		t.Error(err)
	}
}
