package statefmt

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/leadq/leadq/qualify"
)

// Version is the format version Encode writes, the state's first byte.
// Decode reads every version from 1 to Version; see the package
// documentation for what each one changed and how a new one is added.
const Version = 3

// jsonMark is the first byte of a state stored as JSON, before version 1.
// Versions stay below it.
const jsonMark = '{'

var (
	// ErrMalformed is returned for a state that is not one Encode wrote:
	// truncated, extended, or referring to an entry it does not have.
	ErrMalformed = errors.New("statefmt: malformed account state")
	// ErrNewerVersion is returned (wrapped, with the version found) for a
	// state of a version above Version, written by a newer release. Such a
	// state is not decoded: an account decoded without the fields this
	// release does not know would lose them at its next Encode.
	ErrNewerVersion = errors.New("statefmt: account state of a newer format version")
)

// builtinSymbols are symbols a state refers to without storing them (from
// version 3): the signal kinds of the form and trigger kinds, the persona
// roles and a common id prefix. Their order is part of the format: only
// append, and only in a new version.
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

// Bits of a lead's mask byte besides its five texts.
const (
	leadQualified     = 1 << 5
	leadEmailAtDomain = 1 << 6
)

// Decode decodes a stored account state into a: the binary format of any
// version up to Version, or the JSON stored before version 1. An empty
// stored domain leaves a.Domain as the caller set it (as JSON did). A state
// of a newer version is refused with an error wrapping ErrNewerVersion;
// any other state Decode cannot read, with ErrMalformed (or the JSON error).
// The strings of a share one allocation; nothing of b is retained.
func Decode(b []byte, a *qualify.Account) error {
	switch {
	case len(b) == 0 || b[0] == 0:
		return ErrMalformed
	case b[0] == jsonMark:
		if err := json.Unmarshal(b, a); err != nil {
			return fmt.Errorf("statefmt: decoding JSON state: %w", err)
		}
		return nil
	case b[0] > Version && b[0] < jsonMark:
		return fmt.Errorf("%w: version %d (this release reads 1 to %d)", ErrNewerVersion, b[0], Version)
	case b[0] > Version:
		return ErrMalformed
	}
	// One string for the whole state: every decoded string is a slice of it
	// (or of the strings of expanded ids and e-mails).
	r := reader{s: string(b[1:]), format: b[0], decodeTables: tablePool.Get().(*decodeTables)}
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
	r.readActivity(a)
	if r.err != nil || len(r.s) != 0 {
		return ErrMalformed
	}
	return nil
}

// readActivity reads the signals, users and usage observations.
func (r *reader) readActivity(a *qualify.Account) {
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
