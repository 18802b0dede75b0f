package versions

import (
	"errors"
	"fmt"
	"strings"
)

// Keys of the bucket.
const (
	// ActiveKey names the active version.
	ActiveKey = "active"
	// versionPrefix starts the key of every version.
	versionPrefix = "v."
	// versionsFilter matches every version key.
	versionsFilter = "v.>"
)

// errBadKey reports a key that is not the encoding of a version.
var errBadKey = errors.New("versions: not a version key")

// VersionKey is the key of a version (see the package doc).
func VersionKey(version string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(versionPrefix) + len(version))
	b.WriteString(versionPrefix)
	for i := 0; i < len(version); i++ {
		c := version[i]
		dotOK := c == '.' && i > 0 && i < len(version)-1 && version[i-1] != '.'
		if keepByte(c) || dotOK {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('=')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
	return b.String()
}

func keepByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// DecodeVersion returns the version whose key is key.
func DecodeVersion(key string) (string, error) {
	enc, ok := strings.CutPrefix(key, versionPrefix)
	if !ok || enc == "" {
		return "", fmt.Errorf("%w: %q", errBadKey, key)
	}
	var b strings.Builder
	for i := 0; i < len(enc); i++ {
		c := enc[i]
		if c != '=' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(enc) {
			return "", fmt.Errorf("%w: %q", errBadKey, key)
		}
		hi, ok1 := unhex(enc[i+1])
		lo, ok2 := unhex(enc[i+2])
		if !ok1 || !ok2 {
			return "", fmt.Errorf("%w: %q", errBadKey, key)
		}
		b.WriteByte(hi<<4 | lo)
		i += 2
	}
	v := b.String()
	if VersionKey(v) != key { // not the canonical encoding
		return "", fmt.Errorf("%w: %q", errBadKey, key)
	}
	return v, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
