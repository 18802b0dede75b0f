package qualify

import (
	"slices"
	"sort"
)

// fastScore evaluates the readiness thresholds at future instants in
// O(rules × log n): the live signals of one rule decay by the same factor,
// so their points decayed to now are summed once (suffix sums, as signals
// expire oldest first), and usage values come from sorted times. It may
// differ from Evaluate in the last bits; NextRecheck refines its answer
// with the exact computation.
type fastScore struct {
	now        UnixNano
	series     []series
	usage      []usageSeries
	static     [numDimensions]float64
	thresholds Scores
}

type series struct {
	halfLife UnixNano
	dim      Dimension
	expiry   []UnixNano // ascending
	suffix   []float64  // suffix[i]: points decayed to now of signals i…
}

type usageSeries struct {
	rule   *UsageRule
	times  []UnixNano // ascending: users' last activity or observation times
	suffix []int64    // suffix[i]: metric contributed by times i…
}

// newFastScore starts from ev, the evaluation of a at now: its live signals
// with their points decayed to now.
func newFastScore(a *Account, cfg *Config, ev *Evaluation, now UnixNano) *fastScore {
	f := &fastScore{now: now, thresholds: cfg.Readiness.Thresholds}
	f.series = make([]series, len(cfg.Readiness.Signals))
	for i, r := range cfg.Readiness.Signals {
		f.series[i] = series{halfLife: UnixNano(r.HalfLife), dim: r.Dimension}
	}
	points := make([][]float64, len(f.series))
	for _, c := range ev.contrib {
		r := &cfg.Readiness.Signals[c.rule]
		f.series[c.rule].expiry = append(f.series[c.rule].expiry, expiry(r, c.t))
		points[c.rule] = append(points[c.rule], c.decayed(cfg, now))
	}
	for i := range f.series {
		f.series[i].suffix = suffixSums(points[i])
	}
	for i := range cfg.Readiness.Attributes {
		if ra := &cfg.Readiness.Attributes[i]; ra.Match(a) == Matched {
			f.static[ra.Dimension] += ra.Points
		}
	}
	for i := range cfg.Readiness.Usage {
		f.usage = append(f.usage, newUsageSeries(a, &cfg.Readiness.Usage[i]))
	}
	return f
}

func suffixSums[T int64 | float64](v []T) []T {
	s := make([]T, len(v)+1)
	for i := len(v) - 1; i >= 0; i-- {
		s[i] = s[i+1] + v[i]
	}
	return s
}

func newUsageSeries(a *Account, u *UsageRule) usageSeries {
	us := usageSeries{rule: u}
	var counts []int64
	if u.Metric == MetricActiveUsers {
		us.times = make([]UnixNano, len(a.Users))
		for i, x := range a.Users {
			us.times[i] = x.Last
		}
		slices.Sort(us.times)
		counts = make([]int64, len(us.times))
		for i := range counts {
			counts[i] = 1
		}
	} else {
		for _, o := range a.Usage {
			if o.Event == u.Event {
				us.times, counts = append(us.times, o.At.T), append(counts, o.Count)
			}
		}
	}
	us.suffix = suffixSums(counts)
	return us
}

// fails reports whether some dimension is below its threshold at t ≥ now.
func (f *fastScore) fails(t UnixNano) bool {
	sum := f.static
	for i := range f.series {
		s := &f.series[i]
		k := sort.Search(len(s.expiry), func(j int) bool { return s.expiry[j] > t })
		if s.suffix[k] != 0 {
			sum[s.dim] += s.suffix[k] * exp2(-float64(t-f.now)/float64(s.halfLife))
		}
	}
	for i := range f.usage {
		u := &f.usage[i]
		lo := t - UnixNano(u.rule.Window)
		k := sort.Search(len(u.times), func(j int) bool { return u.times[j] > lo })
		if u.suffix[k] >= u.rule.AtLeast {
			sum[u.rule.Dimension] += u.rule.Points
		}
	}
	for d := Dimension(0); d < numDimensions; d++ {
		if min(100, sum[d]) < f.thresholds.Get(d) {
			return true
		}
	}
	return false
}
