package qualify

import (
	"math"
	"time"
)

// Evaluate scores the account and all its leads as of instant t (SPEC §4):
// the fit of every ICP, the best ICP (ties: first in the file) with its grade
// and disqualifiers, the readiness dimensions with their contributions, every
// usage rule over (t−window, t], and each lead's role and verdict. An instant
// before the account clock is taken as the clock (T never moves back).
func Evaluate(a *Account, cfg *Config, t time.Time) Evaluation {
	now := max(At(t), a.Clock)
	e := Evaluation{Account: a.Domain, EvaluatedAt: now.Time(), ConfigVersion: cfg.Version,
		MinGrade: cfg.Qualify.MinGrade, Personas: cfg.Qualify.Personas}
	if a.Firm.Name != nil {
		e.Name = a.Firm.Name.V
	}
	e.fit(a, cfg)
	e.readiness(a, cfg, now)
	e.leads(a, cfg)
	return e
}

// fit evaluates every ICP and picks the best.
func (e *Evaluation) fit(a *Account, cfg *Config) {
	n := 0
	for i := range cfg.ICPs {
		n += len(cfg.ICPs[i].Attributes)
	}
	attrs := make([]AttributeResult, n)
	e.ICPs = make([]ICPResult, len(cfg.ICPs))
	e.best = -1
	for i := range cfg.ICPs {
		icp := &cfg.ICPs[i]
		r := &e.ICPs[i]
		r.Name = icp.Name
		r.Attributes, attrs = attrs[:len(icp.Attributes):len(icp.Attributes)], attrs[len(icp.Attributes):]
		var got, total float64
		for j := range icp.Attributes {
			at := &icp.Attributes[j]
			m := at.Match(a)
			r.Attributes[j] = AttributeResult{Field: at.Field, Rule: at.String(), Weight: at.Weight, Result: m}
			total += at.Weight
			if m == Matched {
				got += at.Weight
			}
		}
		if total > 0 {
			r.Fit = 100 * got / total
		}
		r.Grade = cfg.Grades.Of(r.Fit)
		for j := range icp.Disqualify {
			if d := &icp.Disqualify[j]; d.Match(a) == Matched {
				r.Disqualified = true
				r.DisqualifiedBy = append(r.DisqualifiedBy, d.String())
			}
		}
		if e.best < 0 || r.Fit > e.ICPs[e.best].Fit {
			e.best = i
		}
	}
	if e.best >= 0 {
		b := &e.ICPs[e.best]
		e.ICP, e.Fit, e.Grade, e.Disqualified = b.Name, b.Fit, b.Grade, b.Disqualified
	}
}

// decay returns points × 0.5^(age/halfLife).
func decay(points float64, age, halfLife UnixNano) float64 {
	return points * math.Exp2(-float64(age)/float64(halfLife))
}

// readiness computes the three dimensions as of now.
func (e *Evaluation) readiness(a *Account, cfg *Config, now UnixNano) {
	var sum [numDimensions]float64
	e.signals(a, cfg, now, &sum)
	for i := range cfg.Readiness.Attributes {
		ra := &cfg.Readiness.Attributes[i]
		if ra.Match(a) == Matched {
			d := &e.Dimensions[ra.Dimension]
			d.Attributes = append(d.Attributes, ReadinessResult{Rule: ra.String(), Points: ra.Points})
			sum[ra.Dimension] += ra.Points
		}
	}
	e.Usage = make([]UsageResult, len(cfg.Readiness.Usage))
	for i := range cfg.Readiness.Usage {
		u := &cfg.Readiness.Usage[i]
		r := usageResult(a, u, now)
		e.Usage[i] = r
		if r.Passed {
			d := &e.Dimensions[u.Dimension]
			d.Usage = append(d.Usage, r)
			sum[u.Dimension] += u.Points
		}
	}
	for d := Dimension(0); d < numDimensions; d++ {
		r := &e.Dimensions[d]
		r.Dimension, r.Score, r.Threshold = d, min(100, sum[d]), cfg.Readiness.Thresholds.Get(d)
		r.Passed = r.Score >= r.Threshold
		e.Readiness.Set(d, r.Score)
	}
}

// signals adds the decayed points of live signals, oldest first, using one
// allocation for the three dimensions' lists.
func (e *Evaluation) signals(a *Account, cfg *Config, now UnixNano, sum *[numDimensions]float64) {
	var buf [MaxSignals]int32
	idx := buf[:0]
	if len(a.Signals) > len(buf) {
		idx = make([]int32, 0, len(a.Signals))
	}
	var count [numDimensions]int
	for i := range a.Signals {
		s := &a.Signals[i]
		ri, ok := cfg.kinds[s.Kind]
		if !ok || s.At.T > now || expiry(&cfg.Readiness.Signals[ri], s.At.T) <= now {
			ri = -1
		} else {
			count[cfg.Readiness.Signals[ri].Dimension]++
		}
		idx = append(idx, ri)
	}
	all := make([]SignalResult, 0, count[0]+count[1]+count[2])
	for d := Dimension(0); d < numDimensions; d++ {
		e.Dimensions[d].Signals, all = all[:0:count[d]], all[count[d]:count[d]:cap(all)]
	}
	for i, ri := range idx {
		if ri < 0 {
			continue
		}
		r, s := &cfg.Readiness.Signals[ri], &a.Signals[i]
		v := decay(r.Points, now-s.At.T, UnixNano(r.HalfLife))
		d := &e.Dimensions[r.Dimension]
		d.Signals = append(d.Signals, SignalResult{Kind: r.Kind, Time: s.At.T.Time(), Points: r.Points, Decayed: v})
		sum[r.Dimension] += v
	}
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
