package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/logs"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/deploy/embedded"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// benchEnv is the servers of a bench run and the load generator's
// connections to them.
type benchEnv struct {
	natsOpt  connect.NATSOptions  // with the URL of the server used
	redisOpt connect.RedisOptions // idem
	natsDesc string               // what the servers are, for the report
	natsPid  int                  // of the NATS child, 0 for none
	redis    string
	nc       *nats.Conn
	js       jetstream.JetStream // asynchronous publishes of the load
	admin    *redis.Client       // INFO and MEMORY USAGE
	log      zerolog.Logger      // warnings of the processors
	connLog  zerolog.Logger      // of the connections: errors only (a drain is no news)
	subjects events.Subjects
	streams  consumers.StreamNames
	dir      string         // the data directory
	children *serveChildren // with --serve-processes
	closers  []func()
	// pubErrors counts asynchronous publishes the stream refused.
	pubErrors atomic.Int64
}

// startBenchEnv starts (or reaches) the servers and connects the load
// generator.
func startBenchEnv(ctx context.Context, o options, stderr io.Writer) (*benchEnv, error) {
	env := &benchEnv{
		natsOpt: o.NATS, redisOpt: o.Redis,
		log:      zerolog.New(stderr).Level(zerolog.WarnLevel).With().Timestamp().Logger(),
		connLog:  zerolog.New(stderr).Level(zerolog.ErrorLevel).With().Timestamp().Logger(),
		subjects: o.Pipeline.Subjects,
		streams:  o.Pipeline.StreamsConfig().Names(),
	}
	if err := env.start(ctx, o.NATSMode); err != nil {
		env.close()
		return nil, err
	}
	return env, nil
}

func (env *benchEnv) start(ctx context.Context, mode string) error {
	dir, err := os.MkdirTemp("", "leadq-bench-")
	if err != nil {
		return fmt.Errorf("bench: creating a data directory: %w", err)
	}
	env.closers = append(env.closers, func() { _ = os.RemoveAll(dir) })
	env.dir = dir
	switch {
	case env.natsOpt.URL == "" && mode == natsChild:
		n, err := startNATSChild(ctx, filepath.Join(dir, "nats"))
		if err != nil {
			return err
		}
		env.closers = append(env.closers, n.stop)
		env.natsOpt.URL, env.natsPid = n.url, n.pid()
		env.natsDesc = "embedded nats-server " + server.VERSION + " (JetStream, file storage) in a child process"
	case env.natsOpt.URL == "":
		if err := env.startNATS(filepath.Join(dir, "nats")); err != nil {
			return err
		}
	default:
		env.natsDesc = "nats at " + logs.RedactURL(env.natsOpt.URL)
	}
	if env.redisOpt.URL == "" {
		if err := env.startRedis(ctx, filepath.Join(dir, "redis")); err != nil {
			return err
		}
	} else {
		env.redis = "redis at " + logs.RedactURL(env.redisOpt.URL)
	}
	return env.connect(ctx)
}

func (env *benchEnv) startNATS(dir string) error {
	srv, url, err := embedded.StartNATS(embedded.NATSOptions{StoreDir: dir, ServerName: "leadq-bench"})
	if err != nil {
		return fmt.Errorf("bench: starting the embedded NATS server: %w", err)
	}
	env.closers = append(env.closers, func() { srv.Shutdown(); srv.WaitForShutdown() })
	env.natsOpt.URL = url
	env.natsDesc = "embedded nats-server " + server.VERSION + " (JetStream, file storage) in this process"
	return nil
}

// startRedis starts redis-server without persistence, so that no snapshot
// (a fork) runs during a measurement.
func (env *benchEnv) startRedis(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("bench: creating a data directory: %w", err)
	}
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	p, err := embedded.StartRedisProcess(sctx, embedded.RedisOptions{Dir: dir, Args: []string{"--save", ""}})
	if err != nil {
		return fmt.Errorf("bench: starting redis-server: %w", err)
	}
	env.closers = append(env.closers, func() { _ = p.Kill() })
	env.redisOpt.URL = p.URL()
	env.redis = "redis-server child process, no persistence"
	if v, err := embedded.RedisVersion(ctx, p.Binary()); err == nil {
		env.redis = "redis-server " + v + " child process, no persistence"
	}
	return nil
}

func (env *benchEnv) connect(ctx context.Context) error {
	nc, err := env.natsOpt.Connect("leadq bench load", env.connLog)
	if err != nil {
		return err
	}
	env.closers = append(env.closers, nc.Close)
	env.nc = nc
	if env.js, err = jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096),
		jetstream.WithPublishAsyncErrHandler(func(jetstream.JetStream, *nats.Msg, error) { env.pubErrors.Add(1) })); err != nil {
		return fmt.Errorf("bench: opening JetStream: %w", err)
	}
	if env.admin, err = env.redisOpt.Connect(ctx); err != nil {
		return err
	}
	env.closers = append(env.closers, func() { _ = env.admin.Close() })
	return nil
}

// close disconnects and stops what was started, in reverse order.
func (env *benchEnv) close() {
	for i := len(env.closers) - 1; i >= 0; i-- {
		env.closers[i]()
	}
	env.closers = nil
}

// rttHook counts the round trips of a Redis client: every command sent on
// its own and every pipeline (one write, one read of all replies).
type rttHook struct {
	calls, pipelines, pipelined atomic.Int64
}

// DialHook leaves dialing alone.
func (h *rttHook) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook counts a command sent on its own.
func (h *rttHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.calls.Add(1)
		return next(ctx, cmd)
	}
}

// ProcessPipelineHook counts a pipeline and the commands in it.
func (h *rttHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.pipelines.Add(1)
		h.pipelined.Add(int64(len(cmds)))
		return next(ctx, cmds)
	}
}

// roundTrips is the number of round trips counted so far.
func (h *rttHook) roundTrips() int64 { return h.calls.Load() + h.pipelines.Load() }

// benchInstance is one processor with its own connections, as a serve
// process has.
type benchInstance struct {
	nc   *nats.Conn
	rdb  *redis.Client
	p    *consumers.Processor
	done chan error
}

// startInstances starts n processors on the full pipeline (the path of
// serve: pipeline.Options.Build, consumers.New, Run), their Redis clients
// counted by hook. stop ends them gracefully and waits.
func (env *benchEnv) startInstances(ctx context.Context, o options, rules *qualify.Config, hook *rttHook) (stop func(), err error) {
	runCtx, cancel := context.WithCancel(ctx)
	var insts []*benchInstance
	stop = func() {
		cancel()
		for _, in := range insts {
			if in.done != nil {
				<-in.done
			}
			_ = in.nc.Drain()
			_ = in.rdb.Close()
		}
	}
	for i := range o.Instances {
		in, err := env.startInstance(runCtx, o, rules, hook, i)
		if in != nil {
			insts = append(insts, in)
		}
		if err != nil {
			stop()
			return nil, err
		}
	}
	return stop, nil
}

func (env *benchEnv) startInstance(ctx context.Context, o options, rules *qualify.Config, hook *rttHook, i int) (*benchInstance, error) {
	nc, err := env.natsOpt.Connect(fmt.Sprintf("leadq bench %d", i), env.connLog)
	if err != nil {
		return nil, err
	}
	rdb, err := env.redisOpt.Connect(ctx)
	if err != nil {
		nc.Close()
		return nil, err
	}
	rdb.AddHook(hook)
	in := &benchInstance{nc: nc, rdb: rdb}
	js, err := jetstream.New(nc)
	if err != nil {
		return in, fmt.Errorf("bench: opening JetStream: %w", err)
	}
	cfg, st, err := o.Pipeline.Build(ctx, js, rdb, env.log)
	if err != nil {
		return in, err
	}
	if in.p, err = consumers.New(cfg, js, st, rules, env.log, nil); err != nil {
		return in, err
	}
	in.done = make(chan error, 1)
	go func() { in.done <- in.p.Run(ctx) }()
	return in, nil
}

// setup describes the servers and the machine for the report.
func (env *benchEnv) setup(o options) benchSetup {
	processors := processorsInProcess
	if o.Children {
		processors = processorsChildren
	}
	return benchSetup{
		NATS: env.natsDesc, Redis: env.redis, Cores: numCPU(),
		Instances: o.Instances, Workers: o.Pipeline.Processor().Workers, Accounts: o.Accounts, Processors: processors,
		Rate: o.Rate, Duration: o.Duration.String(),
	}
}
