package bench

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
)

// plumbingScript is the baseline's one Redis call per input: read and
// replace a state of the full run's mean size, returning the old one (the
// bytes of a load and a commit, with none of their checks).
var plumbingScript = redis.NewScript(`local old = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1])
return old`)

// plumbing is the baseline pipeline: the same consume and sharding, each
// shard's queued inputs taken in batches of up to 32 with their script calls
// in one pipelined round trip (as the pipeline's loads and commits are),
// asynchronous publishes gathered before the ack; no decoding,
// qualification or encoding.
type plumbing struct {
	js       jetstream.JetStream
	rdb      *redis.Client
	prefix   string
	accounts uint64
	share    uint64 // inputs whose hash's upper 32 bits are below it publish
	outputs  int    // messages published per such input
	output   []byte // payload of each
	state    []byte
	subject  string
	wait     time.Duration
}

// runBaselineBench measures the plumbing on the full run's inputs, after
// it, with the same servers, instances, workers and batch.
func runBaselineBench(ctx context.Context, env *benchEnv, o options, full *benchResult, prog *benchProgress) (*benchResult, error) {
	if err := env.resetInput(ctx, o.Pipeline.Durable); err != nil {
		return nil, err
	}
	pl := plumbing{
		prefix: o.Pipeline.KeyPrefix + "baseline:", accounts: uint64(o.Accounts),
		outputs: max(1, int(full.outputsPerTransition+0.5)),
		output:  make([]byte, max(int(full.outputBytes), 64)),
		state:   make([]byte, max(int(full.StateBytes), 64)),
		subject: env.subjects.Qualified(), wait: 10 * time.Second,
	}
	if full.Events > 0 {
		pl.share = uint64(float64(full.TransitionEvents) / float64(full.Events) * (1 << 32))
	}
	hook := &rttHook{}
	durable := o.Pipeline.Durable + "-baseline"
	stop, err := env.startPlumbing(ctx, o, pl, durable, hook)
	if err != nil {
		return nil, err
	}
	defer stop()
	w, err := env.watchConsumer(ctx, durable)
	if err != nil {
		return nil, err
	}
	rec, err := env.subscribeOutputs()
	if err != nil {
		return nil, err
	}
	defer func() { _ = rec.sub.Unsubscribe() }()
	s0, err := env.sample(ctx, hook)
	if err != nil {
		return nil, err
	}
	prog.printf("baseline plumbing: %d instance(s), rate %s, for %s", o.Instances, rateText(o.Rate), o.Duration)
	gen := o.generator(time.Now())
	ph, err := env.runPhase(ctx, benchPhase{name: "baseline", tag: tagBaseline, next: gen.Next,
		limit: o.plannedEvents(), rate: o.Rate, window: o.Window, duration: o.Duration}, w, rec, prog)
	if err != nil {
		return nil, err
	}
	s1, err := env.sample(ctx, hook)
	if err != nil {
		return nil, err
	}
	res := newResult("baseline", o.Accounts, ph, s0, s1, rec.stats())
	res.RedisBytesPerAccount = round(float64(s1.redisMem-s0.redisMem)/float64(o.Accounts), 0)
	res.StateBytes = float64(len(pl.state))
	return res, nil
}

// resetInput removes the full run's consumer and its inputs.
func (env *benchEnv) resetInput(ctx context.Context, durable string) error {
	if err := env.js.DeleteConsumer(ctx, env.streams.In, durable); err != nil {
		return fmt.Errorf("bench: deleting consumer %s: %w", durable, err)
	}
	st, err := env.js.Stream(ctx, env.streams.In)
	if err == nil {
		err = st.Purge(ctx)
	}
	if err != nil {
		return fmt.Errorf("bench: purging stream %s: %w", env.streams.In, err)
	}
	return nil
}

// startPlumbing starts o.Instances baseline consumers, each with its own
// connections and o.Pipeline.Workers shards.
func (env *benchEnv) startPlumbing(ctx context.Context, o options, pl plumbing, durable string, hook *rttHook) (stop func(), err error) {
	cfg := o.Pipeline.Processor()
	var stops []func()
	stop = func() {
		for _, s := range stops {
			s()
		}
	}
	for i := range o.Instances {
		nc, err := env.natsOpt.Connect(fmt.Sprintf("leadq bench baseline %d", i), env.connLog)
		if err != nil {
			stop()
			return nil, err
		}
		rdb, err := env.redisOpt.Connect(ctx)
		if err != nil {
			nc.Close()
			stop()
			return nil, err
		}
		rdb.AddHook(hook)
		stops = append(stops, func() { _ = nc.Drain(); _ = rdb.Close() })
		p := pl
		p.rdb = rdb
		if p.js, err = jetstream.New(nc); err != nil {
			stop()
			return nil, fmt.Errorf("bench: opening JetStream: %w", err)
		}
		cons, err := p.js.CreateOrUpdateConsumer(ctx, env.streams.In, jetstream.ConsumerConfig{
			Durable: durable, AckPolicy: jetstream.AckExplicitPolicy, AckWait: cfg.AckWait,
			MaxAckPending: cfg.MaxAckPending, FilterSubject: env.subjects.In(),
		})
		if err != nil {
			stop()
			return nil, fmt.Errorf("bench: creating consumer %s: %w", durable, err)
		}
		end, err := p.run(ctx, cons, cfg.Workers, cfg.Batch)
		if err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, end)
	}
	return func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}, nil
}

// pullExpiry is the processor's (consumers/consume.go): a pull request
// that the server drops is renewed after it, not after the default 30s.
const pullExpiry = 4 * time.Second

// run consumes with workers shards until the returned function is called.
func (p *plumbing) run(ctx context.Context, cons jetstream.Consumer, workers, batch int) (func(), error) {
	shards := make([]chan jetstream.Msg, workers)
	var wg sync.WaitGroup
	for i := range shards {
		shards[i] = make(chan jetstream.Msg, 64)
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(ctx, shards[i])
		}()
	}
	cc, err := cons.Consume(func(m jetstream.Msg) {
		shards[fnv64(m.Data())%uint64(workers)] <- m
	}, jetstream.PullMaxMessages(batch), jetstream.PullExpiry(pullExpiry))
	if err != nil {
		return nil, fmt.Errorf("bench: consuming: %w", err)
	}
	return func() {
		cc.Drain()
		<-cc.Closed()
		for _, ch := range shards {
			close(ch)
		}
		wg.Wait()
	}, nil
}

// work handles a shard's inputs in batches of what is queued, up to 32 as
// the pipeline's workers do: their script calls in one pipelined round
// trip, then each one's publishes and ack.
func (p *plumbing) work(ctx context.Context, ch <-chan jetstream.Msg) {
	batch := make([]jetstream.Msg, 0, 32)
	for m := range ch {
		batch = append(batch[:0], m)
	fill:
		for len(batch) < cap(batch) {
			select {
			case m, ok := <-ch:
				if !ok {
					break fill
				}
				batch = append(batch, m)
			default:
				break fill
			}
		}
		p.handle(ctx, batch)
	}
}

// handle is the baseline's work for a batch of inputs.
func (p *plumbing) handle(ctx context.Context, batch []jetstream.Msg) {
	hashes := make([]uint64, len(batch))
	pipe := p.rdb.Pipeline()
	cmds := make([]*redis.Cmd, len(batch))
	for i, m := range batch {
		hashes[i] = fnv64(m.Data())
		key := p.prefix + "{" + strconv.FormatUint(hashes[i]%p.accounts, 10) + "}"
		cmds[i] = plumbingScript.EvalSha(ctx, pipe, []string{key}, p.state)
	}
	_, _ = pipe.Exec(ctx)
	for i, m := range batch {
		err := cmds[i].Err()
		if redis.HasErrorPrefix(err, "NOSCRIPT") {
			err = p.retry(ctx, hashes[i])
		}
		if err == nil || err == redis.Nil {
			if hashes[i]>>32 < p.share {
				err = p.publish(ctx, m, hashes[i])
			} else {
				err = nil
			}
		}
		if err != nil {
			_ = m.NakWithDelay(100 * time.Millisecond)
			continue
		}
		_ = m.Ack()
	}
}

// retry runs the script of the input with hash h alone (after NOSCRIPT).
func (p *plumbing) retry(ctx context.Context, h uint64) error {
	key := p.prefix + "{" + strconv.FormatUint(h%p.accounts, 10) + "}"
	return plumbingScript.Run(ctx, p.rdb, []string{key}, p.state).Err()
}

// publish publishes the outputs of one input asynchronously and waits for
// every acknowledgement, as the pipeline's outbox flush does.
func (p *plumbing) publish(ctx context.Context, m jetstream.Msg, h uint64) error {
	futures := make([]jetstream.PubAckFuture, 0, p.outputs)
	for k := range p.outputs {
		out := nats.NewMsg(p.subject)
		out.Data = p.output
		out.Header.Set(nats.MsgIdHdr, strconv.FormatUint(h, 36)+"-"+strconv.Itoa(k))
		out.Header.Set("traceparent", m.Headers().Get("traceparent"))
		f, err := p.js.PublishMsgAsync(out)
		if err != nil {
			return err
		}
		futures = append(futures, f)
	}
	timer := time.NewTimer(p.wait)
	defer timer.Stop()
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return err
		case <-timer.C:
			return fmt.Errorf("bench: no publish acknowledgement within %s", p.wait)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// fnv64 is FNV-1a of b.
func fnv64(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
