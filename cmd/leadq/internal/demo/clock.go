package demo

import (
	"context"
	"time"
)

// Determinism. The same flags must give the same outcome, but two things in
// a live pipeline depend on timing rather than on the events:
//
//   - Re-check timers (README, Scoring) fire when the clock passes an account's
//     decay instant. Against the wall clock, a timer firing between two
//     events of its account gives "unqualified" then "qualified" again,
//     firing later gives nothing: the outcome would depend on the
//     machine's speed.
//   - Round-robin turns are taken in the order accounts qualify; with
//     parallel workers that order varies, and so do the reps.
//
// So the demo runs the processor with one worker (accounts qualify in
// stream order; a demo's rate needs no more) and on a clock of its own, a
// consumers/clock.Manual that only the demo moves (see newDemoSession and
// feedAndSettle). Event times span the month ending at the anchor, the demo's start
// truncated to the minute. While the stream is fed the clock stands at the
// month's first instant: no timer is due, as every timer lies after an event
// time; decode's future-time guard is widened by the month, so it still
// refuses events more than five minutes ahead of the anchor. Once every input
// is processed the clock jumps to the anchor and stays there: the re-checks
// due by then run, each account's on its final state, in no order that
// matters (a re-check never routes), and none due later fires. On the frozen
// clock a claim's lease never expires, so no re-check runs twice; the demo
// knows they are over when no timer is due and none is claimed (see
// rechecksSettled).

// poll calls done every interval until it reports true, fails, or ctx ends.
func poll(ctx context.Context, interval time.Duration, done func(context.Context) (bool, error)) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		ok, err := done(ctx)
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-t.C:
		}
	}
}
