// Package deploy holds how leadq runs outside the Go toolchain:
//
//   - leadq.yaml, the example configuration, embedded as ExampleConfig for
//     `leadq demo` and mounted by docker-compose.yaml;
//   - docker-compose.yaml: NATS with JetStream, Redis with an append-only file
//     and two leadq instances, with the server configurations it mounts,
//     nats/nats-server.conf and redis/redis.conf;
//   - Dockerfile: the leadq image (a static binary on distroless), whose
//     health probe is the healthcheck command.
//
// Its tests start nats-server and redis-server with those configuration
// files, check the compose wiring and the example configuration. The
// sub-packages embedded and testbench start servers for the demo and the
// tests.
package deploy
