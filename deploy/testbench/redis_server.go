package testbench

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// sharedRedis uses the Redis at url with a key prefix of the test's own,
// whose keys are deleted in t.Cleanup.
func sharedRedis(t testing.TB, url string) *RedisServer {
	t.Helper()
	r := &RedisServer{URL: url, Prefix: "leadq-t" + uniqueToken(t) + ":"}
	rdb := r.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("testbench: %s=%s does not answer: %v", EnvRedisURL, url, err)
	}
	t.Cleanup(func() { r.deletePrefix(t, rdb) })
	t.Logf("testbench: redis at %s (%s), key prefix %s", url, EnvRedisURL, r.Prefix)
	return r
}

func (r *RedisServer) deletePrefix(t testing.TB, rdb *redis.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	iter := rdb.Scan(ctx, 0, r.Prefix+"*", 500).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Errorf("testbench: scanning keys %s*: %v", r.Prefix, err)
		return
	}
	for len(keys) > 0 {
		n := min(len(keys), 500)
		if err := rdb.Unlink(ctx, keys[:n]...).Err(); err != nil {
			t.Errorf("testbench: deleting keys %s*: %v", r.Prefix, err)
			return
		}
		keys = keys[n:]
	}
}

// Client returns a new client of the server, closed in t.Cleanup.
func (r *RedisServer) Client(t testing.TB) *redis.Client {
	t.Helper()
	opts, err := redis.ParseURL(r.URL)
	if err != nil {
		t.Fatalf("testbench: parsing redis URL %q: %v", r.URL, err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// Stop shuts the server down saving its data, as an operator would; it fails
// the test unless the server came from [RedisProcess] (or [Redis] started one).
func (r *RedisServer) Stop(t testing.TB) {
	t.Helper()
	r.mustProcess(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := r.proc.Stop(ctx); err != nil {
		t.Fatalf("testbench: %v", err)
	}
}

// Kill ends the server with SIGKILL, like a crash: writes since the last
// snapshot are lost unless it was started with AppendOnly.
func (r *RedisServer) Kill(t testing.TB) {
	t.Helper()
	r.mustProcess(t)
	if err := r.proc.Kill(); err != nil {
		t.Fatalf("testbench: %v", err)
	}
}

// Start starts the server again after Stop or Kill, on the same port with the
// same data directory, and waits until it answers.
func (r *RedisServer) Start(t testing.TB) {
	t.Helper()
	r.mustProcess(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := r.proc.Start(ctx); err != nil {
		t.Fatalf("testbench: %v", err)
	}
}

// Restartable reports whether Stop, Kill and Start can be used.
func (r *RedisServer) Restartable() bool { return r.proc != nil }

func (r *RedisServer) mustProcess(t testing.TB) {
	t.Helper()
	if r.proc == nil {
		t.Fatalf("testbench: the redis at %s is not a child process: use testbench.RedisProcess to stop or restart it", r.URL)
	}
}
