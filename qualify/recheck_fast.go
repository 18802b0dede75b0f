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
	halfLives  []UnixNano // the distinct half-lives of the series
	factor     []float64  // by half-life: decay factor at the instant fails checks

	// memory kept for the next init
	count    []int
	expiries []UnixNano
	suffixes []float64
	run, tmp []UnixNano
	runEnds  []int
}

type series struct {
	halfLife UnixNano
	group    int // index of halfLife in fastScore.halfLives
	dim      Dimension
	expiry   []UnixNano // ascending
	suffix   []float64  // suffix[i]: points decayed to now of signals i…
}

type usageSeries struct {
	rule   *UsageRule
	times  []UnixNano // ascending: users' last activity or observation times
	suffix []int64    // suffix[i]: metric contributed by times i…
}

// init starts from ev, the evaluation of a at now with its decayed points:
// its live signals, grouped by rule. It reuses the memory of f's slices.
func (f *fastScore) init(a *Account, cfg *Config, ev *Evaluation, now UnixNano) {
	f.now, f.thresholds, f.static = now, cfg.Readiness.Thresholds, [numDimensions]float64{}
	rules := cfg.Readiness.Signals
	f.series = reuse(f.series, len(rules), 0)
	count := reuse(f.count, len(rules), 0)
	clear(count)
	for _, c := range ev.contrib {
		count[c.rule]++
	}
	expiries := reuse(f.expiries, len(ev.contrib), 0)
	suffixes := reuse(f.suffixes, len(ev.contrib)+len(rules), 0)
	f.count, f.expiries, f.suffixes = count, expiries, suffixes
	f.halfLives = f.halfLives[:0]
	for i, r := range rules {
		n, hl := count[i], UnixNano(r.HalfLife)
		g := slices.Index(f.halfLives, hl)
		if g < 0 {
			g, f.halfLives = len(f.halfLives), append(f.halfLives, hl)
		}
		f.series[i] = series{halfLife: hl, group: g, dim: r.Dimension,
			expiry: expiries[:0:n], suffix: suffixes[: n+1 : n+1]}
		expiries, suffixes = expiries[n:], suffixes[n+1:]
	}
	for j, c := range ev.contrib {
		s := &f.series[c.rule]
		s.suffix[len(s.expiry)] = ev.decayed[j]
		s.expiry = append(s.expiry, expiry(&rules[c.rule], c.t))
	}
	for i := range f.series {
		sfx := f.series[i].suffix // suffix[i]: points of signals i… (suffix[n] is 0)
		sfx[len(sfx)-1] = 0
		for k := len(sfx) - 2; k >= 0; k-- {
			sfx[k] = sfx[k+1] + sfx[k]
		}
	}
	// rules without live signals add nothing: fails need not visit them
	f.series = slices.DeleteFunc(f.series, func(s series) bool { return len(s.expiry) == 0 })
	for i := range cfg.Readiness.Attributes {
		if ra := &cfg.Readiness.Attributes[i]; ra.Match(a) == Matched {
			f.static[ra.Dimension] += ra.Points
		}
	}
	f.factor = reuse(f.factor, len(f.halfLives), 0)
	f.usage = reuse(f.usage, len(cfg.Readiness.Usage), 0)
	for i := range cfg.Readiness.Usage {
		f.usage[i].init(a, &cfg.Readiness.Usage[i])
	}
}

// init sets us to the usage of rule u, reusing its memory.
func (us *usageSeries) init(a *Account, u *UsageRule) {
	us.rule = u
	if u.Metric == MetricActiveUsers {
		us.times = reuse(us.times, len(a.Users), 0)
		for i, x := range a.Users {
			us.times[i] = x.Last
		}
		slices.Sort(us.times)
		us.suffix = reuse(us.suffix, len(us.times)+1, 0)
		for i := range us.suffix {
			us.suffix[i] = int64(len(us.times) - i) // one a user
		}
		return
	}
	us.times = reuse(us.times, 0, len(a.Usage))
	us.suffix = reuse(us.suffix, 0, len(a.Usage)+1)
	for _, o := range a.Usage {
		if o.Event == u.Event {
			us.times, us.suffix = append(us.times, o.At.T), append(us.suffix, o.Count)
		}
	}
	us.suffix = append(us.suffix, 0) // the counts, turned into suffix sums:
	for k := len(us.times) - 1; k >= 0; k-- {
		us.suffix[k] += us.suffix[k+1]
	}
}

// breaks returns the instants after now where a score steps down (a
// signal expires, an observation leaves a window), sorted without
// duplicates: each series is sorted already, so they are merged. The
// result is valid until the next init or breaks.
func (f *fastScore) breaks(now UnixNano) []UnixNano {
	n := 0
	for i := range f.series {
		n += len(f.series[i].expiry)
	}
	for i := range f.usage {
		n += len(f.usage[i].times)
	}
	v, ends := reuse(f.run, 0, n), reuse(f.runEnds, 0, len(f.series)+len(f.usage))
	for i := range f.series {
		v = append(v, f.series[i].expiry...) // live signals: all after now
		ends = append(ends, len(v))
	}
	for i := range f.usage {
		u := &f.usage[i]
		w := UnixNano(u.rule.Window)
		k, _ := slices.BinarySearch(u.times, now-w+1) // first with time+w > now
		for _, t := range u.times[k:] {
			v = append(v, t+w)
		}
		ends = append(ends, len(v))
	}
	f.runEnds = ends
	sorted, spare := mergeRuns(v, reuse(f.tmp, len(v), 0), ends)
	f.run, f.tmp = sorted, spare
	return slices.Compact(sorted)
}

// mergeRuns sorts v, made of sorted runs ending at ends, by merging
// neighbouring runs until one is left, using tmp (as long as v). It
// returns the sorted values and the other buffer.
func mergeRuns(v, tmp []UnixNano, ends []int) (sorted, spare []UnixNano) {
	for len(ends) > 1 {
		k, start := 0, 0
		for i := 0; i < len(ends); i += 2 {
			if i+1 == len(ends) { // odd one out
				copy(tmp[start:ends[i]], v[start:ends[i]])
				ends[k], k = ends[i], k+1
				break
			}
			merge(tmp[start:ends[i+1]], v[start:ends[i]], v[ends[i]:ends[i+1]])
			ends[k], k, start = ends[i+1], k+1, ends[i+1]
		}
		ends, v, tmp = ends[:k], tmp, v
	}
	return v, tmp
}

// merge writes the sorted x and y into dst, len(x)+len(y) long.
func merge(dst, x, y []UnixNano) {
	i, j := 0, 0
	for k := range dst {
		if j == len(y) || (i < len(x) && x[i] <= y[j]) {
			dst[k], i = x[i], i+1
		} else {
			dst[k], j = y[j], j+1
		}
	}
}

// fails reports whether some dimension is below its threshold at t ≥ now.
// Series of one half-life decay by the same factor, computed once.
func (f *fastScore) fails(t UnixNano) bool {
	sum := f.static
	for g := range f.factor {
		f.factor[g] = -1 // not computed yet (a factor is ≥ 0)
	}
	for i := range f.series {
		s := &f.series[i]
		k := sort.Search(len(s.expiry), func(j int) bool { return s.expiry[j] > t })
		if s.suffix[k] != 0 {
			x := f.factor[s.group]
			if x < 0 {
				x = exp2(-float64(t-f.now) / float64(s.halfLife))
				f.factor[s.group] = x
			}
			sum[s.dim] += s.suffix[k] * x
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
