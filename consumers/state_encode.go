package consumers

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/leadq/leadq/qualify"
)

// encodeState encodes an account for the store.
func encodeState(a *qualify.Account) []byte {
	e := encoders.Get().(*stateEncoder)
	defer e.release()
	e.clock = int64(a.Clock)
	e.collect(a)
	b := make([]byte, 0, e.size+64)
	b = append(b, stateFormat)
	b = binary.AppendVarint(b, e.clock)
	b = binary.AppendUvarint(b, uint64(len(e.symbols)))
	for _, s := range e.symbols {
		if k, ok := builtinIndex[s]; ok {
			b = binary.AppendUvarint(b, k)
			continue
		}
		b = binary.AppendUvarint(b, 0)
		b = appendStr(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(e.stamps)))
	for _, s := range e.stamps {
		b = appendTime(b, int64(s.T), e.clock)
		b = binary.AppendUvarint(b, e.sym(s.S))
		b = e.appendID(b, s.I)
	}
	b = appendStr(b, a.Domain)
	b = appendStr(b, a.Owner)
	b = e.appendFirm(b, &a.Firm)
	b = e.appendLeads(b, a.Leads, a.Domain)
	b = binary.AppendUvarint(b, uint64(len(a.Signals)))
	for _, s := range a.Signals {
		b = binary.AppendUvarint(b, e.sym(s.Kind))
		b = binary.AppendUvarint(b, e.stamp(s.At))
	}
	b = binary.AppendUvarint(b, uint64(len(a.Users)))
	for _, u := range a.Users {
		b = appendStr(b, u.User)
		b = appendTime(b, int64(u.Last), e.clock)
	}
	b = binary.AppendUvarint(b, uint64(len(a.Usage)))
	for _, o := range a.Usage {
		b = binary.AppendUvarint(b, e.sym(o.Event))
		b = binary.AppendVarint(b, o.Count)
		b = binary.AppendUvarint(b, e.stamp(o.At))
	}
	return b
}

// stateEncoder interns the symbols and stamps of one account.
type stateEncoder struct {
	clock   int64
	symbols []string
	symIdx  map[string]uint64
	stamps  []qualify.Stamp
	stIdx   map[qualify.Stamp]uint64
	size    int // estimated encoded size
}

// encoders reuses the interning tables of encodeState.
var encoders = sync.Pool{New: func() any {
	return &stateEncoder{symIdx: make(map[string]uint64, 16), stIdx: make(map[qualify.Stamp]uint64, 64)}
}}

func (e *stateEncoder) release() {
	clear(e.symIdx)
	clear(e.stIdx)
	clear(e.symbols)
	clear(e.stamps)
	e.symbols, e.stamps = e.symbols[:0], e.stamps[:0]
	encoders.Put(e)
}

func (e *stateEncoder) collect(a *qualify.Account) {
	e.size = len(a.Domain) + len(a.Owner) + 16*len(a.Users)
	f := &a.Firm
	for _, t := range [...]*qualify.Text{f.Name, f.Industry, f.Country, f.GrowthStage, f.BusinessModel} {
		e.text(t)
	}
	for _, n := range [...]*qualify.Number{f.Employees, f.AnnualRevenue} {
		if n != nil {
			e.addStamp(n.At)
		}
	}
	if f.TechStack != nil {
		e.addStamp(f.TechStack.At)
	}
	for i := range a.Leads {
		l := &a.Leads[i]
		e.size += len(l.Email) + 16
		for _, t := range [...]*qualify.Text{l.FirstName, l.LastName, l.Title, l.Department, l.Country} {
			e.text(t)
		}
		e.addSym(l.Role)
	}
	for _, s := range a.Signals {
		e.addSym(s.Kind)
		e.addStamp(s.At)
	}
	for _, o := range a.Usage {
		e.addSym(o.Event)
		e.addStamp(o.At)
	}
}

func (e *stateEncoder) text(t *qualify.Text) {
	if t != nil {
		e.size += len(t.V) + 2
		e.addStamp(t.At)
	}
}

// Symbols and stamps are looked up by a linear scan while there are few
// (the common case, cheaper than hashing), through a map past linearMax.
const linearMax = 32

func (e *stateEncoder) addSym(s string) {
	if _, ok := e.findSym(s); ok {
		return
	}
	i := uint64(len(e.symbols))
	e.symbols = append(e.symbols, s)
	e.size += len(s) + 1
	switch {
	case len(e.symbols) == linearMax+1:
		for k, x := range e.symbols {
			e.symIdx[x] = uint64(k)
		}
	case len(e.symbols) > linearMax+1:
		e.symIdx[s] = i
	}
}

func (e *stateEncoder) findSym(s string) (uint64, bool) {
	if len(e.symbols) > linearMax {
		i, ok := e.symIdx[s]
		return i, ok
	}
	for i, x := range e.symbols {
		if x == s {
			return uint64(i), true
		}
	}
	return 0, false
}

func (e *stateEncoder) addStamp(s qualify.Stamp) {
	e.size += 2
	if _, ok := e.findStamp(s); ok {
		return
	}
	i := uint64(len(e.stamps))
	e.stamps = append(e.stamps, s)
	e.addSym(s.S)
	if _, isUUID := uuidBytes(s.I); !isUUID {
		if prefix, _, ok := hexID(s.I); ok {
			e.addSym(prefix)
		}
	}
	e.size += len(s.I) + 8
	switch {
	case len(e.stamps) == linearMax+1:
		for k, x := range e.stamps {
			e.stIdx[x] = uint64(k)
		}
	case len(e.stamps) > linearMax+1:
		e.stIdx[s] = i
	}
}

func (e *stateEncoder) findStamp(s qualify.Stamp) (uint64, bool) {
	if len(e.stamps) > linearMax {
		i, ok := e.stIdx[s]
		return i, ok
	}
	for i := range e.stamps {
		if x := &e.stamps[i]; x.T == s.T && x.I == s.I && x.S == s.S {
			return uint64(i), true
		}
	}
	return 0, false
}

func (e *stateEncoder) sym(s string) uint64 {
	i, _ := e.findSym(s)
	return i
}

func (e *stateEncoder) stamp(s qualify.Stamp) uint64 {
	i, _ := e.findStamp(s)
	return i
}

func (e *stateEncoder) appendFirm(b []byte, f *qualify.Firmographics) []byte {
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
			b = binary.AppendUvarint(b, e.stamp(n.At))
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
		b = binary.AppendUvarint(b, e.stamp(l.At))
	}
	return b
}

// appendTexts appends the present texts (the caller wrote their mask).
func (e *stateEncoder) appendTexts(b []byte, texts []*qualify.Text) []byte {
	for _, t := range texts {
		if t != nil {
			b = appendStr(b, t.V)
			b = binary.AppendUvarint(b, e.stamp(t.At))
		}
	}
	return b
}

func (e *stateEncoder) appendLeads(b []byte, leads []qualify.Lead, domain string) []byte {
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
	d := t - base
	for unit, div := range timeUnits {
		if d%div == 0 {
			if zz := zigzag(d / div); zz < 1<<61 {
				return binary.AppendUvarint(b, zz<<2|uint64(unit))
			}
			break
		}
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
