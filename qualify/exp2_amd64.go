package qualify

// portableExp2 is true where math.Exp2 is the portable Go code that exp2
// copies (on arm64 and loong64 it is assembly). Other architectures keep
// math.Exp2.
const portableExp2 = true
