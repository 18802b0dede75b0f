package testbench

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tcnats "github.com/testcontainers/testcontainers-go/modules/nats"
	tcredis "github.com/testcontainers/testcontainers-go/modules/redis"
)

// Container images used when a Docker engine answers.
const (
	RedisImage = "redis:7"
	NATSImage  = "nats:2.11"
)

var docker struct {
	once sync.Once
	ok   bool
}

// DockerAvailable reports whether a Docker engine answers (checked once per
// test binary, in at most a few seconds). LEADQ_TEST_DOCKER=0 turns it off.
func DockerAvailable() bool {
	docker.once.Do(func() {
		if os.Getenv(EnvDocker) == "0" {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		docker.ok = pingDocker(ctx)
	})
	return docker.ok
}

func pingDocker(ctx context.Context) (ok bool) {
	defer func() {
		if recover() != nil { // testcontainers panics on some broken set-ups
			ok = false
		}
	}()
	provider, err := testcontainers.ProviderDocker.GetProvider()
	if err != nil {
		return false
	}
	defer provider.Close()
	return provider.Health(ctx) == nil
}

// redisContainer starts Redis in a container, terminated in t.Cleanup.
func redisContainer(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := tcredis.Run(ctx, RedisImage)
	testcontainers.CleanupContainer(t, c)
	if err != nil {
		t.Fatalf("testbench: starting %s container: %v", RedisImage, err)
	}
	url, err := c.ConnectionString(ctx)
	if err != nil {
		t.Fatalf("testbench: redis container address: %v", err)
	}
	t.Logf("testbench: redis container %s at %s", RedisImage, url)
	return url
}

// natsContainer starts nats-server -js in a container, terminated in t.Cleanup.
func natsContainer(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := tcnats.Run(ctx, NATSImage)
	testcontainers.CleanupContainer(t, c)
	if err != nil {
		t.Fatalf("testbench: starting %s container: %v", NATSImage, err)
	}
	url, err := c.ConnectionString(ctx)
	if err != nil {
		t.Fatalf("testbench: nats container address: %v", err)
	}
	t.Logf("testbench: nats container %s at %s", NATSImage, url)
	return url
}
