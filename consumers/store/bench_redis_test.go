package store

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisMeter reads a Redis server's CPU time and command counts, so that a
// benchmark can report what its operations cost Redis as well as the client.
type redisMeter struct {
	rdb        *redis.Client
	cpu        float64 // seconds, user + system, all threads
	calls      int64   // commands run, those called by scripts included
	evalUsec   int64   // µs spent in EVALSHA and EVAL, their inner commands included
	evalCalls  int64
	otherUsecs int64
}

// redisSample reads INFO cpu and commandstats.
func redisSample(tb testing.TB, rdb *redis.Client) redisMeter {
	tb.Helper()
	info, err := rdb.Info(context.Background(), "cpu", "commandstats").Result()
	if err != nil {
		tb.Fatal(err)
	}
	m := redisMeter{rdb: rdb}
	for line := range strings.SplitSeq(info, "\r\n") {
		name, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch {
		case name == "used_cpu_user" || name == "used_cpu_sys":
			f, _ := strconv.ParseFloat(val, 64)
			m.cpu += f
		case strings.HasPrefix(name, "cmdstat_"):
			var calls, usec int64
			for field := range strings.SplitSeq(val, ",") {
				k, v, _ := strings.Cut(field, "=")
				n, _ := strconv.ParseInt(v, 10, 64)
				switch k {
				case "calls":
					calls = n
				case "usec":
					usec = n
				}
			}
			if name == "cmdstat_info" {
				continue
			}
			m.calls += calls
			if name == "cmdstat_evalsha" || name == "cmdstat_eval" {
				m.evalUsec += usec
				m.evalCalls += calls
			} else {
				m.otherUsecs += usec
			}
		}
	}
	return m
}

// startRedisMeter samples Redis now; its report, called when the benchmark
// loop is done, adds the Redis costs per unit of work (n units per op).
func startRedisMeter(b *testing.B, rdb *redis.Client, unit string, n int) func() {
	b.Helper()
	before := redisSample(b, rdb)
	return func() {
		after := redisSample(b, rdb)
		units := float64(b.N * n)
		b.ReportMetric((after.cpu-before.cpu)*1e6/units, "redis-µs/"+unit)
		b.ReportMetric(float64(after.calls-before.calls)/units, "redis-cmds/"+unit)
		if calls := after.evalCalls - before.evalCalls; calls > 0 {
			b.ReportMetric(float64(after.evalUsec-before.evalUsec)/float64(calls), "evalsha-µs/call")
		}
	}
}

// BenchmarkBatchEvents is the store's work for the events of a pipeline:
// batches of 16 events of distinct accounts (among 4,096), each loaded with
// its event check (LoadBatch) and committed with a new event key
// (CommitBatch); one event in ten sets a re-check timer and one in sixteen
// appends an outbox entry, acknowledged after the commit. Besides the
// client's cost per batch it reports Redis's CPU and commands per event.
func BenchmarkBatchEvents(b *testing.B) {
	const batch, accounts = 16, 4096
	s, rdb, _ := newTestStore(b, Options{})
	ctx := context.Background()
	names := make([]string, accounts)
	for i := range names {
		names[i] = fmt.Sprintf("acct%04d.example", i)
	}
	msg := bytes.Repeat([]byte("m"), 600)
	loads := make([]LoadRequest, batch)
	commits := make([]CommitRequest, batch)
	var seq int
	b.ReportAllocs()
	report := startRedisMeter(b, rdb, "event", batch)
	start, cpu0 := time.Now(), processCPU(b)
	for b.Loop() {
		for k := range loads {
			a := (seq + k*(accounts/batch)) % accounts
			loads[k] = LoadRequest{Account: names[a], EventKey: "src/" + strconv.Itoa(seq*batch+k)}
		}
		for k, r := range s.LoadBatch(ctx, loads) {
			if r.Err != nil || r.Snapshot.Applied {
				b.Fatalf("load: %+v", r)
			}
			c := Commit{Version: r.Snapshot.Version, State: benchState, EventKey: loads[k].EventKey}
			if (seq*batch+k)%10 == 0 {
				c.NextCheck = t0
			}
			if (seq*batch+k)%16 == 0 {
				c.Outbox = []OutboxEntry{{ID: "o" + loads[k].EventKey, Msg: msg}}
			}
			commits[k] = CommitRequest{Account: loads[k].Account, Commit: c}
		}
		for k, err := range s.CommitBatch(ctx, commits) {
			if err != nil {
				b.Fatalf("commit %d: %v", k, err)
			}
			if o := commits[k].Commit.Outbox; len(o) > 0 {
				if err := s.Ack(ctx, commits[k].Account, o[0].ID); err != nil {
					b.Fatal(err)
				}
			}
		}
		seq++
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*batch), "ns/event")
	b.ReportMetric(float64(processCPU(b)-cpu0)/1e3/float64(b.N*batch), "client-cpu-µs/event")
	report()
}

// processCPU is this process's CPU time so far (user + system, all threads),
// which, unlike the wall time, does not count the time waiting for Redis or
// taken by other processes of a busy machine.
func processCPU(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
