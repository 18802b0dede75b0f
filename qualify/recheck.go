package qualify

import (
	"math"
	"slices"
	"sync"
	"time"
)

// NextRecheck returns the instant at which the first qualified lead of the
// account (by the Qualified flags Transitions keeps) would stop qualifying
// with no new event, and false when no lead is qualified or none would ever
// stop. Scores only fall as time passes: signals decay and expire, usage
// observations leave their windows. Window ends and expiries are exact;
// a decay crossing is found by bisection to within one second (the
// returned instant is at most one second after the true crossing and the
// lead no longer qualifies there). A flagged lead that does not qualify at
// the account clock gives the clock itself.
func NextRecheck(a *Account, cfg *Config) (time.Time, bool) {
	if !slices.ContainsFunc(a.Leads, func(l Lead) bool { return l.Qualified }) {
		return time.Time{}, false
	}
	m := recheckPool.Get().(*recheckMemory)
	defer m.release()
	return m.nextRecheck(a, cfg)
}

// nextRecheck is NextRecheck for an account with a flagged lead, in m.
func (m *recheckMemory) nextRecheck(a *Account, cfg *Config) (time.Time, bool) {
	now := a.Clock
	ev := &m.ev
	ev.evaluate(a, cfg, now, true)
	for i := range a.Leads {
		if r := ev.leadAt(i, a.Leads[i].Email); a.Leads[i].Qualified && (r == nil || !r.Qualified) {
			return now.Time(), true
		}
	}
	rc := &m.rc
	rc.init(a, cfg, ev, &m.fast, now)
	at, ok := rc.firstFailure(now)
	if !ok {
		return time.Time{}, false
	}
	return rc.refine(at, now).Time(), true
}

// recheckMemory is the working memory of NextRecheck. It never leaves
// NextRecheck, so it is recycled through recheckPool: once warm,
// NextRecheck allocates nothing.
type recheckMemory struct {
	ev   Evaluation
	fast fastScore
	rc   rechecker
}

var recheckPool = sync.Pool{New: func() any { return new(recheckMemory) }}

// release returns m to recheckPool, keeping its slices' memory only.
func (m *recheckMemory) release() {
	m.ev.cfg, m.ev.Personas = nil, nil
	m.rc = rechecker{}
	recheckPool.Put(m)
}

// rechecker finds when readiness first fails: fast searches, and fails
// recomputes the scores adding the same terms in the same order as
// Evaluate, so that the answer agrees with Evaluate to the last bit.
type rechecker struct {
	a       *Account
	cfg     *Config
	fast    *fastScore
	signals []contribution // the live signals at now, in state order
	breaks  []UnixNano     // instants where a score steps down, sorted
}

// init prepares the search from ev, the evaluation of a at now made with
// its decayed points, with fast (its memory reused) as the fast score.
func (rc *rechecker) init(a *Account, cfg *Config, ev *Evaluation, fast *fastScore, now UnixNano) {
	fast.init(a, cfg, ev, now)
	*rc = rechecker{a: a, cfg: cfg, fast: fast, signals: ev.contrib, breaks: fast.breaks(now)}
}

// fails reports whether some dimension is below its threshold at t.
func (rc *rechecker) fails(t UnixNano) bool {
	var sum [numDimensions]float64
	for _, c := range rc.signals {
		if r := &rc.cfg.Readiness.Signals[c.rule]; expiry(r, c.t) > t {
			sum[r.Dimension] += c.decayed(rc.cfg, t)
		}
	}
	for i := range rc.cfg.Readiness.Attributes {
		if ra := &rc.cfg.Readiness.Attributes[i]; ra.Match(rc.a) == Matched {
			sum[ra.Dimension] += ra.Points
		}
	}
	for i := range rc.cfg.Readiness.Usage {
		if u := &rc.cfg.Readiness.Usage[i]; usageValue(rc.a, u, t) >= u.AtLeast {
			sum[u.Dimension] += u.Points
		}
	}
	for d := Dimension(0); d < numDimensions; d++ {
		if min(100, sum[d]) < rc.cfg.Readiness.Thresholds.Get(d) {
			return true
		}
	}
	return false
}

// firstFailure finds the earliest failing instant after now by the fast
// score: the first breakpoint that fails bounds it; between the previous
// breakpoint and that one the scores are continuous, so bisection finds a
// decay crossing to within a second.
func (rc *rechecker) firstFailure(now UnixNano) (UnixNano, bool) {
	i, _ := slices.BinarySearchFunc(rc.breaks, true, func(b UnixNano, _ bool) int {
		if rc.fast.fails(b) {
			return 1
		}
		return -1
	})
	if i == len(rc.breaks) {
		return 0, false // after the last breakpoint only static points remain
	}
	lo, hi := now, rc.breaks[i]
	if i > 0 {
		lo = rc.breaks[i-1]
	}
	return bisect(rc.fast.fails, lo, hi), true
}

// bisect narrows (lo, hi], lo passing and hi failing, to one second.
func bisect(fails func(UnixNano) bool, lo, hi UnixNano) UnixNano {
	for hi-lo > UnixNano(time.Second) {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// refine checks the fast answer f with the exact computation: it returns
// an instant where Evaluate fails while it passed a second before, moving
// f by whatever the rounding differences require.
func (rc *rechecker) refine(f, now UnixNano) UnixNano {
	hi, step := f, UnixNano(time.Second)
	for !rc.fails(hi) && hi < math.MaxInt64/2 {
		hi, step = hi+step, step*2
	}
	lo := max(hi-UnixNano(time.Second), now)
	for step = UnixNano(time.Second); lo > now && rc.fails(lo); step *= 2 {
		hi, lo = lo, max(lo-step, now)
	}
	return bisect(rc.fails, lo, hi)
}
