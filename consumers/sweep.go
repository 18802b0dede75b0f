package consumers

import (
	"context"
	"time"
)

// sweepBatch is how many pending outboxes one sweep round looks at.
const sweepBatch = 256

// sweepLoop flushes, every SweepEvery, the outboxes pending for longer than
// SweepAge: entries committed by a processor that crashed before publishing
// them, whose input may never come back (it was acknowledged by a
// redelivery that found it applied, or it expired). It also refreshes the
// store gauges. It runs until ctx is done; each round runs under work.
func (p *Processor) sweepLoop(ctx, work context.Context) {
	t := time.NewTicker(p.cfg.SweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		p.sweep(work)
		p.readStats(work)
	}
}

// sweep flushes the outboxes indexed before now − SweepAge. The index uses
// the real clock (the store stamps entries with it), not Config.Now.
func (p *Processor) sweep(ctx context.Context) {
	accts, err := p.store.PendingOutboxesBefore(ctx, time.Now().Add(-p.cfg.SweepAge), sweepBatch)
	if err != nil {
		p.log.Warn().Err(err).Msg("listing pending outboxes failed")
		return
	}
	for _, a := range accts {
		if err := p.sweepAccount(ctx, a); err != nil {
			p.log.Warn().Err(err).Str("account", a).Msg("sweeping an outbox failed")
		}
	}
}

func (p *Processor) sweepAccount(ctx context.Context, account string) error {
	snap, err := p.store.Load(ctx, account, "")
	if err != nil {
		return err
	}
	if len(snap.Outbox) == 0 {
		return p.store.Ack(ctx, account) // tidies the index entry
	}
	p.metrics.swept.Add(float64(len(snap.Outbox)))
	return p.flush(ctx, account, snap.Outbox)
}

func (p *Processor) readStats(ctx context.Context) {
	st, err := p.store.Stats(ctx)
	if err != nil {
		return
	}
	p.metrics.outboxBacklog.Set(float64(st.Outboxes))
	p.metrics.timers.Set(float64(st.Timers))
	age := 0.0
	if !st.OldestOutbox.IsZero() {
		age = time.Since(st.OldestOutbox).Seconds()
	}
	p.metrics.oldestOutbox.Set(age)
}
