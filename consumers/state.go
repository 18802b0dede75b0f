package consumers

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/leadq/leadq/qualify"
)

// The stored account state is a compact binary encoding of qualify.Account
// (about a fifth of its JSON, and several times faster to encode and
// decode). It starts with stateFormat; a state starting with '{' is the
// JSON of earlier versions and is still read.
//
// Layout (uvarint and zigzag varint as encoding/binary; str = uvarint
// length + bytes; sym = uvarint index into the symbol table; stamp =
// uvarint index into the stamp table; time = delta to the account clock, see
// appendTime):
//
//	stateFormat, clock varint
//	symbols: n, str...             stamp sources, signal kinds, usage events, roles
//	stamps:  n, (time T, sym S, id I)...   id: see appendID
//	domain str, owner str
//	firmographics: presence mask byte (name, industry, country, growth stage,
//	  business model, employees, revenue, tech stack), then each present field:
//	  texts str+stamp, numbers number+stamp, tech stack (uvarint n+1, 0 for
//	  nil) str... stamp
//	leads:   n, (str email, mask byte (5 texts, qualified, email at the
//	  account's domain: then only its local part is stored), texts
//	  str+stamp, sym role, varint rule, uvarint role key, varint seq)...
//	signals: n, (sym kind, stamp)...
//	users:   n, (str user, time last)...
//	usage:   n, (sym event, varint count, stamp)...
//
// Symbols are written as a uvarint: k ≥ 1 for builtinSymbols[k-1], 0
// followed by the string for any other.
//
// Format 1 stored ids and e-mails as plain strings, formats 1 and 2 every
// symbol as a string; both are still read.
const stateFormat = 3

// builtinSymbols are symbols a state refers to without storing them: the
// signal kinds of SPEC §2's form and trigger kinds, the persona roles and a
// common id prefix. Their order is part of the format: only append.
var builtinSymbols = []string{
	"", "none", "decision_maker", "champion", "excluded", "evt-",
	"form.demo_request", "form.pricing", "form.contact_sales", "form.trial_signup",
	"form.content_download", "form.webinar", "form.newsletter", "form.other",
	"trigger.funding_round", "trigger.acquisition", "trigger.merger", "trigger.leadership_hire",
	"trigger.hiring_surge", "trigger.layoffs", "trigger.bankruptcy", "trigger.tender",
	"trigger.regulatory_change", "trigger.negative_review", "trigger.scaling_issue",
	"trigger.new_project", "trigger.team_onboarding", "trigger.project_overrun",
	"trigger.tech_adopted", "trigger.tech_removed", "trigger.other",
}

// builtinIndex maps a builtin symbol to its uvarint (index + 1).
var builtinIndex = func() map[string]uint64 {
	m := make(map[string]uint64, len(builtinSymbols))
	for i, s := range builtinSymbols {
		m[s] = uint64(i) + 1
	}
	return m
}()

var errBadState = errors.New("malformed state")

// Bits of a lead's mask byte besides its five texts.
const (
	leadQualified     = 1 << 5
	leadEmailAtDomain = 1 << 6
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

// decodeState decodes a stored account into a: the binary encoding, or
// the JSON of earlier versions. Like JSON, an empty stored domain leaves
// a.Domain as it is.
func decodeState(b []byte, a *qualify.Account) error {
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, a)
	}
	if len(b) == 0 || b[0] < 1 || b[0] > stateFormat {
		return errBadState
	}
	// One string for the whole state: every decoded string is a slice of it.
	r := stateReader{s: string(b[1:]), format: b[0]}
	r.clock = r.varint()
	a.Clock = qualify.UnixNano(r.clock)
	r.readTables()
	if r.domain = r.str(); r.domain != "" {
		a.Domain = r.domain
	}
	a.Owner = r.str()
	r.readFirm(&a.Firm)
	a.Leads = r.readLeads()
	if n := r.count(2); n > 0 {
		a.Signals = make([]qualify.Signal, n)
		for i := range a.Signals {
			a.Signals[i] = qualify.Signal{Kind: r.sym(), At: r.stamp()}
		}
	}
	if n := r.count(2); n > 0 {
		a.Users = make([]qualify.UserSeen, n)
		for i := range a.Users {
			a.Users[i] = qualify.UserSeen{User: r.str(), Last: qualify.UnixNano(r.time())}
		}
	}
	if n := r.count(3); n > 0 {
		a.Usage = make([]qualify.UsageObs, n)
		for i := range a.Usage {
			a.Usage[i] = qualify.UsageObs{Event: r.sym(), Count: r.varint(), At: r.stamp()}
		}
	}
	if r.err != nil || len(r.s) != 0 {
		return errBadState
	}
	return nil
}

// appendID appends an event id: a uvarint tag, 0 for a plain string that
// follows, 1 for a lower-case canonical UUID (its 16 bytes follow), 2+k for
// symbol k followed by lower-case hex digits (their bytes follow), the form
// of most generated ids ("evt-" + 16 hex digits).
func (e *stateEncoder) appendID(b []byte, id string) []byte {
	if u, ok := uuidBytes(id); ok {
		b = binary.AppendUvarint(b, 1)
		return append(b, u[:]...)
	}
	if prefix, digits, ok := hexID(id); ok {
		b = binary.AppendUvarint(b, 2+e.sym(prefix))
		b = binary.AppendUvarint(b, uint64(len(digits)/2))
		b, _ = hex.AppendDecode(b, []byte(digits)) // digits are hex
		return b
	}
	b = binary.AppendUvarint(b, 0)
	return appendStr(b, id)
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

func isLowerHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

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
		u[k] = unhex(id[i])<<4 | unhex(id[i+1])
		k++
	}
	return u, k == 16
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'a' + 10
}

// localPart returns the part of email before "@domain", if it ends so.
func localPart(email, domain string) (string, bool) {
	n := len(email) - len(domain) - 1
	if domain == "" || n <= 0 || email[n] != '@' || email[n+1:] != domain {
		return email, false
	}
	return email[:n], true
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

var timeUnits = [...]int64{1e9, 1e6, 1}

// appendNumber appends an integral number below 2^53 as a varint, any other
// as its 8 bytes (low bit of the first uvarint says which).
func appendNumber(b []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 && !(f == 0 && math.Signbit(f)) {
		return binary.AppendUvarint(b, zigzag(int64(f))<<1)
	}
	b = binary.AppendUvarint(b, 1)
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// DecodeState decodes an account's state as the processor stores it
// (store.Snapshot.State: the binary encoding, or the JSON of earlier
// versions), for tools that read accounts from Redis such as leadq explain.
func DecodeState(state []byte) (*qualify.Account, error) {
	a := &qualify.Account{}
	if err := decodeState(state, a); err != nil {
		return nil, fmt.Errorf("consumers: decoding account state: %w", err)
	}
	return a, nil
}
