package store

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leadq/leadq/deploy/embedded"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/redis/go-redis/v9"
)

// startCluster starts a Redis Cluster of three masters (redis-server child
// processes, killed in t.Cleanup), the 16384 slots split between them, and
// returns a cluster client. In cluster mode Redis refuses a script whose
// keys are in more than one slot, which is what this checks.
func startCluster(t *testing.T) *redis.ClusterClient {
	t.Helper()
	bin := testbench.RedisBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var nodes []*redis.Client
	var addrs []string
	for i := range 3 {
		bus := freePort(t) // not the default port+10000, which may be out of range
		p, err := embedded.StartRedisProcess(ctx, embedded.RedisOptions{Binary: bin, Dir: t.TempDir(),
			Args: []string{"--cluster-enabled", "yes", "--cluster-port", strconv.Itoa(bus)}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = p.Kill() })
		n := redis.NewClient(&redis.Options{Addr: p.Addr()})
		t.Cleanup(func() { _ = n.Close() })
		lo, hi := i*16384/3, (i+1)*16384/3-1
		if err := n.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", lo, hi).Err(); err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			host, port, _ := net.SplitHostPort(p.Addr())
			if err := nodes[0].Do(ctx, "CLUSTER", "MEET", host, port, bus).Err(); err != nil {
				t.Fatal(err)
			}
		}
		nodes, addrs = append(nodes, n), append(addrs, p.Addr())
	}
	for _, n := range nodes {
		waitClusterOK(t, ctx, n)
	}
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func waitClusterOK(t *testing.T, ctx context.Context, n *redis.Client) {
	t.Helper()
	for {
		info, err := n.ClusterInfo(ctx).Result()
		if err == nil && strings.Contains(info, "cluster_state:ok") && strings.Contains(info, "cluster_known_nodes:3") {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("cluster not ok: %v %q", err, info)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestCluster runs every operation on a real three-master Redis Cluster,
// over accounts spread across the nodes, then SCRIPT FLUSH on every node.
func TestCluster(t *testing.T) {
	c := startCluster(t)
	s, err := New(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	run := func(round int) {
		for i := range 12 {
			acct := fmt.Sprintf("acct%d.io", i)
			exercise(t, s, acct, int64(round), t0.Add(time.Duration(round*12+i)*time.Second))
		}
	}
	run(0)
	if err := c.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error {
		return n.ScriptFlush(ctx).Err()
	}); err != nil {
		t.Fatal(err)
	}
	run(1)
	if err := incrementLoop(s, 0, 20); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Stats(ctx); err != nil || st.Outboxes != 0 || st.Timers != 0 {
		t.Fatalf("stats %+v, %v: want no outbox and no timer left", st, err)
	}
}
