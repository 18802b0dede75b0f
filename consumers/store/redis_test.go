package store

import (
	"testing"

	"github.com/leadq/leadq/deploy/testbench"
	"github.com/redis/go-redis/v9"
)

// newTestStore returns a Store on a real Redis of the test bench (a
// redis-server of the test's own, unless LEADQ_TEST_REDIS_URL names a shared
// one) and a client for inspection. opts.Prefix is appended to the bench's
// key prefix, so every key is cleaned up on a shared server.
func newTestStore(t testing.TB, opts Options) (*Store, *redis.Client, *testbench.RedisServer) {
	t.Helper()
	r := testbench.Redis(t)
	rdb := r.Client(t)
	opts.Prefix = r.Prefix + opts.Prefix
	s, err := New(rdb, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, rdb, r
}

// withPrefix returns a Store on the same Redis as s, with the keys of its own
// under s's prefix.
func withPrefix(t testing.TB, s *Store, prefix string) *Store {
	t.Helper()
	o := s.opts
	o.Prefix += prefix
	other, err := New(s.rdb, o)
	if err != nil {
		t.Fatal(err)
	}
	return other
}
