package statefmt

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/leadq/leadq/qualify"
)

// Encode encodes a in the format of Version and returns the state, a new,
// exactly sized slice; equal accounts give equal bytes. It works in one
// pass: the body (what follows the tables) and the stamp table are written
// to pooled scratch buffers while symbols and stamps are interned in
// first-use order, then the three parts are copied into the result.
func Encode(a *qualify.Account) []byte {
	e := encoders.Get().(*encoder)
	defer e.release()
	e.reset(a)
	b := e.body
	b = appendStr(b, a.Domain)
	b = appendStr(b, a.Owner)
	b = e.appendFirm(b, &a.Firm)
	b = e.appendLeads(b, a.Leads, a.Domain)
	b = binary.AppendUvarint(b, uint64(len(a.Signals)))
	for i := range a.Signals {
		s := &a.Signals[i]
		b = binary.AppendUvarint(b, e.sym(s.Kind))
		b = binary.AppendUvarint(b, e.stamp(&s.At))
	}
	b = binary.AppendUvarint(b, uint64(len(a.Users)))
	for _, u := range a.Users {
		b = appendStr(b, u.User)
		b = appendTime(b, int64(u.Last), e.clock)
	}
	b = binary.AppendUvarint(b, uint64(len(a.Usage)))
	for i := range a.Usage {
		o := &a.Usage[i]
		b = binary.AppendUvarint(b, e.sym(o.Event))
		b = binary.AppendVarint(b, o.Count)
		b = binary.AppendUvarint(b, e.stamp(&o.At))
	}
	e.body = b
	h := append(e.head[:0], Version)
	h = binary.AppendVarint(h, e.clock)
	h = binary.AppendUvarint(h, uint64(len(e.symbols)))
	for _, s := range e.symbols {
		if k, ok := builtinIndex[s]; ok {
			h = binary.AppendUvarint(h, k)
			continue
		}
		h = binary.AppendUvarint(h, 0)
		h = appendStr(h, s)
	}
	h = binary.AppendUvarint(h, uint64(len(e.stamps)))
	e.head = h
	out := make([]byte, 0, len(h)+len(e.stab)+len(b))
	return append(append(append(out, h...), e.stab...), b...)
}

// encoder interns the symbols and stamps of one account and holds the
// scratch buffers of Encode.
type encoder struct {
	clock      int64
	head, stab []byte // format, clock and symbol table; stamp table entries
	body       []byte
	symbols    []string
	symIdx     map[string]uint64 // past linearMax symbols
	stamps     []*qualify.Stamp  // into the account being encoded
	slots      []uint32          // open-addressing table of stamps: index+1, 0 empty
	shift      uint              // 64 - log2(len(slots))
}

// encoders reuses the tables and buffers of Encode.
var encoders = sync.Pool{New: func() any {
	return &encoder{symIdx: make(map[string]uint64, 16)}
}}

// maxScratch bounds the buffers an encoder keeps for the next account.
const maxScratch = 64 << 10

func (e *encoder) reset(a *qualify.Account) {
	e.clock = int64(a.Clock)
	e.head, e.stab, e.body = e.head[:0], e.stab[:0], e.body[:0]
	// At most this many distinct stamps; the table stays at most half full.
	n := 8 + 5*len(a.Leads) + len(a.Signals) + len(a.Usage)
	size, shift := 16, uint(60)
	for size < 2*n {
		size, shift = size*2, shift-1
	}
	if cap(e.slots) < size {
		e.slots = make([]uint32, size)
	}
	e.slots, e.shift = e.slots[:size], shift
	clear(e.slots)
}

func (e *encoder) release() {
	if len(e.symbols) > linearMax {
		clear(e.symIdx)
	}
	clear(e.symbols)
	clear(e.stamps)
	e.symbols, e.stamps = e.symbols[:0], e.stamps[:0]
	if cap(e.body)+cap(e.stab)+cap(e.head) > maxScratch {
		e.head, e.stab, e.body = nil, nil, nil
	}
	encoders.Put(e)
}

// Symbols are looked up by a linear scan while there are few (the common
// case, cheaper than hashing), through a map past linearMax.
const linearMax = 32

// sym returns the index of symbol s, interning it on first use.
func (e *encoder) sym(s string) uint64 {
	if len(e.symbols) > linearMax {
		if i, ok := e.symIdx[s]; ok {
			return i
		}
	} else {
		for i, x := range e.symbols {
			if x == s {
				return uint64(i)
			}
		}
	}
	i := uint64(len(e.symbols))
	e.symbols = append(e.symbols, s)
	switch {
	case len(e.symbols) == linearMax+1:
		for k, x := range e.symbols {
			e.symIdx[x] = uint64(k)
		}
	case len(e.symbols) > linearMax+1:
		e.symIdx[s] = i
	}
	return i
}

// stamp returns the index of stamp s, interning it on first use: its entry
// of the stamp table is written then (time, source symbol, id).
func (e *encoder) stamp(s *qualify.Stamp) uint64 {
	mask := uint64(len(e.slots) - 1)
	for h := stampHash(s) >> e.shift; ; h = (h + 1) & mask {
		k := e.slots[h]
		if k == 0 {
			i := len(e.stamps)
			e.slots[h] = uint32(i) + 1
			e.stamps = append(e.stamps, s)
			t := appendTime(e.stab, int64(s.T), e.clock)
			t = binary.AppendUvarint(t, e.sym(s.S))
			e.stab = e.appendID(t, s.I)
			return uint64(i)
		}
		if x := e.stamps[k-1]; x.T == s.T && x.I == s.I && x.S == s.S {
			return uint64(k - 1)
		}
	}
}

// stampHash mixes a stamp's time with the length and last 8 bytes of its
// id (the digits that differ between generated ids), read in one load; the
// top bits index the table.
func stampHash(s *qualify.Stamp) uint64 {
	v := uint64(len(s.I))
	if len(s.I) >= 8 {
		v ^= binary.LittleEndian.Uint64([]byte(s.I[len(s.I)-8:]))
	} else {
		for i := range len(s.I) {
			v = v<<8 | uint64(s.I[i])
		}
	}
	return (uint64(s.T)*0x9e3779b97f4a7c15 ^ v) * 0xbf58476d1ce4e5b9
}

func (e *encoder) appendFirm(b []byte, f *qualify.Firmographics) []byte {
	texts := [...]*qualify.Text{f.Name, f.Industry, f.Country, f.GrowthStage, f.BusinessModel}
	var mask byte
	for i, t := range texts {
		if t != nil {
			mask |= 1 << i
		}
	}
	for i, n := range [...]*qualify.Number{f.Employees, f.AnnualRevenue} {
		if n != nil {
			mask |= 1 << (5 + i)
		}
	}
	if f.TechStack != nil {
		mask |= 1 << 7
	}
	b = append(b, mask)
	b = e.appendTexts(b, texts[:])
	for _, n := range [...]*qualify.Number{f.Employees, f.AnnualRevenue} {
		if n != nil {
			b = appendNumber(b, n.V)
			b = binary.AppendUvarint(b, e.stamp(&n.At))
		}
	}
	if l := f.TechStack; l != nil {
		if l.V == nil {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, uint64(len(l.V))+1)
		}
		for _, s := range l.V {
			b = appendStr(b, s)
		}
		b = binary.AppendUvarint(b, e.stamp(&l.At))
	}
	return b
}

// appendTexts appends the present texts (the caller wrote their mask).
func (e *encoder) appendTexts(b []byte, texts []*qualify.Text) []byte {
	for _, t := range texts {
		if t != nil {
			b = appendStr(b, t.V)
			b = binary.AppendUvarint(b, e.stamp(&t.At))
		}
	}
	return b
}

func (e *encoder) appendLeads(b []byte, leads []qualify.Lead, domain string) []byte {
	b = binary.AppendUvarint(b, uint64(len(leads)))
	for i := range leads {
		l := &leads[i]
		local, atDomain := localPart(l.Email, domain)
		b = appendStr(b, local)
		texts := [...]*qualify.Text{l.FirstName, l.LastName, l.Title, l.Department, l.Country}
		var mask byte
		for k, t := range texts {
			if t != nil {
				mask |= 1 << k
			}
		}
		if l.Qualified {
			mask |= leadQualified
		}
		if atDomain {
			mask |= leadEmailAtDomain
		}
		b = append(b, mask)
		b = e.appendTexts(b, texts[:])
		b = binary.AppendUvarint(b, e.sym(l.Role))
		b = binary.AppendVarint(b, int64(l.Rule))
		b = binary.AppendUvarint(b, uint64(l.RoleKey))
		b = binary.AppendVarint(b, l.Seq)
	}
	return b
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendTime appends instant t (ns) as its distance to base in whole
// seconds, milliseconds or nanoseconds, whichever divides it (two low bits
// say which; 3 means the raw 8 bytes follow).
func appendTime(b []byte, t, base int64) []byte {
	// Constant divisors: the compiler turns them into multiplications.
	d := t - base
	var zz, unit uint64
	switch {
	case d%1e9 == 0:
		zz, unit = zigzag(d/1e9), 0
	case d%1e6 == 0:
		zz, unit = zigzag(d/1e6), 1
	default:
		zz, unit = zigzag(d), 2
	}
	if zz < 1<<61 {
		return binary.AppendUvarint(b, zz<<2|unit)
	}
	b = binary.AppendUvarint(b, 3)
	return binary.LittleEndian.AppendUint64(b, uint64(t))
}

// appendNumber appends an integral number below 2^53 as a varint, any other
// as its 8 bytes (low bit of the first uvarint says which).
func appendNumber(b []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 && !(f == 0 && math.Signbit(f)) {
		return binary.AppendUvarint(b, zigzag(int64(f))<<1)
	}
	b = binary.AppendUvarint(b, 1)
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}
