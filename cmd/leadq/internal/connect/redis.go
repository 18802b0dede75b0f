package connect

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/logs"
)

// RedisOptions are the connection settings of Redis: a redis:// or rediss:// URL
// (user and password for ACLs in the URL, database as its path).
type RedisOptions struct {
	URL string
}

// Register adds --redis-url to fs.
func (o *RedisOptions) Register(fs *pflag.FlagSet) {
	fs.StringVar(&o.URL, "redis-url", "redis://localhost:6379/0",
		"Redis URL: redis://[user:password@]host:port/db, rediss:// for TLS")
}

// Connect opens a Redis client and checks that the server answers.
func (o *RedisOptions) Connect(ctx context.Context) (*redis.Client, error) {
	opt, err := redis.ParseURL(o.URL)
	if err != nil {
		return nil, cli.Usagef("--redis-url: %v", err)
	}
	rdb := redis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("connecting to Redis at %s: %w", logs.RedactURL(o.URL), err)
	}
	return rdb, nil
}
