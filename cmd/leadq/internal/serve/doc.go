// Package serve is `leadq serve`: the qualification pipeline run against
// NATS JetStream and Redis until a signal stops it, with configuration
// reloads on SIGHUP and the health, readiness and metrics endpoints.
package serve
