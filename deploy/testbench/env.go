package testbench

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"testing"
)

// Environment variables read by the test bench.
const (
	EnvNATSURL      = "LEADQ_TEST_NATS_URL"  // use this NATS server instead of an embedded one
	EnvNATS         = "LEADQ_TEST_NATS"      // "docker": run nats-server in a container
	EnvRedisURL     = "LEADQ_TEST_REDIS_URL" // use this Redis instead of starting one
	EnvDocker       = "LEADQ_TEST_DOCKER"    // "0": never try Docker
	EnvRequireRedis = "LEADQ_REQUIRE_REDIS"  // "1": no Redis is a failure, not a skip
	EnvCI           = "CI"                   // true under CI: same as LEADQ_REQUIRE_REDIS=1
)

// MissingRedis is the message of a test that cannot get a Redis.
const MissingRedis = "redis-server not found: install it with `apt-get install -y redis-server` (or set " + EnvRedisURL + ")"

// Required reports whether a missing server must fail the test rather than
// skip it: under CI (CI=true) or with LEADQ_REQUIRE_REDIS=1.
func Required() bool {
	ci, _ := strconv.ParseBool(os.Getenv(EnvCI))
	return ci || os.Getenv(EnvRequireRedis) == "1"
}

// unavailable ends a test that cannot get a server: t.Fatal when [Required],
// else t.Skip.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if Required() {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

// uniqueToken returns a random lower-case token, unique per test, usable in a
// NATS subject, a stream name and a Redis key.
func uniqueToken(t testing.TB) string {
	t.Helper()
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("testbench: random token: %v", err)
	}
	return hex.EncodeToString(b)
}
