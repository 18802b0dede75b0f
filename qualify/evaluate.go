package qualify

import "time"

// Evaluate scores the account and all its leads as of instant t (README, Scoring):
// the fit of every ICP, the best ICP (ties: first in the file) with its grade
// and disqualifiers, the readiness dimensions with their contributions, every
// usage rule over (t−window, t], and each lead's role and verdict. An instant
// before the account clock is taken as the clock (T never moves back).
func Evaluate(a *Account, cfg *Config, t time.Time) Evaluation {
	var e Evaluation
	e.evaluate(a, cfg, At(t), false)
	return e
}

// EvaluateInto is Evaluate storing its result in *e, reusing the memory of
// e's slices: once warm it allocates nothing. It overwrites the previous
// contents of e, and with them the slices of Explanations and Transitions
// made from e (encode or copy those first). For callers that evaluate one
// account after another, with one Evaluation per goroutine.
func EvaluateInto(e *Evaluation, a *Account, cfg *Config, t time.Time) {
	e.evaluate(a, cfg, At(t), false)
}

// evaluate is EvaluateInto; with keepDecayed the Evaluation also records
// the decayed points of its live signals (for NextRecheck).
func (e *Evaluation) evaluate(a *Account, cfg *Config, t UnixNano, keepDecayed bool) {
	now := max(t, a.Clock)
	buf := e.buf
	*e = Evaluation{Account: a.Domain, EvaluatedAt: now.Time(), ConfigVersion: cfg.Version,
		MinGrade: cfg.Qualify.MinGrade, Personas: cfg.Qualify.Personas, cfg: cfg, now: now, buf: buf}
	e.contrib = reuse(e.buf.contrib, 0, len(a.Signals))
	if keepDecayed {
		e.decayed = reuse(e.buf.decayed, 0, len(a.Signals))
	}
	if a.Firm.Name != nil {
		e.Name = a.Firm.Name.V
	}
	e.fit(a, cfg)
	e.readiness(a, cfg, now)
	e.leads(a, cfg)
	e.buf.contrib, e.buf.decayed = e.contrib, e.decayed
}

// reuse returns s resliced to length n when its capacity allows it (its
// first n elements are stale) and at least c, else a new slice of length n
// and capacity max(n, c). It never returns nil.
func reuse[T any](s []T, n, c int) []T {
	if s == nil || cap(s) < max(n, c) {
		return make([]T, n, max(n, c))
	}
	return s[:n]
}

// fit evaluates every ICP and picks the best.
func (e *Evaluation) fit(a *Account, cfg *Config) {
	n := 0
	for i := range cfg.ICPs {
		n += len(cfg.ICPs[i].Attributes)
	}
	attrs := reuse(e.buf.attrs, n, n) // one allocation for all ICPs
	e.buf.attrs = attrs
	e.ICPs = reuse(e.buf.icps, len(cfg.ICPs), 0)
	e.buf.icps = e.ICPs
	dq := e.buf.dq[:0]
	e.best = -1
	for i := range cfg.ICPs {
		k := len(cfg.ICPs[i].Attributes)
		e.ICPs[i], dq = icpResult(&cfg.ICPs[i], a, cfg.Grades, attrs[:k:k], dq)
		attrs = attrs[k:]
		if e.best < 0 || e.ICPs[i].Fit > e.ICPs[e.best].Fit {
			e.best = i
		}
	}
	e.buf.dq = dq
	if e.best >= 0 {
		b := &e.ICPs[e.best]
		e.ICP, e.Fit, e.Grade, e.Disqualified = b.Name, b.Fit, b.Grade, b.Disqualified
	}
}

// icpResult scores one ICP, filling attrs with its attribute outcomes and
// appending its matching disqualifiers to dq (DisqualifiedBy is that part
// of dq, nil when none).
func icpResult(icp *ICP, a *Account, grades Grades, attrs []AttributeResult, dq []string) (ICPResult, []string) {
	r := ICPResult{Name: icp.Name, Attributes: attrs}
	var got, total float64
	for j := range icp.Attributes {
		at := &icp.Attributes[j]
		m := at.Match(a)
		attrs[j] = AttributeResult{Field: at.Field, Rule: at.String(), Weight: at.Weight, Result: m}
		total += at.Weight
		if m == Matched {
			got += at.Weight
		}
	}
	if total > 0 {
		r.Fit = 100 * got / total
	}
	r.Grade = grades.Of(r.Fit)
	start := len(dq)
	for j := range icp.Disqualify {
		if d := &icp.Disqualify[j]; d.Match(a) == Matched {
			r.Disqualified = true
			dq = append(dq, d.String())
		}
	}
	if len(dq) > start {
		r.DisqualifiedBy = dq[start:len(dq):len(dq)]
	}
	return r, dq
}

// readiness computes the three dimensions as of now.
func (e *Evaluation) readiness(a *Account, cfg *Config, now UnixNano) {
	var sum [numDimensions]float64
	e.signals(a, cfg, now, &sum)
	dimAttrs, dimUsage := &e.buf.dimAttrs, &e.buf.dimUsage
	for d := range dimAttrs {
		dimAttrs[d], dimUsage[d] = dimAttrs[d][:0], dimUsage[d][:0]
	}
	for i := range cfg.Readiness.Attributes {
		ra := &cfg.Readiness.Attributes[i]
		if ra.Match(a) == Matched {
			dimAttrs[ra.Dimension] = append(dimAttrs[ra.Dimension], ReadinessResult{Rule: ra.String(), Points: ra.Points})
			sum[ra.Dimension] += ra.Points
		}
	}
	e.Usage = reuse(e.buf.usage, len(cfg.Readiness.Usage), 0)
	e.buf.usage = e.Usage
	for i := range cfg.Readiness.Usage {
		u := &cfg.Readiness.Usage[i]
		r := usageResult(a, u, now)
		e.Usage[i] = r
		if r.Passed {
			dimUsage[u.Dimension] = append(dimUsage[u.Dimension], r)
			sum[u.Dimension] += u.Points
		}
	}
	for d := Dimension(0); d < numDimensions; d++ {
		r := &e.Dimensions[d]
		r.Dimension, r.Score, r.Threshold = d, min(100, sum[d]), cfg.Readiness.Thresholds.Get(d)
		r.Passed = r.Score >= r.Threshold
		r.Attributes, r.Usage = nonEmpty(dimAttrs[d]), nonEmpty(dimUsage[d])
		e.Readiness.Set(d, r.Score)
	}
}

// nonEmpty returns s with its capacity limited to its length, nil when
// it is empty (as appending to a nil slice leaves it).
func nonEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s[:len(s):len(s)]
}

// contribution is one live signal, kept compact (no pointers, no decayed
// points: decay recomputes them bit for bit) so that Evaluate stays cheap;
// Signals expands them.
type contribution struct {
	t    UnixNano
	rule int32
}

// decayed returns the points of c decayed to now, as Evaluate added them.
func (c contribution) decayed(cfg *Config, now UnixNano) float64 {
	r := &cfg.Readiness.Signals[c.rule]
	return decay(r.Points, now-c.t, UnixNano(r.HalfLife))
}

// signals adds the decayed points of live signals, oldest first.
func (e *Evaluation) signals(a *Account, cfg *Config, now UnixNano, sum *[numDimensions]float64) {
	rules := cfg.Readiness.Signals
	for i := range a.Signals {
		s := &a.Signals[i]
		ri, ok := cfg.ruleIndex(s.Kind)
		if !ok || s.At.T > now {
			continue
		}
		r := &rules[ri]
		if expiry(r, s.At.T) <= now {
			continue
		}
		v := decay(r.Points, now-s.At.T, UnixNano(r.HalfLife))
		e.contrib = append(e.contrib, contribution{t: s.At.T, rule: ri})
		if e.decayed != nil {
			e.decayed = append(e.decayed, v)
		}
		sum[r.Dimension] += v
	}
}

// Signals returns the signals contributing to dimension d, oldest first,
// with their raw and decayed points.
func (e *Evaluation) Signals(d Dimension) []SignalResult {
	out := []SignalResult{}
	for _, c := range e.contrib {
		if r := &e.cfg.Readiness.Signals[c.rule]; r.Dimension == d {
			out = append(out, SignalResult{Kind: r.Kind, Time: c.t.Time(), Points: r.Points, Decayed: c.decayed(e.cfg, e.now)})
		}
	}
	return out
}

// usageValue computes the metric of rule u over (now−window, now].
func usageValue(a *Account, u *UsageRule, now UnixNano) int64 {
	lo := now - UnixNano(u.Window)
	var v int64
	if u.Metric == MetricActiveUsers {
		for i := range a.Users {
			if t := a.Users[i].Last; t > lo && t <= now {
				v++
			}
		}
		return v
	}
	for i := range a.Usage {
		if o := &a.Usage[i]; o.At.T > lo && o.At.T <= now && o.Event == u.Event {
			v += o.Count
		}
	}
	return v
}

func usageResult(a *Account, u *UsageRule, now UnixNano) UsageResult {
	v := usageValue(a, u, now)
	w := u.window
	if w == "" {
		w = formatDuration(u.Window)
	}
	return UsageResult{Name: u.Name, Metric: u.Metric, Event: u.Event, Window: w,
		Value: v, AtLeast: u.AtLeast, Dimension: u.Dimension, Points: u.Points, Passed: v >= u.AtLeast}
}
