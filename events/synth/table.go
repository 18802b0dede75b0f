package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// table is a weighted choice among names, built once from a compact spec.
type table struct {
	names []string
	cum   []uint32 // cumulative weights
}

// newTable parses "name=weight name=weight ..." (weights are non-negative
// decimals, kept to two places). It panics on a malformed spec: specs are
// constants of this package.
func newTable(spec string) table {
	var t table
	var total uint32
	for _, f := range strings.Fields(spec) {
		name, w, ok := strings.Cut(f, "=")
		if !ok {
			panic("synth: bad table entry " + f)
		}
		x, err := strconv.ParseFloat(w, 64)
		if err != nil || x < 0 {
			panic("synth: bad table weight " + f)
		}
		total += uint32(x*100 + 0.5)
		t.names = append(t.names, name)
		t.cum = append(t.cum, total)
	}
	if total == 0 {
		panic("synth: empty table")
	}
	return t
}

// pick returns a random index, with probability proportional to its weight.
func (t *table) pick(r *rand.Rand) int {
	u := r.Uint32N(t.cum[len(t.cum)-1])
	lo, hi := 0, len(t.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if t.cum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool {
	return p > 0 && r.Float64() < p
}

// between returns a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + r.Int64N(hi-lo+1)
}
