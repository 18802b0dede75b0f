// Package testbench gives tests the real servers leadq runs against: a
// JetStream nats-server ([NATS]) and a Redis ([Redis], [RedisProcess]), each
// private to the test and torn down with t.Cleanup.
//
// Where the servers come from, in order:
//
//   - NATS: LEADQ_TEST_NATS_URL when set (a shared server: the test gets a
//     unique subject prefix and its streams are deleted afterwards);
//     else a nats-server in a container when LEADQ_TEST_NATS=docker and a
//     Docker engine answers; else an embedded nats-server with JetStream on a
//     random port, its store in t.TempDir().
//   - Redis: LEADQ_TEST_REDIS_URL when set (a shared server: the test gets a
//     unique key prefix whose keys are deleted afterwards); else a redis
//     container (testcontainers-go) when a Docker engine answers and
//     LEADQ_TEST_DOCKER is not 0; else a redis-server child process from PATH
//     on a free port, its data in t.TempDir().
//
// When no Redis can be had the test is skipped with the command that installs
// one — or fails with it when CI is true or LEADQ_REQUIRE_REDIS=1, so that CI
// never passes by skipping. Reading the environment here, rather than in cmd,
// is deliberate: these knobs belong to the test run, not to leadq.
//
// Servers can be stopped and started again in the middle of a test (same
// port, same data) to test recovery: [NATSServer.Restart],
// [RedisServer.Stop], [RedisServer.Start], [RedisServer.Kill].
package testbench
