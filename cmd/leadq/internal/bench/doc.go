// Package bench is `leadq bench`: it measures the pipeline of leadq serve on
// this machine (throughput, publish-to-output latency, CPU and Redis work per
// event, memory per account), against the plumbing limit with --baseline and
// over account counts with --curve. Its NATS server runs in a child leadq
// process, `leadq bench-nats-server`, so that it is measured apart.
package bench
