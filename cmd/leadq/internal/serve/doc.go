// Package serve is `leadq serve`: the qualification pipeline run against
// NATS JetStream and Redis until a signal stops it. It runs the active
// configuration version of the bucket LEADQ_CONFIG (package versions) and
// follows it with a watch (watch.go), waiting while none is active; with
// --config it pushes and activates its file at start and on SIGHUP
// (file.go). It serves the health, readiness and metrics endpoints.
package serve
