package qualify

import (
	"slices"
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
	now := a.Clock
	ev := Evaluate(a, cfg, now.Time())
	for i := range a.Leads {
		if r := ev.leadAt(i, a.Leads[i].Email); a.Leads[i].Qualified && (r == nil || !r.Qualified) {
			return now.Time(), true
		}
	}
	rc := newRechecker(a, cfg, now)
	at, ok := rc.firstFailure(now)
	if !ok {
		return time.Time{}, false
	}
	return at.Time(), true
}

// rechecker recomputes the readiness scores at future instants, adding the
// same terms in the same order as Evaluate so both agree to the last bit.
type rechecker struct {
	a       *Account
	cfg     *Config
	signals []liveSignal
	breaks  []UnixNano // instants where a score steps down, sorted
}

type liveSignal struct {
	t, halfLife, expiry UnixNano
	points              float64
	dim                 Dimension
}

func newRechecker(a *Account, cfg *Config, now UnixNano) *rechecker {
	rc := &rechecker{a: a, cfg: cfg}
	for _, s := range a.Signals {
		ri, ok := cfg.kinds[s.Kind]
		if !ok {
			continue
		}
		r := &cfg.Readiness.Signals[ri]
		ls := liveSignal{t: s.At.T, halfLife: UnixNano(r.HalfLife), expiry: expiry(r, s.At.T), points: r.Points, dim: r.Dimension}
		if ls.expiry > now && ls.t <= now {
			rc.signals = append(rc.signals, ls)
			rc.breaks = append(rc.breaks, ls.expiry)
		}
	}
	for i := range cfg.Readiness.Usage {
		rc.usageBreaks(&cfg.Readiness.Usage[i], now)
	}
	slices.Sort(rc.breaks)
	rc.breaks = slices.Compact(rc.breaks)
	return rc
}

// usageBreaks adds the instants observations leave the window of u.
func (rc *rechecker) usageBreaks(u *UsageRule, now UnixNano) {
	w := UnixNano(u.Window)
	if u.Metric == MetricActiveUsers {
		for _, us := range rc.a.Users {
			if end := us.Last + w; end > now {
				rc.breaks = append(rc.breaks, end)
			}
		}
		return
	}
	for _, o := range rc.a.Usage {
		if end := o.At.T + w; o.Event == u.Event && end > now {
			rc.breaks = append(rc.breaks, end)
		}
	}
}

// fails reports whether some dimension is below its threshold at t.
func (rc *rechecker) fails(t UnixNano) bool {
	var sum [numDimensions]float64
	for _, s := range rc.signals {
		if s.expiry > t {
			sum[s.dim] += decay(s.points, t-s.t, s.halfLife)
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

// firstFailure finds the earliest failing instant after now: the first
// breakpoint that fails bounds it; between the previous breakpoint and that
// one the scores are continuous, so bisection finds a decay crossing.
func (rc *rechecker) firstFailure(now UnixNano) (UnixNano, bool) {
	if rc.fails(now) {
		return now, true
	}
	i, _ := slices.BinarySearchFunc(rc.breaks, true, func(b UnixNano, _ bool) int {
		if rc.fails(b) {
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
	for hi-lo > UnixNano(time.Second) {
		mid := lo + (hi-lo)/2
		if rc.fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}
