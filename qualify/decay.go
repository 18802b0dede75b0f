package qualify

import "math"

// decay returns points × 0.5^(age/halfLife).
func decay(points float64, age, halfLife UnixNano) float64 {
	return points * exp2(-float64(age)/float64(halfLife))
}

// exp2 returns 2**x, bit for bit what math.Exp2 returns. Where math.Exp2
// is the portable Go code (see exp2_arch.go), this is a copy of it for the
// arguments decay meets (|x| ≤ 1000: no special cases, and the result is a
// normal number, so Ldexp reduces to a multiplication by 2**k) without
// math.Exp2's special cases and Ldexp call; other arguments go to
// math.Exp2.
func exp2(x float64) float64 {
	if !portableExp2 || !(x >= -1000 && x <= 1000) { // NaN included
		return math.Exp2(x)
	}
	const (
		Ln2Hi = 6.93147180369123816490e-01
		Ln2Lo = 1.90821492927058770002e-10
	)
	var k int
	switch {
	case x > 0:
		k = int(x + 0.5)
	case x < 0:
		k = int(x - 0.5)
	}
	t := x - float64(k)
	return expmulti(t*Ln2Hi, -t*Ln2Lo, k)
}

// expmulti is math.expmulti, e**(hi−lo) × 2**k, for |k| ≤ 1000.
func expmulti(hi, lo float64, k int) float64 {
	const (
		P1 = 1.66666666666666657415e-01  /* 0x3FC55555; 0x55555555 */
		P2 = -2.77777777770155933842e-03 /* 0xBF66C16C; 0x16BEBD93 */
		P3 = 6.61375632143793436117e-05  /* 0x3F11566A; 0xAF25DE2C */
		P4 = -1.65339022054652515390e-06 /* 0xBEBBBD41; 0xC5D26BF1 */
		P5 = 4.13813679705723846039e-08  /* 0x3E663769; 0x72BEA4D0 */
	)
	r := hi - lo
	t := r * r
	c := r - t*(P1+t*(P2+t*(P3+t*(P4+t*P5))))
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	return y * math.Float64frombits(uint64(k+1023)<<52) // exact: y×2**k is normal
}
