package consumers

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/consumers/clock"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/deploy/embedded"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
	"github.com/leadq/leadq/schemas"
)

// rig is one pipeline under test: a real embedded JetStream server and a
// real redis-server child process (restartable), the streams of one subject
// prefix, the store of one key prefix, the example rules of testdata/config/spec.yaml and a clock the
// test moves.
type rig struct {
	t        testing.TB
	nats     *testbench.NATSServer
	redis    *testbench.RedisServer
	rdb      *redis.Client
	st       *store.Store
	rules    *qualify.Config
	subjects events.Subjects
	names    StreamNames
	clock    *clock.Manual
	keys     string // store key prefix
}

// newRig starts the servers and creates the streams.
func newRig(t testing.TB) *rig {
	t.Helper()
	return newRigWith(t, embedded.RedisOptions{})
}

// newRigWith is newRig with Redis options (e.g. AppendOnly).
func newRigWith(t testing.TB, ro embedded.RedisOptions) *rig {
	t.Helper()
	n := testbench.NATS(t)
	r := testbench.RedisProcess(t, ro)
	rg := &rig{t: t, nats: n, redis: r, clock: clock.NewManual(spec9Now)}
	rg.use(n.Prefix, r.Prefix)
	return rg
}

// use switches the rig to a subject prefix and a key prefix of their own
// (fresh streams and state on the same servers).
func (rg *rig) use(subjectPrefix, keyPrefix string) {
	t := rg.t
	t.Helper()
	rg.subjects = events.Subjects{Prefix: subjectPrefix}
	// Small limits: JetStream reserves MaxBytes, and a test makes many streams.
	sc := StreamsConfig{Subjects: rg.subjects,
		In: StreamLimits{MaxBytes: 64 << 20}, Out: StreamLimits{MaxBytes: 64 << 20}, DLQ: StreamLimits{MaxBytes: 8 << 20}}
	rg.names = sc.Names()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := EnsureStreams(ctx, rg.nats.JS, sc); err != nil {
		t.Fatalf("EnsureStreams: %v", err)
	}
	if rg.rdb == nil {
		opts, err := redis.ParseURL(rg.redis.URL)
		if err != nil {
			t.Fatalf("redis url: %v", err)
		}
		opts.MaxRetries = -1 // a test sees failures as they are
		rg.rdb = redis.NewClient(opts)
		t.Cleanup(func() { rg.rdb.Close() })
	}
	rg.keys = keyPrefix
	st, err := store.New(rg.rdb, store.Options{Prefix: keyPrefix})
	if err != nil {
		t.Fatalf("store.New: %v", err)
	}
	rg.st = st
	if rg.rules == nil {
		rg.rules = loadRules(t, filepath.Join("..", "testdata", "config", "spec.yaml"))
	}
}

// config is a processor config for tests: fast re-checks and sweeps, the
// rig's clock.
func (rg *rig) config() Config {
	return Config{
		Subjects:     rg.subjects,
		Workers:      8,
		Batch:        64,
		AckWait:      5 * time.Second,
		Backoff:      []time.Duration{20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond},
		RecheckEvery: 20 * time.Millisecond,
		RecheckLease: 15 * time.Second,
		SweepEvery:   100 * time.Millisecond,
		SweepAge:     time.Second,
		PublishWait:  5 * time.Second,
		DrainTimeout: 20 * time.Second,
		Now:          rg.clock.Now,
	}
}

// running is a processor running in the background.
type running struct {
	p      *Processor
	reg    *prometheus.Registry
	cancel context.CancelFunc
	done   chan error
}

// start runs a processor with cfg until stop or the end of the test;
// setup, when given, adjusts the processor before it runs.
func (rg *rig) start(cfg Config, setup ...func(*Processor)) *running {
	t := rg.t
	t.Helper()
	reg := prometheus.NewRegistry()
	p, err := New(cfg, rg.nats.JS, rg.st, rg.rules, testLogger(t), reg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, f := range setup {
		f(p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{p: p, reg: reg, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- p.Run(ctx) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels Run and waits for it to return.
func (r *running) stop(t testing.TB) {
	t.Helper()
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Errorf("Run did not return within 60s of its context being done")
	}
}

// publish publishes input messages to the input stream, in order, with at
// most 256 acknowledgements outstanding.
func (rg *rig) publish(msgs ...*nats.Msg) {
	t := rg.t
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	js := rg.nats.JS
	for len(msgs) > 0 {
		n := min(len(msgs), 256)
		futures := make([]jetstream.PubAckFuture, 0, n)
		for _, m := range msgs[:n] {
			f, err := js.PublishMsgAsync(m)
			if err != nil {
				t.Fatalf("publishing %s: %v", m.Subject, err)
			}
			futures = append(futures, f)
		}
		for _, f := range futures {
			select {
			case <-f.Ok():
			case err := <-f.Err():
				t.Fatalf("publishing: %v", err)
			case <-ctx.Done():
				t.Fatalf("publishing: no acknowledgement")
			}
		}
		msgs = msgs[n:]
	}
}

// outputs returns every message of the output stream, in stream order.
func (rg *rig) outputs() []*jetstream.RawStreamMsg {
	return rg.streamMsgs(rg.names.Out)
}

func (rg *rig) streamMsgs(name string) []*jetstream.RawStreamMsg {
	t := rg.t
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s, err := rg.nats.JS.Stream(ctx, name)
	if err != nil {
		t.Fatalf("stream %s: %v", name, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatalf("stream %s info: %v", name, err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatalf("stream %s message %d: %v", name, seq, err)
		}
		out = append(out, m)
	}
	return out
}

// settle waits until the pipeline is idle: every input acknowledged, no
// outbox pending and no re-check due at the rig's clock.
func (rg *rig) settle(timeout time.Duration) {
	t := rg.t
	t.Helper()
	var why string
	ok := poll(timeout, func() bool {
		why = rg.busy()
		return why == ""
	})
	if !ok {
		t.Fatalf("pipeline not idle after %s: %s", timeout, why)
	}
}

// busy says what is not finished, "" when idle.
func (rg *rig) busy() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := rg.nats.JS.Consumer(ctx, rg.names.In, DefaultDurable)
	if err != nil {
		return "consumer: " + err.Error()
	}
	ci, err := c.Info(ctx)
	if err != nil {
		return "consumer info: " + err.Error()
	}
	if ci.NumPending > 0 || ci.NumAckPending > 0 {
		return "inputs pending or unacknowledged"
	}
	st, err := rg.st.Stats(ctx)
	if err != nil {
		return "store stats: " + err.Error()
	}
	if st.Outboxes > 0 {
		return "outboxes pending"
	}
	if !st.EarliestDue.IsZero() && !st.EarliestDue.After(rg.clock.Now()) {
		return "re-checks due"
	}
	return ""
}

// poll calls cond until it is true or the deadline passes.
func poll(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// accountState returns the stored state bytes of an account.
func (rg *rig) accountState(account string) []byte {
	rg.t.Helper()
	snap, err := rg.st.Load(context.Background(), account, "")
	if err != nil {
		rg.t.Fatalf("loading %s: %v", account, err)
	}
	return snap.State
}

// counter reads a counter of a processor's registry (sum over labels that
// match).
func (r *running) counter(t testing.TB, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := r.reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	sum := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	metric:
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if v, ok := labels[lp.GetName()]; ok && v != lp.GetValue() {
					continue metric
				}
			}
			sum += m.GetCounter().GetValue()
		}
	}
	return sum
}

// loadRules loads a qualification config, checked against its JSON Schema.
func loadRules(t testing.TB, path string) *qualify.Config {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading rules: %v", err)
	}
	cfg, _, err := qualify.LoadConfig(path, data, func(doc any) []qualify.Issue {
		var issues []qualify.Issue
		for _, v := range schemas.Validate("config", doc) {
			issues = append(issues, qualify.Issue{Pointer: v.Pointer, Message: v.Message})
		}
		return issues
	})
	if err != nil {
		t.Fatalf("loading rules: %v", err)
	}
	return cfg
}

// testLogger writes warnings and errors to the test log.
func testLogger(t testing.TB) zerolog.Logger {
	return zerolog.New(zerolog.ConsoleWriter{Out: testWriter{t}, NoColor: true}).Level(zerolog.WarnLevel).With().Timestamp().Logger()
}

type testWriter struct{ t testing.TB }

var logMu sync.Mutex

func (w testWriter) Write(p []byte) (int, error) {
	logMu.Lock()
	defer logMu.Unlock()
	w.t.Log(string(p))
	return len(p), nil
}

// outputsByID maps each output's Nats-Msg-Id to its subject and payload;
// it fails on an id published twice.
func (rg *rig) outputsByID() map[string]string {
	rg.t.Helper()
	out := map[string]string{}
	for _, m := range rg.outputs() {
		id := m.Header.Get(jetstream.MsgIDHeader)
		if _, dup := out[id]; dup {
			rg.t.Errorf("output %s published twice", id)
		}
		out[id] = strings.TrimPrefix(m.Subject, rg.subjects.Prefix) + " " + string(m.Data)
	}
	return out
}

// collect returns, under the current prefixes, the stored state of every
// account of o and the ids of the outputs published.
func (rg *rig) collect(o genOptions) (map[string]string, []string) {
	states := map[string]string{}
	for _, a := range genAccounts(o) {
		states[a] = string(rg.accountState(a))
	}
	return states, msgIDs(rg.outputs())
}

// msgIDs returns the Nats-Msg-Id of each message, sorted.
func msgIDs(msgs []*jetstream.RawStreamMsg) []string {
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.Header.Get(jetstream.MsgIDHeader)
	}
	sort.Strings(ids)
	return ids
}
