// Package store keeps leadq's account state in Redis: the encoded account
// with a version for optimistic concurrency, the applied-event markers that
// make input effectively-once, a per-account outbox of messages to publish,
// the re-check timers (README, Scoring) and the round-robin turns of the routing
// queues. Every update is one Lua script (loaded at New, run with EVALSHA,
// falling back to EVAL after SCRIPT FLUSH or a restart) on the keys of one
// hash slot, so the store runs unchanged on Redis Cluster.
//
// # Keys
//
// With prefix P (default "leadq:"), an account A owns, all tagged {A}:
//
//	P{A}:s   string  "<version>:<next check unix ms, 0 = none>:<state bytes>"
//	P{A}:o   hash    outbox entry id -> message
//	P{A}:q   list    outbox entry ids in commit order
//	P{A}:e   zset    applied event key digest -> expiry (unix ms); expires with its newest member
//
// Global keys, each with companions "K:x{K}", which hash like K:
//
//	P timers                   zset    account -> due instant, or lease expiry while claimed (unix ms)
//	P timers:claims{P timers}  hash    account -> "token:lease:at" of the current claim
//	P timers:pending{P timers} hash    account -> "due:version", the earliest proposed due and highest proposing version since the last Done
//	P timers:seq{P timers}     string  claim counter
//	P outboxes                 zset    account -> when indexed (unix ms): accounts that may have a pending outbox
//	P outboxes:gen{P outboxes} hash    account -> "version:ms", highest state version that proposed it, and when
//	P rr:{Q}                   string  turn counter of queue Q
//	P rr:{Q}:t:<id>            string  turn taken by transition id (expires after the applied TTL)
//
// Memory decides two choices (measured on Redis 7.0: an account of 600 state
// bytes and 35 applied events takes about 2.3 KiB, 8.7 KiB before them).
// Applied markers are 8-byte SHA-256 digests of the event key in one sorted
// set per account rather than one key each: Redis 7.0 has no per-field hash
// expiry (HEXPIRE came in 7.4), a key costs around a hundred bytes, and short
// members keep the set in the compact listpack encoding (about 23 bytes per
// event; 35 markers take 816 bytes, 1,080 with 16-byte digests). Expired
// members no longer count and are pruned by every commit of a version
// multiple of 16 (a prune on every commit cost Redis more than the members
// it saves), so a set holds at most 15 commits' worth of them beyond the
// live ones. The version and next check share one string with the state: a
// hash with a value over 64 bytes leaves the compact encoding and costs some
// 300 bytes more.
//
// # Clocks
//
// Applied markers are stamped and checked with the clock of the leadq host
// that commits or loads (commit.lua takes "now" as an argument rather than
// calling TIME, one call fewer per commit; LoadBatch compares on its host
// too), while the set's own expiry runs on Redis's clock. The AppliedTTL
// therefore holds give or take the clock skew between hosts, which is
// assumed small next to it (NTP-synchronised hosts; the TTL is days).
// Timer and index scores use Redis's clock (index_add, index_tidy) or the
// caller's (ClaimDue's now) as documented on each.
//
// # Invariants
//
//  1. Commit writes an account only if its version is the expected one and
//     the event key is not applied; it then bumps the version, marks the key
//     and appends the outbox in the same script: an event is applied at most
//     once per AppliedTTL (see Clocks), and concurrent updates never
//     overwrite each other. The script marks the event first (ZADD NX: one
//     call in the common case) and removes that new marker again on a
//     version conflict, so a failed commit leaves no marker behind.
//  2. Outbox entries keep their commit order and leave only through Ack.
//  3. An account with a pending outbox is in the outboxes index. Commit
//     proposes it in the pipeline before the commit script (Redis runs one
//     connection's commands in order); Ack removes it only if the outbox was
//     empty at a version no recent (one minute) proposal exceeds. A failed
//     commit's proposal leaves a stale entry at worst, which the sweeper
//     tidies. (On a cluster the two slots may be on two nodes, with no order
//     between them: invariant 6 covers a proposal lost there.)
//  4. The timer of an account is never later than its stored NextCheck,
//     except while claimed (then by at most the lease). Commit's timer
//     proposal, in the same round trip but another slot, can only lower a
//     timer (ZADD LT), never remove one; a proposal from a commit that failed
//     (conflict, applied, error) therefore causes at most an early re-check
//     that finds nothing to do. Timers move later or disappear only through
//     Done, by the instance holding the claim, which read the state: Done
//     merges every proposal of a version it did not read.
//  5. A claim hides the account from other claimers until its lease expires
//     (the score moves to the lease expiry), so two instances never hold the
//     same due instant at once, and a claimer that crashed delays the
//     re-check by the lease at most. Each claim gets a token never given
//     before (a counter, paired with the lease expiry should Redis lose the
//     counter) and Done is a compare-and-set on it: a claim that expired
//     cannot finish over its successor.
//  6. The timer and index proposals of a commit whose reply was lost are
//     re-asserted when its event is redelivered: Load of an applied event
//     key proposes them again from the stored state (idempotent).
//  7. NextTurn gives each transition id one turn, however often it is asked.
//
// # Use
//
// Per input event:
//
//	Load(account, eventKey) -> Applied: publish Outbox, Ack, acknowledge the input
//	otherwise compute -> Commit(Version, State, EventKey, Outbox, NextCheck)
//	  ErrConflict: Load again and recompute; ErrApplied: as Applied above
//	  other error: outcome unknown, do not acknowledge (the redelivery sorts it out)
//	publish the outbox -> Ack(ids) -> acknowledge the input
//
// Per re-check: ClaimDue -> Load(account, "") -> publish and Ack any Outbox
// (left by a crash) -> if NextCheck is zero or still ahead, Done(due,
// Version, NextCheck) (the timer was early); otherwise evaluate as of
// NextCheck, Commit with EventKey "" (ErrConflict: Load again), publish, Ack,
// then Done(due, Version+1, the new NextCheck). Done reporting false means
// another instance owns the account now; nothing to undo.
//
// A sweeper lists PendingOutboxesBefore(now - grace), publishes and Acks
// each account's Outbox, and calls Ack(account) when it finds one empty.
// Publishing twice is harmless: the outbox entry id is the Nats-Msg-Id.
//
// A job over every account (a dry run of a new configuration, a re-score)
// walks them with Scan, or page by page with ScanPage from a ScanCursor it
// can keep and resume from: SCAN MATCH P{*}:s on each primary, then the
// states in one pipeline, two round trips per page. The snapshots it reads
// are not locked: an update computed from one commits through Commit's
// version check like any other.
package store
