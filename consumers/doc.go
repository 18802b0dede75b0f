// Package consumers is leadq's pipeline: a durable JetStream pull consumer
// on the input stream, the per-event path decode → load the account from
// Redis → qualify.Apply → Evaluate → Transitions → route → one atomic commit
// (state, applied marker, outbox, re-check instant) → publish the outbox
// with Nats-Msg-Id → acknowledge the input; the re-check scheduler (README, Scoring);
// and a sweeper for outboxes left behind by a crash.
//
// # Guarantees (README, Guarantees)
//
// An input is acknowledged only after its outputs are in the output stream.
// A crash at any point leaves either an uncommitted input (redelivered and
// applied as new) or a committed one whose outbox is still in Redis
// (redelivered, found applied, its outbox flushed; or flushed by the
// sweeper). Outputs carry deterministic ids as Nats-Msg-Id, so a re-publish
// within the stream's duplicate window is dropped. Commits are
// compare-and-set on the account version, so instances never overwrite one
// another; a conflict reloads and recomputes.
//
// # Concurrency
//
// Inputs are decoded in delivery order on the Consume callback, then
// sharded by account (FNV hash) to Config.Workers goroutines: one account's
// inputs are processed in delivery order by one goroutine of an instance. Channels are bounded; MaxAckPending bounds
// the inputs in flight. Config.Workers (default two per CPU) sets the
// parallelism of compute and Redis round trips. A worker takes what is queued in its shard, up to 32 inputs of
// distinct accounts, and loads them in one pipelined round trip and commits
// them in another (store.LoadBatch, CommitBatch); anything off the plain
// path (applied, conflict, error) is handled on its own by handle.
//
// # Acknowledgement
//
// finish is the only function that acks, naks or terms an input: nil → Ack;
// bad input (*events.Rejection) → dead letter then Term; anything else →
// NakWithDelay with Config.Backoff by delivery count, or poison dead letter
// after MaxDeliveries failed deliveries while Redis answers. An account
// state of a newer format version than this release reads (package
// statefmt, Versioning rule) is never poison: the input is retried until an
// instance of the newer release takes it.
//
// # Streams
//
// The caller creates the streams (EnsureStreams) before Run; Run creates or
// updates the durable consumer (Config.Durable) on the stream holding
// Subjects.In(), and creates it again if it is deleted while running.
package consumers
