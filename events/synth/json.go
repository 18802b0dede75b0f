package synth

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// JSON is built by appending to a reused buffer: no reflection on the hot path.
// A key is preceded by a comma unless it opens its object.

// key appends `"k":`, with a comma when a member precedes it.
func key(b []byte, k string) []byte {
	if c := b[len(b)-1]; c != '{' && c != '[' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

// kstr appends a string member.
func kstr(b []byte, k, v string) []byte {
	return appendString(key(b, k), v)
}

// kint appends an integer member.
func kint(b []byte, k string, v int64) []byte {
	return strconv.AppendInt(key(b, k), v, 10)
}

// kfloat appends a number member with at most two decimals.
func kfloat(b []byte, k string, v float64) []byte {
	return strconv.AppendFloat(key(b, k), v, 'f', -1, 64)
}

// kdate appends a "YYYY-MM-DD" member.
func kdate(b []byte, k string, ms int64) []byte {
	b = append(key(b, k), '"')
	b = time.UnixMilli(ms).UTC().AppendFormat(b, time.DateOnly)
	return append(b, '"')
}

// appendString appends s as a JSON string. Generated strings seldom need
// escaping; the slow path handles quotes, backslashes, control characters and
// invalid UTF-8.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		default:
			if c >= utf8.RuneSelf {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, `\u00`...)
				b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
			}
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendHex64 appends x as 16 lower-case hex digits.
func appendHex64(b []byte, x uint64) []byte {
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, hexDigits[(x>>uint(shift))&0xf])
	}
	return b
}

// appendTime appends ms (Unix milliseconds) as RFC 3339 in UTC with
// milliseconds: 2026-11-01T10:00:00.000Z. The date part is cached per day.
func (g *Generator) appendTime(b []byte, ms int64) []byte {
	day := ms / 86_400_000
	if ms < 0 {
		return time.UnixMilli(ms).UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z")
	}
	if day != g.day {
		g.day = day
		g.dayText = time.UnixMilli(day*86_400_000).UTC().AppendFormat(g.dayText[:0], "2006-01-02T")
	}
	b = append(b, g.dayText...)
	rem := ms - day*86_400_000
	h, m, s, milli := rem/3_600_000, rem/60_000%60, rem/1000%60, rem%1000
	b = append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':',
		byte('0'+s/10), byte('0'+s%10), '.', byte('0'+milli/100), byte('0'+milli/10%10),
		byte('0'+milli%10), 'Z')
	return b
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
