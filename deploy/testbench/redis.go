package testbench

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/leadq/leadq/deploy/embedded"
)

// DefaultKeyPrefix is the key prefix a test gets on a Redis of its own.
const DefaultKeyPrefix = "leadq:"

// RedisServer is a Redis for one test.
type RedisServer struct {
	// URL is the server's URL, for redis.ParseURL.
	URL string
	// Prefix is the key prefix the test must use: DefaultKeyPrefix on a
	// server of its own, a unique one on a shared server (LEADQ_TEST_REDIS_URL),
	// whose keys are deleted in t.Cleanup.
	Prefix string

	proc *embedded.RedisProcess // nil unless a child process
}

// Redis returns a Redis for the test; see the package doc for where it comes
// from. It skips or fails the test (see [Required]) when none can be had.
func Redis(t testing.TB) *RedisServer {
	t.Helper()
	switch {
	case os.Getenv(EnvRedisURL) != "":
		return sharedRedis(t, os.Getenv(EnvRedisURL))
	case DockerAvailable():
		return &RedisServer{URL: redisContainer(t), Prefix: DefaultKeyPrefix}
	default:
		return RedisProcess(t, embedded.RedisOptions{})
	}
}

// RedisProcess starts a redis-server child process for the test, whatever the
// environment says, so that it can be stopped, killed and started again. An
// empty opts.Dir is a t.TempDir(). The process is killed in t.Cleanup.
func RedisProcess(t testing.TB, opts embedded.RedisOptions) *RedisServer {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	opts.Binary = RedisBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := embedded.StartRedisProcess(ctx, opts)
	if err != nil {
		t.Fatalf("testbench: %v", err)
	}
	t.Cleanup(func() {
		if err := p.Kill(); err != nil {
			t.Errorf("testbench: %v", err)
		}
	})
	t.Logf("testbench: redis-server %s on port %d", redisBin.version, p.Port())
	return &RedisServer{URL: p.URL(), Prefix: DefaultKeyPrefix, proc: p}
}

var redisBin struct {
	once          sync.Once
	path, version string
	err           error
}

// RedisBinary returns the path of redis-server from PATH; when there is none
// it skips or fails the test (see [Required]) with [MissingRedis].
func RedisBinary(t testing.TB) string {
	t.Helper()
	redisBin.once.Do(func() {
		redisBin.path, redisBin.err = exec.LookPath("redis-server")
		if redisBin.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if redisBin.version, redisBin.err = embedded.RedisVersion(ctx, redisBin.path); redisBin.err != nil {
			redisBin.version = "(unknown version)"
			redisBin.err = nil
		}
	})
	if redisBin.err != nil {
		unavailable(t, "%s (%v)", MissingRedis, redisBin.err)
	}
	return redisBin.path
}
