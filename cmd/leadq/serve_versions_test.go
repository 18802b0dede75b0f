package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
	"github.com/leadq/leadq/deploy/testbench"
)

// versionBench is a NATS server and a Redis for serve processes, with the
// bucket of configuration versions of the test's prefix.
type versionBench struct {
	srv   *testbench.NATSServer
	kv    *versions.Store
	flags []string // serve's connection flags
}

func newVersionBench(t *testing.T) *versionBench {
	t.Helper()
	if testing.Short() {
		t.Skip("runs leadq serve processes")
	}
	t.Setenv(benchChildEnv, "1")
	srv, r := testbench.NATS(t), testbench.Redis(t)
	kv, err := versions.Ensure(context.Background(), srv.JS, srv.Prefix, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.JS.DeleteKeyValue(context.Background(), kv.Bucket()) })
	return &versionBench{srv: srv, kv: kv, flags: []string{"--nats-url", srv.URL, "--subject-prefix", srv.Prefix,
		"--redis-url", r.URL, "--key-prefix", r.Prefix}}
}

// exampleWithVersion returns the worked example's configuration with
// another version: and a comment appended.
func exampleWithVersion(t *testing.T, version, comment string) []byte {
	t.Helper()
	data, err := os.ReadFile(clitest.ExampleConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.Replace(string(data), `version: "2026-11-22.1"`, `version: "`+version+`"`, 1) + "# " + comment + "\n")
}

func (b *versionBench) push(t *testing.T, version string) {
	t.Helper()
	if _, _, err := b.kv.Push(context.Background(), version, exampleWithVersion(t, version, "pushed")); err != nil {
		t.Fatal(err)
	}
}

func (b *versionBench) activate(t *testing.T, version string) {
	t.Helper()
	if _, _, err := b.kv.Activate(context.Background(), version, "test", time.Now()); err != nil {
		t.Fatal(err)
	}
}

func (b *versionBench) active(t *testing.T) string {
	t.Helper()
	a, err := b.kv.Active(context.Background())
	if err != nil && !errors.Is(err, versions.ErrNoActive) {
		t.Fatal(err)
	}
	return a.Version
}

// TestServeFollowsActivations runs three serve processes without --config:
// none is ready until a version is activated (and /readyz says why); then
// every activation, a rollback included, reaches all three, and an active
// version that does not load is refused while the last good one stays.
func TestServeFollowsActivations(t *testing.T) {
	b := newVersionBench(t)
	b.push(t, "v1")
	b.push(t, "v2")
	var procs []*serveProc
	for _, name := range []string{"serve-1", "serve-2", "serve-3"} {
		procs = append(procs, startServe(t, name, b.flags...))
	}
	eventually(t, "every instance says on /readyz that it waits", func() bool {
		return all(procs, func(p *serveProc) bool {
			code, body := p.get("/readyz")
			return code == 503 && strings.Contains(body, "waiting for an active configuration (leadq config push/activate)")
		})
	})
	for _, p := range procs {
		if !strings.Contains(p.logText(), "waiting for an active configuration") {
			t.Errorf("%s does not log that it waits", p)
		}
	}
	for _, v := range []string{"v1", "v2", "v1"} { // the last is the rollback
		b.activate(t, v)
		eventually(t, "all three instances run "+v, func() bool {
			return all(procs, func(p *serveProc) bool { return p.running() == v })
		})
	}
	eventually(t, "every instance is ready", func() bool {
		return all(procs, func(p *serveProc) bool { code, _ := p.get("/readyz"); return code == 200 })
	})
	for _, p := range procs {
		if n := p.reloads("success"); n != 2 {
			t.Errorf("%s: %d successful reloads, want 2 (v2, then v1)", p, n)
		}
	}

	// A version another leadq pushed, that this one cannot load.
	kv, err := b.srv.JS.KeyValue(context.Background(), b.kv.Bucket())
	if err != nil {
		t.Fatal(err)
	}
	putRaw(t, kv, versions.VersionKey("v3"), []byte("version: \"v3\"\nicps: not a list\n"))
	b.activate(t, "v3")
	eventually(t, "every instance refuses v3", func() bool {
		return all(procs, func(p *serveProc) bool { return p.reloads("failure") == 1 })
	})
	for _, p := range procs {
		if v := p.running(); v != "v1" {
			t.Errorf("%s runs %q after refusing v3, want v1", p, v)
		}
	}
}

func putRaw(t *testing.T, kv jetstream.KeyValue, key string, value []byte) {
	t.Helper()
	if _, err := kv.Put(context.Background(), key, value); err != nil {
		t.Fatal(err)
	}
}

// TestServeSIGHUP: serve --config FILE pushes and activates the file; after
// the file is edited, SIGHUP makes its new version active in the bucket and
// in the process; a file that fails validation, and one that changes a
// pushed version, are refused and the last good version stays.
func TestServeSIGHUP(t *testing.T) {
	b := newVersionBench(t)
	path := filepath.Join(t.TempDir(), "leadq.yaml")
	write := func(data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(exampleWithVersion(t, "v1", "first"))
	p := startServe(t, "serve", append([]string{"--config", path}, b.flags...)...)
	eventually(t, "serve runs v1, active in the bucket", func() bool { return p.running() == "v1" && b.active(t) == "v1" })

	hangup := func() {
		if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
	}
	write(exampleWithVersion(t, "v2", "second"))
	hangup()
	eventually(t, "after SIGHUP, v2 is active and runs", func() bool { return b.active(t) == "v2" && p.running() == "v2" })

	write([]byte("version: \"v3\"\nicps: []\n"))
	hangup()
	eventually(t, "an invalid file is refused", func() bool { return p.reloads("failure") == 1 })
	write(exampleWithVersion(t, "v2", "edited without a new version"))
	hangup()
	eventually(t, "a changed file under a pushed version is refused", func() bool { return p.reloads("failure") == 2 })
	if v, a := p.running(), b.active(t); v != "v2" || a != "v2" {
		t.Errorf("after the refused reloads: serve runs %q, %q is active; want v2 for both", v, a)
	}
	if got, err := b.kv.Get(context.Background(), "v2"); err != nil || !strings.Contains(string(got.YAML), "# second") {
		t.Errorf("pushed v2 is %q, %v; want the file as first pushed", got.YAML, err)
	}
	if log := p.logText(); !strings.Contains(log, "configuration reload refused") || !strings.Contains(log, "already pushed with different content") {
		t.Errorf("the log does not say why the reloads were refused:\n%s", log)
	}
}

// TestServeStopsWhileWaiting: SIGTERM stops a serve that waits for an
// active version, cleanly (exit 0).
func TestServeStopsWhileWaiting(t *testing.T) {
	b := newVersionBench(t)
	p := startServe(t, "serve", b.flags...)
	eventually(t, "serve waits", func() bool { code, _ := p.get("/readyz"); return code == 503 })
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(); err != nil {
		t.Fatalf("serve stopped while waiting: %v, want exit 0\n%s", err, p.logText())
	}
}
