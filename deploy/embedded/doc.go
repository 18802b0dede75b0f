// Package embedded starts the servers leadq talks to inside or beside the
// current process: a JetStream-enabled nats-server linked into the binary
// ([StartNATS]) and a real redis-server child process started from PATH
// ([StartRedis], [StartRedisProcess]).
//
// # What the leadq binary links, and why
//
// The released leadq binary links this package, and with it the whole of
// github.com/nats-io/nats-server/v2, for two commands only: `leadq demo`,
// which runs the pipeline on an embedded JetStream server so that a newcomer
// needs nothing but Go, and `leadq bench`, which measures it on one (in the
// process, or in a child leadq process so that the server's CPU is measured
// apart). This is most of the binary's size. `leadq serve` and the operator
// commands never start a server: they connect to the NATS and Redis given by
// their flags. Redis is not linked: StartRedis runs the redis-server found in
// PATH as a child process; when there is none, the demo (not this package)
// falls back to an in-memory Redis (github.com/alicebob/miniredis), which is
// therefore linked too. The test bench (package testbench) uses this package
// the same way; testcontainers-go, its Docker path, is linked into tests only.
//
// Nothing here is meant for production: every server listens on the loopback
// interface only and has no authentication.
package embedded
