package statefmt

import "encoding/binary"

// appendID appends an event id: a uvarint tag, 0 for a plain string that
// follows, 1 for a lower-case canonical UUID (its 16 bytes follow), 2+k for
// symbol k followed by lower-case hex digits (their bytes follow), the form
// of most generated ids ("evt-" + 16 hex digits).
func (e *encoder) appendID(b []byte, id string) []byte {
	if len(id) == 36 {
		if u, ok := uuidBytes(id); ok {
			b = binary.AppendUvarint(b, 1)
			return append(b, u[:]...)
		}
	}
	if prefix, digits, ok := hexID(id); ok {
		b = binary.AppendUvarint(b, 2+e.sym(prefix))
		b = binary.AppendUvarint(b, uint64(len(digits)/2))
		return appendHex(b, digits)
	}
	b = binary.AppendUvarint(b, 0)
	return appendStr(b, id)
}

// appendHex appends the bytes of an even number of lower-case hex digits,
// eight digits at a time.
func appendHex(b []byte, digits string) []byte {
	for ; len(digits) >= 8; digits = digits[8:] {
		b = binary.LittleEndian.AppendUint32(b, hex8(binary.LittleEndian.Uint64([]byte(digits[:8]))))
	}
	for i := 0; i+1 < len(digits); i += 2 {
		b = append(b, hexValue[digits[i]]<<4|hexValue[digits[i+1]])
	}
	return b
}

// hex8 converts eight lower-case hex digits (little-endian, the first
// digit in the low byte) to their four bytes, little-endian: each digit's
// value is its low nibble, plus 9 for a letter (bit 6 set).
func hex8(x uint64) uint32 {
	const ones = 0x0101010101010101
	n := x&(0x0f*ones) + (x>>6&ones)*9
	y := (n<<4 | n>>8) & 0x00ff00ff00ff00ff // pairs: first digit high
	y = (y | y>>8) & 0x0000ffff0000ffff
	return uint32(y | y>>16)
}

// hexID splits an id into a prefix and at least 8 lower-case hex digits, an
// even number of them, after the prefix's last non-hex character.
func hexID(id string) (prefix, digits string, ok bool) {
	i := len(id)
	for i > 0 && isLowerHex(id[i-1]) {
		i--
	}
	digits = id[i:]
	return id[:i], digits, len(digits) >= 8 && len(digits)%2 == 0
}

func isLowerHex(c byte) bool { return hexValue[c] < 16 }

// hexValue is the value of a lower-case hex digit, 0xff for any other byte.
var hexValue = func() (t [256]byte) {
	for c := range t {
		t[c] = 0xff
	}
	for i, c := range hexDigits {
		t[c] = byte(i)
	}
	return t
}()

// uuidBytes reads a lower-case canonical UUID (8-4-4-4-12 hex digits).
func uuidBytes(id string) (u [16]byte, ok bool) {
	if len(id) != 36 {
		return u, false
	}
	k := 0
	for i := 0; i < 36; i += 2 {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if id[i] != '-' {
				return u, false
			}
			i--
			continue
		}
		if !isLowerHex(id[i]) || !isLowerHex(id[i+1]) {
			return u, false
		}
		u[k] = hexValue[id[i]]<<4 | hexValue[id[i+1]]
		k++
	}
	return u, k == 16
}

// localPart returns the part of email before "@domain", if it ends so.
func localPart(email, domain string) (string, bool) {
	n := len(email) - len(domain) - 1
	if domain == "" || n <= 0 || email[n] != '@' || email[n+1:] != domain {
		return email, false
	}
	return email[:n], true
}

const hexDigits = "0123456789abcdef"

// id reads an event id written by appendID (format 1: a plain string). An
// id stored as bytes is expanded into arena; its span there is returned
// (the caller slices the arena once it is complete), a plain id as s.
func (r *reader) id(arena []byte) (_ []byte, s string, off, n int) {
	if r.format == 1 {
		return arena, r.str(), -1, 0
	}
	off = len(arena)
	switch tag := r.uvarint(); tag {
	case 0:
		return arena, r.str(), -1, 0
	case 1:
		if len(r.s) < 16 {
			r.fail()
			return arena, "", -1, 0
		}
		u := r.s[:16]
		r.s = r.s[16:]
		for i := range 16 {
			if i == 4 || i == 6 || i == 8 || i == 10 {
				arena = append(arena, '-')
			}
			arena = append(arena, hexDigits[u[i]>>4], hexDigits[u[i]&0xf])
		}
	default:
		if tag-2 >= uint64(len(r.symbols)) {
			r.fail()
			return arena, "", -1, 0
		}
		arena = append(arena, r.symbols[tag-2]...)
		k := r.uvarint()
		if k > uint64(len(r.s)) {
			r.fail()
			return arena, "", -1, 0
		}
		for i := range int(k) {
			arena = append(arena, hexDigits[r.s[i]>>4], hexDigits[r.s[i]&0xf])
		}
		r.s = r.s[k:]
	}
	return arena, "", off, len(arena) - off
}
