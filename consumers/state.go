package consumers

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

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
// signal kinds of the form and trigger kinds, the persona roles and a
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
	// One string for the whole state: every decoded string is a slice of it
	// (or of the strings of expanded ids and e-mails).
	r := stateReader{s: string(b[1:]), format: b[0], decodeTables: tablePool.Get().(*decodeTables)}
	defer r.release()
	r.clock = r.varint()
	a.Clock = qualify.UnixNano(r.clock)
	r.readTables()
	if r.domain = r.str(); r.domain != "" {
		a.Domain = r.domain
	}
	a.Owner = r.str()
	r.readFirm(&a.Firm)
	a.Leads = r.readLeads()
	r.placeTexts()
	if n := r.count(2); n > 0 {
		a.Signals = withSpare[qualify.Signal](n)
		for i := range a.Signals {
			a.Signals[i] = qualify.Signal{Kind: r.sym(), At: r.stamp()}
		}
	}
	if n := r.count(2); n > 0 {
		a.Users = withSpare[qualify.UserSeen](n)
		for i := range a.Users {
			a.Users[i] = qualify.UserSeen{User: r.str(), Last: qualify.UnixNano(r.time())}
		}
	}
	if n := r.count(3); n > 0 {
		a.Usage = withSpare[qualify.UsageObs](n)
		for i := range a.Usage {
			a.Usage[i] = qualify.UsageObs{Event: r.sym(), Count: r.varint(), At: r.stamp()}
		}
	}
	if r.err != nil || len(r.s) != 0 {
		return errBadState
	}
	return nil
}

// withSpare returns a slice of n zero values with room for at least
// spareSlots more (up to its allocation size class): qualify.Apply inserts
// a signal, user or usage observation into the account it is given, which
// then needs no reallocation.
func withSpare[T any](n int) []T {
	return slices.Grow([]T(nil), n+spareSlots)[:n]
}

const spareSlots = 2

var timeUnits = [...]int64{1e9, 1e6, 1}

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
