//go:build !amd64

package qualify

// portableExp2 is false: exp2 calls math.Exp2.
const portableExp2 = false
