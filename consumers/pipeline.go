package consumers

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// job is one input message on its way through the pipeline.
type job struct {
	msg       jetstream.Msg
	received  time.Time
	delivered uint64 // NumDelivered of this delivery

	ev      *events.Event
	in      qualify.Event
	account string
	key     string        // store de-duplication key
	cache   *accountCache // of the shard worker handling the job

	finished bool // finish has run: the input is acked, naked or termed
}

// pipeline decodes each received message on the Consume callback (in
// stream order) and hands it to one worker per account shard: one account's
// inputs are processed in delivery order by one goroutine, so version
// conflicts arise only between instances. Shard queues are bounded, so a
// slow shard holds back fetching (with MaxAckPending as the overall bound);
// the goroutine count is fixed.
type pipeline struct {
	ctx    context.Context // of the work: finish uses it for dead letters
	p      *Processor
	shards []chan *job
	work   sync.WaitGroup

	mu     sync.RWMutex // guards closed against a late Consume callback
	closed bool
}

func (p *Processor) startPipeline(ctx context.Context) *pipeline {
	pl := &pipeline{ctx: ctx, p: p, shards: make([]chan *job, p.cfg.Workers)}
	for i := range pl.shards {
		pl.shards[i] = make(chan *job, 64)
		pl.work.Add(1)
		go pl.worker(ctx, pl.shards[i])
	}
	return pl
}

// receive is the Consume callback.
// After close, a message is left unacknowledged: it is redelivered.
func (pl *pipeline) receive(m jetstream.Msg) {
	pl.mu.RLock()
	defer pl.mu.RUnlock()
	if pl.closed {
		return
	}
	p := pl.p
	if p.wrapMsg != nil {
		m = p.wrapMsg(m)
	}
	j := &job{msg: m, received: time.Now()}
	if err := p.prepare(j); err != nil {
		p.finish(pl.ctx, j, outcomeFailed, err)
		return
	}
	if j.account == "" { // a free-mail lead: no account, nothing to store
		p.finish(pl.ctx, j, outcomeNoAccount, nil)
		return
	}
	pl.shards[shardOf(j.account, len(pl.shards))] <- j
}

// close stops intake and closes the shard queues.
func (pl *pipeline) close() {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	pl.closed = true
	for _, ch := range pl.shards {
		close(ch)
	}
}

// wait returns when every received job is finished.
func (pl *pipeline) wait() { pl.work.Wait() }

func (pl *pipeline) worker(ctx context.Context, ch <-chan *job) {
	defer pl.work.Done()
	p := pl.p
	cache := newAccountCache(p.cfg.CacheAccounts / p.cfg.Workers)
	var held *job
	batch := make([]*job, 0, maxBatch)
	var scratch batchScratch
	for {
		var ok bool
		if batch, ok = nextBatch(ch, &held, batch[:0]); !ok {
			return
		}
		for _, j := range batch {
			j.cache = cache
			if time.Since(j.received) > p.cfg.AckWait/2 {
				_ = j.msg.InProgress() // queued long: keep the server from redelivering
			}
		}
		p.handleContained(ctx, batch, &scratch)
	}
}

// handleContained handles a batch and turns a panic in its processing into
// a failure of every job it left unfinished: they are retried with backoff and
// dead-lettered as poison after MaxDeliveries, like any input that keeps
// failing, instead of crashing the process on every redelivery.
func (p *Processor) handleContained(ctx context.Context, batch []*job, sc *batchScratch) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		err := fmt.Errorf("consumers: processing panicked: %v", r)
		for _, j := range batch {
			if !j.finished {
				j.cache.drop(j.account)
				p.finish(ctx, j, outcomeFailed, err)
			}
		}
	}()
	p.handleBatch(ctx, batch, sc)
}

// prepare reads the delivery count and decodes the input.
func (p *Processor) prepare(j *job) error {
	j.delivered = 1
	if md, err := j.msg.Metadata(); err == nil {
		j.delivered = md.NumDelivered
	}
	if j.delivered > 1 {
		p.metrics.redeliveries.Inc()
	}
	ev, err := events.Decode(natsMsg(j.msg), events.DecodeOptions{
		MaxSize: p.cfg.MaxEventSize, Now: p.cfg.Now(), MaxFuture: p.cfg.MaxFuture, FreeMail: p.cfg.FreeMail,
	})
	if err != nil {
		return err
	}
	j.ev = ev
	if j.in, err = toQualify(ev); err != nil {
		return &events.Rejection{Reason: events.ReasonSchema, Err: err}
	}
	j.account = j.in.Account
	if j.account != "" {
		j.key = eventKey(ev)
	}
	return nil
}

// natsMsg views a JetStream message as the *nats.Msg the events package takes.
func natsMsg(m jetstream.Msg) *nats.Msg {
	return &nats.Msg{Subject: m.Subject(), Header: m.Headers(), Data: m.Data()}
}
