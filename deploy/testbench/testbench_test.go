package testbench_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"

	"github.com/leadq/leadq/deploy/embedded"
	"github.com/leadq/leadq/deploy/testbench"
)

func TestNATSServesJetStreamAcrossRestart(t *testing.T) {
	n := testbench.NATS(t)
	if n.Server() == nil {
		t.Skip("the NATS server is not embedded: it cannot be restarted")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	subject := n.Prefix + ".bench.x"
	if _, err := n.JS.CreateStream(ctx, jetstream.StreamConfig{Name: "BENCH", Subjects: []string{subject}}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.JS.Publish(ctx, subject, []byte("before")); err != nil {
		t.Fatal(err)
	}

	n.Restart(t)

	// The test's connection reconnects by itself; until JetStream is back a
	// publish may fail, so retry until the deadline.
	for {
		_, err := n.JS.Publish(ctx, subject, []byte("after"))
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("publishing after restart: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	s, err := n.JS.Stream(ctx, "BENCH")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.CachedInfo().State.Msgs; got != 2 {
		t.Errorf("stream has %d messages after restart, want 2", got)
	}
}

func TestRedisAnswers(t *testing.T) {
	r := testbench.Redis(t)
	rdb := r.Client(t)
	ctx := context.Background()
	if err := rdb.Set(ctx, r.Prefix+"k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if got, err := rdb.Get(ctx, r.Prefix+"k").Result(); err != nil || got != "v" {
		t.Fatalf("GET = %q, %v; want v", got, err)
	}
}

func TestRedisProcessRestarts(t *testing.T) {
	tests := []struct {
		name     string
		opts     embedded.RedisOptions
		down     func(*testbench.RedisServer, testing.TB)
		wantKept bool
	}{
		{"stop keeps data", embedded.RedisOptions{}, (*testbench.RedisServer).Stop, true},
		{"kill loses unsaved data", embedded.RedisOptions{}, (*testbench.RedisServer).Kill, false},
		{"kill keeps append-only data", embedded.RedisOptions{AppendOnly: true}, (*testbench.RedisServer).Kill, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testbench.RedisProcess(t, tt.opts)
			rdb := r.Client(t)
			ctx := context.Background()
			if err := rdb.Set(ctx, r.Prefix+"k", "v", 0).Err(); err != nil {
				t.Fatal(err)
			}
			tt.down(r, t)
			if conn, err := net.Dial("tcp", rdb.Options().Addr); err == nil {
				conn.Close()
				t.Fatal("the server accepts connections while it is down")
			}
			r.Start(t)
			got, err := rdb.Get(ctx, r.Prefix+"k").Result()
			switch {
			case tt.wantKept && (err != nil || got != "v"):
				t.Errorf("GET after restart = %q, %v; want v", got, err)
			case !tt.wantKept && err != redis.Nil:
				t.Errorf("GET after restart = %q, %v; want no key", got, err)
			}
		})
	}
}
