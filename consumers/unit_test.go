package consumers

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

func TestOutboxEntryRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		msg  *nats.Msg
	}{
		{"no headers", &nats.Msg{Subject: "leadq.out.qualified", Data: []byte(`{"a":1}`)}},
		{"headers and empty payload", &nats.Msg{Subject: "x.out.routed.q", Header: nats.Header{
			"Nats-Msg-Id": {"abc"}, "Ce-Type": {"io.leadq.lead.routed"}, "Multi": {"1", "", "3"}}}},
		{"binary payload", &nats.Msg{Subject: "s", Header: nats.Header{"traceparent": {"00-1-2-01"}}, Data: []byte{0, 1, 2, 255}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := marshalMsg(tt.msg)
			got, err := unmarshalMsg(b)
			if err != nil {
				t.Fatal(err)
			}
			if got.Subject != tt.msg.Subject || !bytes.Equal(got.Data, tt.msg.Data) || len(got.Header) != len(tt.msg.Header) {
				t.Fatalf("round trip = %+v, want %+v", got, tt.msg)
			}
			for k, vs := range tt.msg.Header {
				if strings.Join(got.Header[k], "|") != strings.Join(vs, "|") {
					t.Errorf("header %s = %q, want %q", k, got.Header[k], vs)
				}
			}
			if !bytes.Equal(marshalMsg(got), b) {
				t.Error("encoding is not canonical")
			}
		})
	}
}

func TestOutboxEntryRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, {}, {2, 1, 'a'}, {1}, {1, 0}, {1, 5, 'a'}, {1, 1, 's', 9}, {1, 1, 's', 1, 1, 'k', 200}} {
		if _, err := unmarshalMsg(b); err == nil {
			t.Errorf("unmarshalMsg(%v) accepted garbage", b)
		}
	}
}

func FuzzUnmarshalMsg(f *testing.F) {
	f.Add(marshalMsg(&nats.Msg{Subject: "a.b", Header: nats.Header{"K": {"v"}}, Data: []byte("d")}))
	f.Add([]byte{1, 1, 's', 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := unmarshalMsg(b)
		if err != nil {
			return
		}
		again, err := unmarshalMsg(marshalMsg(m))
		if err != nil || again.Subject != m.Subject || !bytes.Equal(again.Data, m.Data) {
			t.Fatalf("re-encoding %v changed it: %v %v", b, again, err)
		}
	})
}

func TestMaskEmail(t *testing.T) {
	for in, want := range map[string]string{
		"jane.doe@acme.io": "j***@acme.io", "x@y.z": "x***@y.z", "nobody": "***", "@acme.io": "***",
	} {
		if got := maskEmail(in); got != want {
			t.Errorf("maskEmail(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConfigDefaultsAndValidate(t *testing.T) {
	c := Config{}.WithDefaults()
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	if c.Durable != "leadq" || c.Workers < 1 || c.AckWait != DefaultAckWait || c.Now == nil || c.FreeMail == nil {
		t.Errorf("defaults = %+v", c)
	}
	bad := []func(*Config){
		func(c *Config) { c.Workers = -1 },
		func(c *Config) { c.MaxAckPending = c.Batch - 1 },
		func(c *Config) { c.AckWait = time.Millisecond },
		func(c *Config) { c.RecheckLease = c.PublishWait },
		func(c *Config) { c.Backoff = []time.Duration{-time.Second} },
		func(c *Config) { c.Subjects.Prefix = "a b" },
	}
	for i, f := range bad {
		c := Config{}.WithDefaults()
		f(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("case %d: invalid config accepted", i)
		}
	}
	for n, want := range map[uint64]time.Duration{0: DefaultBackoff[0], 1: DefaultBackoff[0], 2: DefaultBackoff[1], 99: DefaultBackoff[len(DefaultBackoff)-1]} {
		if got := c.backoff(n); got != want {
			t.Errorf("backoff(%d) = %s, want %s", n, got, want)
		}
	}
}

// TestLogsHoldNoRawEmail processes the worked example with every per-event log line
// sampled and a publish failure, and checks that the logs name the lead
// only masked.
func TestLogsHoldNoRawEmail(t *testing.T) {
	rg := newRig(t)
	var buf syncBuffer
	cfg := rg.config()
	cfg.LogSample = 1
	p, err := New(cfg, rg.nats.JS, rg.st, rg.rules, zerolog.New(&buf).Level(zerolog.DebugLevel), nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &flakyPublisher{Publisher: p.pub}
	f.fail.Store(1)
	p.pub = f
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Run(ctx) }()
	for _, g := range spec9Groups(t, rg.subjects) {
		rg.publish(g...)
	}
	waitOutputs(t, rg, 3)
	rg.settle(30 * time.Second)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	logs := buf.String()
	if strings.Contains(strings.ToLower(logs), spec9Lead) {
		t.Errorf("a log line holds the raw e-mail:\n%s", logs)
	}
	if !strings.Contains(logs, "j***@acme.io") || !strings.Contains(logs, "spec9-lead-2") {
		t.Errorf("the logs do not name the event and the masked lead:\n%s", logs)
	}
}

func TestSetRulesKeepsLastGoodConfig(t *testing.T) {
	p := &Processor{}
	a, b := &qualify.Config{Version: "a"}, &qualify.Config{Version: "b"}
	p.SetRules(a)
	p.SetRules(nil)
	if p.rules.Load() != a {
		t.Fatal("SetRules(nil) replaced the config")
	}
	p.SetRules(b)
	if p.rules.Load() != b {
		t.Fatal("SetRules did not replace the config")
	}
}

func TestToQualifyMapsEveryType(t *testing.T) {
	emp, rev := int64(300), 4e7
	lead := &events.Event{ID: "1", Source: "s", Type: events.TypeLeadCaptured, Time: spec9Now,
		Lead: &events.LeadCaptured{Lead: events.Person{Email: "a@acme.io", Title: "CTO"},
			Company: &events.Company{Domain: "acme.io", Employees: &emp, AnnualRevenue: &rev, TechStack: []string{}},
			Form:    &events.Form{}}}
	q, err := toQualify(lead)
	if err != nil || q.Kind != qualify.LeadCaptured || q.Account != "acme.io" || q.Lead.Title != "CTO" ||
		q.FormKind != "other" || *q.Company.Employees != 300 || q.Company.TechStack == nil {
		t.Errorf("lead = %+v, %v", q, err)
	}
	usage := &events.Event{ID: "2", Type: events.TypeUsageRecorded, Usage: &events.UsageRecorded{
		Account: events.AccountRef{Domain: "acme.io"}, User: "u", Event: "e", Count: 3}}
	if q, err := toQualify(usage); err != nil || q.Kind != qualify.UsageRecorded || q.Count != 3 || q.UsageEvent != "e" {
		t.Errorf("usage = %+v, %v", q, err)
	}
	trig := &events.Event{ID: "3", Type: events.TypeTriggerDetected, Trigger: &events.TriggerDetected{
		Account: events.AccountRef{Domain: "acme.io"}, Kind: "tender"}}
	if q, err := toQualify(trig); err != nil || q.Kind != qualify.TriggerDetected || q.TriggerKind != "tender" || q.Company.TechStack != nil {
		t.Errorf("trigger = %+v, %v", q, err)
	}
	if _, err := toQualify(&events.Event{ID: "4"}); err == nil {
		t.Error("an event without data mapped")
	}
}
