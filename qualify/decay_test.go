package qualify

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExp2MatchesMath: exp2 is math.Exp2 bit for bit, so that decayed
// points, scores and threshold crossings are those of math.Exp2.
func TestExp2MatchesMath(t *testing.T) {
	check := func(x float64) {
		t.Helper()
		if got, want := exp2(x), math.Exp2(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("exp2(%v) = %v (%#x), math.Exp2 = %v (%#x)", x, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), -0.5, 0.5, -1, -9.5, -10, -1000, 1000, -1000.5, -1074.5,
		-1075, 1024, -1e-300, 5e-324, math.NaN(), math.Inf(1), math.Inf(-1), math.Nextafter(-0.5, 0), math.Nextafter(-0.5, -1)} {
		check(x)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2_000_000 {
		check(-10 * r.Float64()) // decay: age in [0, 10 half-lives)
	}
	for range 200_000 {
		check(-float64(r.Int64N(int64(10*90*day))) / float64(r.Int64N(int64(90*day))+1))
		check(2200*r.Float64() - 1100)
	}
	for k := -1100; k <= 1100; k++ { // rounding boundaries of the reduction
		for _, x := range []float64{float64(k) + 0.5, float64(k) - 0.5, float64(k)} {
			check(x)
			check(math.Nextafter(x, math.Inf(1)))
			check(math.Nextafter(x, math.Inf(-1)))
		}
	}
}
