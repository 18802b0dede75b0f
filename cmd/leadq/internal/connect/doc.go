// Package connect reaches the servers the leadq commands work with: NATS
// (authentication, TLS, reconnection), Redis, and leadq's JetStream streams,
// with the start-up of the operator commands (publish, tail, dlq) and the
// read-only reading of a stream that tail and dlq share.
package connect
