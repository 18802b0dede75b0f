// Package embedded starts the servers leadq talks to inside or beside the
// current process: a JetStream-enabled nats-server linked into the binary
// ([StartNATS]) and a real redis-server child process started from PATH
// ([StartRedis], [StartRedisProcess]).
//
// It is used by `leadq demo` and, through package testbench, by the
// pipeline tests. Nothing here is meant for production: every server listens
// on the loopback interface only and has no authentication.
package embedded
