package deploy_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/deploy"
	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/qualify"
	"github.com/leadq/leadq/schemas"
)

func TestExampleConfigIsValid(t *testing.T) {
	check := func(doc any) []qualify.Issue {
		var issues []qualify.Issue
		for _, v := range schemas.Validate("config", doc) {
			issues = append(issues, qualify.Issue{Pointer: v.Pointer, Message: v.Message})
		}
		return issues
	}
	cfg, warnings, err := qualify.LoadConfig(deploy.ExampleConfigName, deploy.ExampleConfig, check)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Errorf("warning: %s", w)
	}
	if len(cfg.ICPs) < 2 || len(cfg.Routing.Queues) < 2 {
		t.Errorf("want an example with several ICPs and queues, got %d and %d", len(cfg.ICPs), len(cfg.Routing.Queues))
	}
}

// TestNATSConfig parses nats/nats-server.conf as nats-server does, checks what
// docker-compose.yaml relies on, then starts a server from it (port and store
// moved for the test) and creates leadq's streams there: their reserved sizes
// must fit the JetStream limits.
func TestNATSConfig(t *testing.T) {
	opts, err := server.ProcessConfigFile(filepath.Join("nats", "nats-server.conf"))
	if err != nil {
		t.Fatalf("nats-server refuses the configuration: %v", err)
	}
	if !opts.JetStream || opts.StoreDir != "/data" || opts.Port != 4222 || opts.HTTPPort != 8222 {
		t.Errorf("jetstream %v, store %q, port %d, monitoring port %d; compose expects true, /data, 4222, 8222",
			opts.JetStream, opts.StoreDir, opts.Port, opts.HTTPPort)
	}
	opts.Port, opts.HTTPPort, opts.StoreDir = -1, -1, t.TempDir()
	opts.NoSigs = true
	srv, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Start()
	t.Cleanup(func() { srv.Shutdown(); srv.WaitForShutdown() })
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server did not start")
	}
	nc, err := nats.Connect(srv.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := consumers.EnsureStreams(ctx, js, consumers.StreamsConfig{}); err != nil {
		t.Fatalf("leadq's streams on this configuration: %v", err)
	}
}

// TestRedisConfig starts redis-server with redis/redis.conf (port and data
// directory moved for the test), checks the settings leadq relies on and
// commits an account through the store.
func TestRedisConfig(t *testing.T) {
	rdb, dir := startRedis(t, filepath.Join("redis", "redis.conf"))
	ctx := context.Background()
	for param, want := range map[string]string{
		"appendonly": "yes", "appendfsync": "always", "maxmemory-policy": "noeviction",
	} {
		got, err := rdb.ConfigGet(ctx, param).Result()
		if err != nil || got[param] != want {
			t.Errorf("CONFIG GET %s = %v, %v; want %s", param, got, err, want)
		}
	}
	st, err := store.New(rdb, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Commit(ctx, "acme.io", store.Commit{State: []byte("{}"), EventKey: "e1"}); err != nil {
		t.Fatalf("commit: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "appendonlydir")); err != nil {
		t.Errorf("no append-only file: %v", err)
	}
}

// startRedis starts redis-server with conf, overriding only its port and data
// directory (redis-server applies command-line settings after the file's),
// and returns a client of it.
func startRedis(t *testing.T, conf string) (*redis.Client, string) {
	t.Helper()
	abs, err := filepath.Abs(conf)
	if err != nil {
		t.Fatal(err)
	}
	dir, port := t.TempDir(), freePort(t)
	var out bytes.Buffer
	cmd := exec.Command(testbench.RedisBinary(t), abs, "--port", strconv.Itoa(port), "--dir", dir)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	deadline := time.Now().Add(10 * time.Second)
	for !listening(addr) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("redis-server refuses the configuration: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server does not listen on %s\n%s", addr, out.String())
		}
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { _ = rdb.Close() })
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("PING: %v\n%s", err, out.String())
	}
	return rdb, dir
}

// listening reports whether something accepts connections on addr.
func listening(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

// freePort returns a TCP port free on the loopback interface.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
