package statefmt

import (
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/leadq/leadq/qualify"
)

// reader decodes the binary state; the first error sticks and every
// later read returns zero values.
type reader struct {
	s      string
	format byte
	err    error
	clock  int64
	domain string // as stored
	*decodeTables
}

// decodeTables holds the tables and scratch buffers of one Decode, reused
// by the next: none of it outlives Decode.
type decodeTables struct {
	symbols []string
	stamps  []qualify.Stamp
	spans   [][2]int32 // of strings expanded into arena; offset -1: none
	arena   []byte
	// The texts of the firmographics and leads, read here and placed in
	// one allocation by placeTexts, and where each goes.
	texts   []qualify.Text
	textDst []**qualify.Text
}

var tablePool = sync.Pool{New: func() any { return new(decodeTables) }}

// maxReaderTables bounds the tables kept for the next state.
const maxReaderTables = 1024

func (t *decodeTables) release() {
	clear(t.symbols)
	clear(t.stamps)
	clear(t.texts)
	clear(t.textDst)
	if cap(t.stamps) > maxReaderTables || cap(t.arena) > 64*maxReaderTables || cap(t.texts) > maxReaderTables {
		*t = decodeTables{}
	} else {
		*t = decodeTables{symbols: t.symbols[:0], stamps: t.stamps[:0], spans: t.spans[:0], arena: t.arena[:0],
			texts: t.texts[:0], textDst: t.textDst[:0]}
	}
	tablePool.Put(t)
}

func (r *reader) fail() { r.err, r.s = ErrMalformed, "" }

func (r *reader) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			r.s = r.s[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	r.fail()
	return 0
}

func (r *reader) varint() int64 { return unzigzag(r.uvarint()) }

// count reads a number of items of at least minSize bytes each, refusing
// one the remaining bytes cannot hold.
func (r *reader) count(minSize int) int {
	n := r.uvarint()
	if n > uint64(len(r.s)/minSize) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *reader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.s)) {
		r.fail()
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *reader) byte() byte {
	if len(r.s) == 0 {
		r.fail()
		return 0
	}
	c := r.s[0]
	r.s = r.s[1:]
	return c
}

func (r *reader) fixed64() uint64 {
	if len(r.s) < 8 {
		r.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64([]byte(r.s[:8]))
	r.s = r.s[8:]
	return v
}

// time reads an instant written by appendTime.
func (r *reader) time() int64 {
	v := r.uvarint()
	unit := v & 3
	if unit == 3 {
		return int64(r.fixed64())
	}
	return r.clock + unzigzag(v>>2)*timeUnits[unit]
}

func (r *reader) number() float64 {
	v := r.uvarint()
	if v&1 == 1 {
		return math.Float64frombits(r.fixed64())
	}
	return float64(unzigzag(v >> 1))
}

func (r *reader) sym() string {
	i := r.uvarint()
	if i >= uint64(len(r.symbols)) {
		r.fail()
		return ""
	}
	return r.symbols[i]
}

func (r *reader) stamp() qualify.Stamp {
	i := r.uvarint()
	if i >= uint64(len(r.stamps)) {
		r.fail()
		return qualify.Stamp{}
	}
	return r.stamps[i]
}

func (r *reader) readTables() {
	if n := r.count(1); n > 0 {
		r.symbols = slices.Grow(r.symbols[:0], n)[:n]
		for i := range r.symbols {
			r.symbols[i] = r.symbol()
		}
	}
	n := r.count(3)
	if n == 0 {
		return
	}
	r.stamps = slices.Grow(r.stamps[:0], n)[:n]
	r.spans = slices.Grow(r.spans[:0], n)[:n]
	arena := r.arena[:0]
	for i := range r.stamps {
		st := &r.stamps[i]
		st.T, st.S = qualify.UnixNano(r.time()), r.sym()
		var off, k int
		arena, st.I, off, k = r.id(arena)
		r.spans[i] = [2]int32{int32(off), int32(k)}
	}
	r.arena = arena
	if len(arena) == 0 {
		return
	}
	ids := string(arena) // one allocation for every expanded id
	for i, sp := range r.spans {
		if sp[0] >= 0 {
			r.stamps[i].I = ids[sp[0] : sp[0]+sp[1]]
		}
	}
}

// symbol reads an entry of the symbol table.
func (r *reader) symbol() string {
	if r.format < 3 {
		return r.str()
	}
	k := r.uvarint()
	switch {
	case k == 0:
		return r.str()
	case k <= uint64(len(builtinSymbols)):
		return builtinSymbols[k-1]
	}
	r.fail()
	return ""
}

// readTexts reads the texts of mask's low five bits for dst; placeTexts
// then places them.
func (r *reader) readTexts(mask byte, dst [5]**qualify.Text) {
	for i, t := range dst {
		if mask&(1<<i) != 0 {
			r.texts = append(r.texts, qualify.Text{V: r.str(), At: r.stamp()})
			r.textDst = append(r.textDst, t)
		}
	}
}

// placeTexts copies the texts read into one allocation and points their
// fields at them.
func (r *reader) placeTexts() {
	if len(r.texts) == 0 {
		return
	}
	texts := make([]qualify.Text, len(r.texts))
	copy(texts, r.texts)
	for i, dst := range r.textDst {
		*dst = &texts[i]
	}
}

func (r *reader) readFirm(f *qualify.Firmographics) {
	mask := r.byte()
	r.readTexts(mask, [...]**qualify.Text{&f.Name, &f.Industry, &f.Country, &f.GrowthStage, &f.BusinessModel})
	if n := bits.OnesCount8(mask >> 5 & 3); n > 0 {
		nums := make([]qualify.Number, n)
		for i, dst := range [...]**qualify.Number{&f.Employees, &f.AnnualRevenue} {
			if mask&(1<<(5+i)) != 0 {
				num := &nums[len(nums)-n]
				n--
				num.V, num.At = r.number(), r.stamp()
				*dst = num
			}
		}
	}
	if mask&(1<<7) != 0 {
		l := &qualify.List{}
		if n := r.count(1); n > 0 {
			l.V = make([]string, n-1)
			for i := range l.V {
				l.V[i] = r.str()
			}
		}
		l.At = r.stamp()
		f.TechStack = l
	}
}

// readLeads reads the leads (their texts are placed by placeTexts, their
// slice is not reallocated); the e-mails stored as a local part are
// expanded into one string.
func (r *reader) readLeads() []qualify.Lead {
	n := r.count(6)
	if n == 0 {
		return nil
	}
	leads := make([]qualify.Lead, n)
	r.spans = slices.Grow(r.spans[:0], n)[:n]
	arena := r.arena[:0]
	for i := range leads {
		l := &leads[i]
		l.Email = r.str()
		mask := r.byte()
		r.spans[i] = [2]int32{-1, 0}
		if mask&leadEmailAtDomain != 0 {
			off := len(arena)
			arena = append(append(append(arena, l.Email...), '@'), r.domain...)
			r.spans[i] = [2]int32{int32(off), int32(len(arena) - off)}
		}
		r.readTexts(mask, [...]**qualify.Text{&l.FirstName, &l.LastName, &l.Title, &l.Department, &l.Country})
		l.Qualified = mask&leadQualified != 0
		l.Role = r.sym()
		l.Rule = int(r.varint())
		l.RoleKey = uint32(r.uvarint())
		l.Seq = r.varint()
	}
	r.arena = arena
	if len(arena) > 0 {
		emails := string(arena)
		for i, sp := range r.spans {
			if sp[0] >= 0 {
				leads[i].Email = emails[sp[0] : sp[0]+sp[1]]
			}
		}
	}
	return leads
}
