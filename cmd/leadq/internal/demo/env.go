package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/logs"
	"github.com/leadq/leadq/deploy/embedded"
)

// demoEnv is the demo's servers and its connections to them.
type demoEnv struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	rdb     *redis.Client
	natsURL string
	redis   string // what the Redis is, for the header line
	// ownNATS and ownRedis report servers the demo started: fresh, nothing
	// to clear.
	ownNATS, ownRedis bool
	closers           []func() // in start order; close runs them backwards
}

// startDemoEnv starts or reaches the servers and connects to them.
func startDemoEnv(ctx context.Context, o options, log zerolog.Logger, view *demoView) (*demoEnv, error) {
	env := &demoEnv{}
	if err := env.start(ctx, o, log, view); err != nil {
		env.close()
		return nil, err
	}
	return env, nil
}

// start starts the servers that have no URL in o, then connects to all.
func (env *demoEnv) start(ctx context.Context, o options, log zerolog.Logger, view *demoView) (err error) {
	var dir string
	if o.NATS.URL == "" || o.Redis.URL == "" {
		if dir, err = os.MkdirTemp("", "leadq-demo-"); err != nil {
			return fmt.Errorf("demo: creating a data directory: %w", err)
		}
		env.closers = append(env.closers, func() { _ = os.RemoveAll(dir) })
	}
	nopt := o.NATS
	if nopt.URL == "" {
		if nopt.URL, err = env.startNATS(filepath.Join(dir, "nats")); err != nil {
			return err
		}
	}
	ropt := o.Redis
	if ropt.URL == "" {
		if ropt.URL, err = env.startRedis(ctx, filepath.Join(dir, "redis"), view); err != nil {
			return err
		}
	} else {
		env.redis = logs.RedactURL(ropt.URL)
	}
	return env.connect(ctx, nopt, ropt, log)
}

// startNATS starts the embedded JetStream server.
func (env *demoEnv) startNATS(dir string) (string, error) {
	srv, url, err := embedded.StartNATS(embedded.NATSOptions{StoreDir: dir, ServerName: "leadq-demo"})
	if err != nil {
		return "", fmt.Errorf("demo: starting the embedded NATS server: %w", err)
	}
	env.ownNATS = true
	env.closers = append(env.closers, func() { srv.Shutdown(); srv.WaitForShutdown() })
	return url, nil
}

// startRedis starts redis-server from PATH, or an in-memory Redis when there
// is none.
func (env *demoEnv) startRedis(ctx context.Context, dir string, view *demoView) (string, error) {
	env.ownRedis = true
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("demo: creating a data directory: %w", err)
	}
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	p, err := embedded.StartRedisProcess(sctx, embedded.RedisOptions{Dir: dir})
	if err == nil {
		env.closers = append(env.closers, func() {
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = p.Stop(sctx)
		})
		env.redis = "redis-server at " + p.URL()
		if v, err := embedded.RedisVersion(ctx, p.Binary()); err == nil {
			env.redis = "redis-server " + v + " at " + p.URL()
		}
		return p.URL(), nil
	}
	if !errors.Is(err, embedded.ErrRedisNotFound) {
		return "", fmt.Errorf("demo: starting redis-server: %w", err)
	}
	mr, err := miniredis.Run()
	if err != nil {
		return "", fmt.Errorf("demo: starting the in-memory Redis: %w", err)
	}
	env.closers = append(env.closers, mr.Close)
	env.redis = "in-memory Redis at redis://" + mr.Addr()
	view.notice("redis-server is not on PATH: using an in-memory Redis; state is lost when the demo ends")
	return "redis://" + mr.Addr(), nil
}

// connect opens the NATS and Redis connections.
func (env *demoEnv) connect(ctx context.Context, nopt connect.NATSOptions, ropt connect.RedisOptions, log zerolog.Logger) error {
	nc, err := nopt.Connect("leadq demo", log)
	if err != nil {
		return err
	}
	env.closers = append(env.closers, func() {
		nc.SetDisconnectErrHandler(nil) // closing is no disconnection to warn about
		nc.Close()
	})
	env.nc, env.natsURL = nc, nc.ConnectedUrlRedacted()
	if env.js, err = jetstream.New(nc); err != nil {
		return fmt.Errorf("demo: opening JetStream: %w", err)
	}
	rdb, err := ropt.Connect(ctx)
	if err != nil {
		return err
	}
	env.closers = append(env.closers, func() { _ = rdb.Close() })
	env.rdb = rdb
	return nil
}

// close disconnects and stops what was started, in reverse order.
func (env *demoEnv) close() {
	for i := len(env.closers) - 1; i >= 0; i-- {
		env.closers[i]()
	}
	env.closers = nil
}

// clear deletes what an earlier demo left under the prefix on servers the
// demo did not start: the three streams (with their consumers) and the Redis
// keys. A run on real servers then starts as fresh as one on its own servers.
func (env *demoEnv) clear(ctx context.Context, streams []string, keyPrefix string) error {
	if !env.ownNATS {
		for _, name := range streams {
			err := env.js.DeleteStream(ctx, name)
			if err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
				return fmt.Errorf("demo: deleting stream %s: %w", name, err)
			}
		}
	}
	if env.ownRedis {
		return nil
	}
	it := env.rdb.Scan(ctx, 0, keyPrefix+"*", 1000).Iterator()
	var keys []string
	for it.Next(ctx) {
		if keys = append(keys, it.Val()); len(keys) == 1000 {
			if err := env.rdb.Unlink(ctx, keys...).Err(); err != nil {
				return fmt.Errorf("demo: deleting keys %s*: %w", keyPrefix, err)
			}
			keys = keys[:0]
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("demo: listing keys %s*: %w", keyPrefix, err)
	}
	if len(keys) > 0 {
		if err := env.rdb.Unlink(ctx, keys...).Err(); err != nil {
			return fmt.Errorf("demo: deleting keys %s*: %w", keyPrefix, err)
		}
	}
	return nil
}
