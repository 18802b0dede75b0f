package consumers_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/events"
)

func TestStreamsConfigNamesFollowPrefix(t *testing.T) {
	tests := []struct {
		prefix string
		want   consumers.StreamNames
	}{
		{"", consumers.StreamNames{In: "LEADQ_IN", Out: "LEADQ_OUT", DLQ: "LEADQ_DLQ"}},
		{"leadq", consumers.StreamNames{In: "LEADQ_IN", Out: "LEADQ_OUT", DLQ: "LEADQ_DLQ"}},
		{"acme.leads", consumers.StreamNames{In: "ACME_LEADS_IN", Out: "ACME_LEADS_OUT", DLQ: "ACME_LEADS_DLQ"}},
		{"eu-west", consumers.StreamNames{In: "EU-WEST_IN", Out: "EU-WEST_OUT", DLQ: "EU-WEST_DLQ"}},
	}
	for _, tt := range tests {
		t.Run("prefix "+tt.prefix, func(t *testing.T) {
			got := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: tt.prefix}}.Names()
			if got != tt.want {
				t.Errorf("Names() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStreamsConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		cfg     consumers.StreamsConfig
		wantErr bool
	}{
		{"zero value is valid", consumers.StreamsConfig{}, false},
		{"three replicas", consumers.StreamsConfig{Replicas: 3}, false},
		{"unlimited age and size", consumers.StreamsConfig{In: consumers.StreamLimits{MaxAge: -1, MaxBytes: -1}}, false},
		{"six replicas", consumers.StreamsConfig{Replicas: 6}, true},
		{"negative replicas", consumers.StreamsConfig{Replicas: -1}, true},
		{"wildcard in prefix", consumers.StreamsConfig{Subjects: events.Subjects{Prefix: "leadq.*"}}, true},
		{"empty prefix token", consumers.StreamsConfig{Subjects: events.Subjects{Prefix: "a..b"}}, true},
		{"slash in prefix", consumers.StreamsConfig{Subjects: events.Subjects{Prefix: "a/b"}}, true},
		{"space in prefix", consumers.StreamsConfig{Subjects: events.Subjects{Prefix: "a b"}}, true},
		{"negative duplicates", consumers.StreamsConfig{Out: consumers.StreamLimits{Duplicates: -time.Second}}, true},
		{"duplicates beyond max age", consumers.StreamsConfig{In: consumers.StreamLimits{MaxAge: time.Minute, Duplicates: time.Hour}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err != nil) != tt.wantErr {
				t.Errorf("Validate() = %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}

func TestEnsureStreamsCreatesFileStreams(t *testing.T) {
	n := testbench.NATS(t)
	ctx := testContext(t)
	cfg := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
	if err := consumers.EnsureStreams(ctx, n.JS, cfg); err != nil {
		t.Fatal(err)
	}
	names := cfg.Names()
	want := []struct {
		name, subject string
		discard       jetstream.DiscardPolicy
		dup           time.Duration
	}{
		{names.In, n.Prefix + ".in.>", jetstream.DiscardNew, consumers.DefaultInDuplicates},
		{names.Out, n.Prefix + ".out.>", jetstream.DiscardOld, consumers.DefaultOutDuplicates},
		{names.DLQ, n.Prefix + ".dlq.>", jetstream.DiscardOld, consumers.DefaultDLQDuplicates},
	}
	for _, w := range want {
		got := streamConfig(t, n.JS, w.name)
		if !slices.Equal(got.Subjects, []string{w.subject}) || got.Storage != jetstream.FileStorage ||
			got.Discard != w.discard || got.Duplicates != w.dup || got.Retention != jetstream.LimitsPolicy {
			t.Errorf("stream %s: subjects %v, storage %v, discard %v, duplicates %v, retention %v; want [%s], file, %v, %v, limits",
				w.name, got.Subjects, got.Storage, got.Discard, got.Duplicates, got.Retention, w.subject, w.discard, w.dup)
		}
	}
	assertNoDrift(t, n.JS, cfg)
}

func TestEnsureStreamsIsIdempotent(t *testing.T) {
	n := testbench.NATS(t)
	ctx := testContext(t)
	cfg := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
	if err := consumers.EnsureStreams(ctx, n.JS, cfg); err != nil {
		t.Fatal(err)
	}
	subjects := cfg.Subjects
	if _, err := n.JS.Publish(ctx, subjects.Lead(), []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	before := streamInfo(t, n.JS, cfg.Names().In)

	if err := consumers.EnsureStreams(ctx, n.JS, cfg); err != nil {
		t.Fatalf("second EnsureStreams: %v", err)
	}
	after := streamInfo(t, n.JS, cfg.Names().In)
	if !after.Created.Equal(before.Created) || after.State.Msgs != 1 {
		t.Errorf("second EnsureStreams recreated the stream or lost messages: created %v→%v, msgs %d",
			before.Created, after.Created, after.State.Msgs)
	}
	assertNoDrift(t, n.JS, cfg)
}

func TestEnsureStreamsFromInstancesStartingTogether(t *testing.T) {
	n := testbench.NATS(t)
	ctx := testContext(t)
	cfg := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
	const instances = 4
	errs := make(chan error, instances)
	for range instances {
		js, err := jetstream.New(n.Connect(t)) // an instance's own connection
		if err != nil {
			t.Fatal(err)
		}
		go func() { errs <- consumers.EnsureStreams(ctx, js, cfg) }()
	}
	for range instances {
		if err := <-errs; err != nil {
			t.Errorf("EnsureStreams: %v", err)
		}
	}
	assertNoDrift(t, n.JS, cfg)
}

func TestEnsureStreamsAppliesChangedLimits(t *testing.T) {
	n := testbench.NATS(t)
	ctx := testContext(t)
	old := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
	if err := consumers.EnsureStreams(ctx, n.JS, old); err != nil {
		t.Fatal(err)
	}
	changed := old
	changed.Out = consumers.StreamLimits{MaxAge: 48 * time.Hour, MaxBytes: 64 << 20, Duplicates: 30 * time.Minute}
	if err := consumers.EnsureStreams(ctx, n.JS, changed); err != nil {
		t.Fatal(err)
	}
	assertNoDrift(t, n.JS, changed)
	drifts, err := consumers.CheckStreams(ctx, n.JS, old)
	if err != nil {
		t.Fatal(err)
	}
	if got := fieldsOf(t, drifts, old.Names().Out); !slices.Equal(got, []string{"max_age", "max_bytes", "duplicate_window"}) {
		t.Errorf("drift against the old config: fields %v, want [max_age max_bytes duplicate_window]", got)
	}
}

func TestCheckStreamsReportsDrift(t *testing.T) {
	tests := []struct {
		name   string
		change func(jetstream.StreamConfig) jetstream.StreamConfig
		want   []consumers.Drift // of the input stream
	}{
		{"max age changed by hand", func(c jetstream.StreamConfig) jetstream.StreamConfig {
			c.MaxAge = time.Hour
			return c
		}, []consumers.Drift{{Field: "max_age", Want: "168h0m0s", Got: "1h0m0s"}}},
		{"discard policy changed by hand", func(c jetstream.StreamConfig) jetstream.StreamConfig {
			c.Discard = jetstream.DiscardOld
			return c
		}, []consumers.Drift{{Field: "discard", Want: "DiscardNew", Got: "DiscardOld"}}},
		{"duplicates window and size changed by hand", func(c jetstream.StreamConfig) jetstream.StreamConfig {
			c.Duplicates, c.MaxBytes = time.Second, 1<<20
			return c
		}, []consumers.Drift{
			{Field: "max_bytes", Want: "1073741824", Got: "1048576"},
			{Field: "duplicate_window", Want: "2m0s", Got: "1s"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := testbench.NATS(t)
			ctx := testContext(t)
			cfg := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
			if err := consumers.EnsureStreams(ctx, n.JS, cfg); err != nil {
				t.Fatal(err)
			}
			in := cfg.Names().In
			if _, err := n.JS.UpdateStream(ctx, tt.change(streamConfig(t, n.JS, in))); err != nil {
				t.Fatal(err)
			}
			drifts, err := consumers.CheckStreams(ctx, n.JS, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				tt.want[i].Stream = in
			}
			if !slices.Equal(drifts, tt.want) {
				t.Errorf("CheckStreams = %v, want %v", drifts, tt.want)
			}
			if err := consumers.EnsureStreams(ctx, n.JS, cfg); err != nil {
				t.Fatal(err)
			}
			assertNoDrift(t, n.JS, cfg) // EnsureStreams repairs the drift
		})
	}
}

func TestCheckStreamsReportsMissingStreams(t *testing.T) {
	n := testbench.NATS(t)
	cfg := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
	drifts, err := consumers.CheckStreams(testContext(t), n.JS, cfg)
	if err != nil {
		t.Fatal(err)
	}
	names := cfg.Names()
	var got []string
	for _, d := range drifts {
		if d.Field != "stream" || d.Got != "missing" {
			t.Errorf("unexpected drift %v", d)
		}
		got = append(got, d.Stream)
	}
	if want := []string{names.In, names.Out, names.DLQ}; !slices.Equal(got, want) {
		t.Errorf("missing streams %v, want %v", got, want)
	}
}

func TestEnsureStreamsRefusesStreamsItCannotOwn(t *testing.T) {
	tests := []struct {
		name    string
		foreign func(consumers.StreamsConfig) jetstream.StreamConfig
		wantIs  error // nil: any error
	}{
		{"stream of the same name with other subjects", func(c consumers.StreamsConfig) jetstream.StreamConfig {
			return jetstream.StreamConfig{Name: c.Names().In, Subjects: []string{c.Subjects.Prefix + ".other.>"}}
		}, consumers.ErrStreamConflict},
		{"memory stream of the same name", func(c consumers.StreamsConfig) jetstream.StreamConfig {
			return jetstream.StreamConfig{Name: c.Names().DLQ, Subjects: []string{c.Subjects.DLQAll()}, Storage: jetstream.MemoryStorage}
		}, nil},
		{"another stream already takes the subjects", func(c consumers.StreamsConfig) jetstream.StreamConfig {
			return jetstream.StreamConfig{Name: c.Names().Out + "_LEGACY", Subjects: []string{c.Subjects.Out()}}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := testbench.NATS(t)
			ctx := testContext(t)
			cfg := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
			foreign := tt.foreign(cfg)
			if _, err := n.JS.CreateStream(ctx, foreign); err != nil {
				t.Fatal(err)
			}
			err := consumers.EnsureStreams(ctx, n.JS, cfg)
			if err == nil || (tt.wantIs != nil && !errors.Is(err, tt.wantIs)) {
				t.Fatalf("EnsureStreams = %v, want an error (%v)", err, tt.wantIs)
			}
			if got := streamConfig(t, n.JS, foreign.Name); !slices.Equal(got.Subjects, foreign.Subjects) || got.Storage != foreign.Storage {
				t.Errorf("EnsureStreams changed the foreign stream %s: %+v", foreign.Name, got)
			}
		})
	}
}

func TestEnsureStreamsKeepsPrefixesApart(t *testing.T) {
	n := testbench.NATS(t)
	ctx := testContext(t)
	a := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix}}
	b := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: n.Prefix + ".eu"}}
	for _, cfg := range []consumers.StreamsConfig{a, b} {
		if err := consumers.EnsureStreams(ctx, n.JS, cfg); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := n.JS.Publish(ctx, b.Subjects.Usage(), []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if got := streamInfo(t, n.JS, a.Names().In).State.Msgs; got != 0 {
		t.Errorf("%s holds %d messages published under another prefix", a.Names().In, got)
	}
	if got := streamInfo(t, n.JS, b.Names().In).State.Msgs; got != 1 {
		t.Errorf("%s holds %d messages, want 1", b.Names().In, got)
	}
	assertNoDrift(t, n.JS, a)
	assertNoDrift(t, n.JS, b)
}

func TestInputStreamDropsDuplicatesAndRefusesWhenFull(t *testing.T) {
	n := testbench.NATS(t)
	ctx := testContext(t)
	cfg := consumers.StreamsConfig{
		Subjects: events.Subjects{Prefix: n.Prefix},
		In:       consumers.StreamLimits{MaxBytes: 4 << 10},
	}
	if err := consumers.EnsureStreams(ctx, n.JS, cfg); err != nil {
		t.Fatal(err)
	}
	lead := cfg.Subjects.Lead()
	first, err := n.JS.Publish(ctx, lead, []byte("first"), jetstream.WithMsgID("src/1"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := n.JS.Publish(ctx, lead, []byte("first"), jetstream.WithMsgID("src/1"))
	if err != nil {
		t.Fatal(err)
	}
	if first.Duplicate || !again.Duplicate || again.Sequence != first.Sequence {
		t.Fatalf("re-publish of Nats-Msg-Id src/1: first %+v, again %+v; want the second a duplicate", first, again)
	}

	// Fill the 4 KiB stream: the publish that does not fit is refused and
	// the first message is still there (DiscardNew).
	var refused error
	for i := 0; i < 16 && refused == nil; i++ {
		_, refused = n.JS.PublishMsg(ctx, &nats.Msg{Subject: lead, Data: make([]byte, 1000)})
	}
	if refused == nil {
		t.Fatal("a full input stream accepted every publish")
	}
	in, err := n.JS.Stream(ctx, cfg.Names().In)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.GetMsg(ctx, first.Sequence); err != nil {
		t.Errorf("the first message is gone from the full input stream: %v", err)
	}
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func streamInfo(t *testing.T, js jetstream.JetStream, name string) *jetstream.StreamInfo {
	t.Helper()
	s, err := js.Stream(testContext(t), name)
	if err != nil {
		t.Fatalf("stream %s: %v", name, err)
	}
	return s.CachedInfo()
}

func streamConfig(t *testing.T, js jetstream.JetStream, name string) jetstream.StreamConfig {
	t.Helper()
	return streamInfo(t, js, name).Config
}

func assertNoDrift(t *testing.T, js jetstream.JetStream, cfg consumers.StreamsConfig) {
	t.Helper()
	drifts, err := consumers.CheckStreams(testContext(t), js, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drifts {
		t.Errorf("drift: %v", d)
	}
}

// fieldsOf returns the drifting fields, all of which must be of stream.
func fieldsOf(t *testing.T, drifts []consumers.Drift, stream string) []string {
	t.Helper()
	var fields []string
	for _, d := range drifts {
		if d.Stream != stream {
			t.Errorf("unexpected drift %v", d)
		}
		fields = append(fields, d.Field)
	}
	return fields
}
