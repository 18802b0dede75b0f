package synth

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Defaults of Options; a zero field takes its default.
const (
	DefaultAccounts         = 300
	DefaultEventsPerAccount = 40
	DefaultSpan             = 30 * 24 * time.Hour
	DefaultLeadsPerAccount  = 4.0
	DefaultFreeMailShare    = 0.08
	DefaultPartialShare     = 0.25
	DefaultHotShare         = 0.2
	DefaultPrefix           = "leadq"
)

// DefaultStart is the event time of the first event when Options.Start is
// zero; with the default span the stream ends on 2026-10-31. A caller feeding
// a live pipeline passes a Start such that Start+Span is not ahead of the wall
// clock (e.g. now minus Span), or the pipeline dead-letters the later events
// as future_time.
var DefaultStart = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// Options configures a Generator. The zero value is usable: every zero field
// takes its default. Shares are probabilities in [0, 1]; for FreeMailShare,
// PartialShare and HotShare, whose default is not zero, a negative value means
// none.
type Options struct {
	// Seed selects the market and the stream: the same Options give
	// byte-identical items.
	Seed int64
	// Accounts is the number of companies in the market (default 300).
	Accounts int
	// Events is the number of items Next returns before it reports the end
	// (default 40 per account), bad ones included, Preload items excluded.
	Events int
	// Start is the event time of the first event (default DefaultStart); the
	// wall clock is never read.
	Start time.Time
	// Span is the event-time span of the stream: the time of every valid
	// event lies in [Start, Start+Span] (default 30 days).
	Span time.Duration
	// LeadsPerAccount is the mean number of people per account (default 4);
	// larger accounts have more.
	LeadsPerAccount float64
	// FreeMailShare is the share of (non-primary) leads that use a free-mail
	// address such as gmail.com (default 0.08).
	FreeMailShare float64
	// PartialShare is the share of accounts whose enrichment misses some
	// firmographic fields (default 0.25).
	PartialShare float64
	// HotShare is the share of accounts that heat up once during the span: a
	// trial, a trigger, team usage and a pricing or demo request within days
	// (default 0.2).
	HotShare float64
	// BadShare is the share of items that are deliberately bad (malformed,
	// failing the schema, of an unknown type, too large, or dated in the far
	// future); Item.Bad names the expected dead-letter reason (default 0).
	BadShare float64
	// BinaryShare is the share of items in binary mode: Payload is the data
	// and Headers carries the ce-* attributes (default 0: all structured).
	BinaryShare float64
	// Jitter moves each event time back by a random amount below it, so that
	// delivery order is slightly out of event-time order (default 0: event
	// times never decrease).
	Jitter time.Duration
	// Prefix is the subject prefix (default "leadq": "leadq.in.lead").
	Prefix string
}

// withDefaults returns o with every zero field set to its default and the
// negative shares that mean "none" set to 0.
func (o Options) withDefaults() Options {
	if o.Accounts == 0 {
		o.Accounts = DefaultAccounts
	}
	if o.Events == 0 {
		o.Events = DefaultEventsPerAccount * o.Accounts
	}
	if o.Start.IsZero() {
		o.Start = DefaultStart
	}
	o.Start = o.Start.UTC().Truncate(time.Millisecond)
	if o.Span == 0 {
		o.Span = DefaultSpan
	}
	if o.LeadsPerAccount == 0 {
		o.LeadsPerAccount = DefaultLeadsPerAccount
	}
	o.FreeMailShare = defaultShare(o.FreeMailShare, DefaultFreeMailShare)
	o.PartialShare = defaultShare(o.PartialShare, DefaultPartialShare)
	o.HotShare = defaultShare(o.HotShare, DefaultHotShare)
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	return o
}

func defaultShare(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// Limits of Options.
const (
	MaxAccounts = 50_000_000
	maxLeads    = 200
)

// Validate reports every invalid field of o, once defaults are applied.
func (o Options) Validate() error {
	d := o.withDefaults()
	var errs []error
	bad := func(field string, v any, want string) {
		errs = append(errs, fmt.Errorf("synth: options: %s = %v, want %s", field, v, want))
	}
	if d.Accounts < 1 || d.Accounts > MaxAccounts {
		bad("Accounts", o.Accounts, fmt.Sprintf("0 (default) or 1..%d", MaxAccounts))
	}
	if d.Events < 0 {
		bad("Events", o.Events, "≥ 0")
	}
	if d.Span < time.Millisecond {
		bad("Span", o.Span, "0 (default) or ≥ 1ms")
	}
	if d.LeadsPerAccount < 1 || d.LeadsPerAccount > maxLeads {
		bad("LeadsPerAccount", o.LeadsPerAccount, fmt.Sprintf("0 (default) or 1..%d", maxLeads))
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"FreeMailShare", d.FreeMailShare}, {"PartialShare", d.PartialShare},
		{"HotShare", d.HotShare}, {"BadShare", d.BadShare}, {"BinaryShare", d.BinaryShare}} {
		if !(s.v >= 0 && s.v <= 1) { // also rejects NaN
			bad(s.name, s.v, "a share in [0, 1]")
		}
	}
	if !validPrefix(d.Prefix) {
		bad("Prefix", o.Prefix, "dot-separated subject tokens without spaces or wildcards")
	}
	if d.Jitter < 0 {
		bad("Jitter", o.Jitter, "≥ 0")
	}
	return errors.Join(errs...)
}

// validPrefix reports whether p is one or more literal NATS subject tokens.
func validPrefix(p string) bool {
	for tok := range strings.SplitSeq(p, ".") {
		if tok == "" || strings.ContainsAny(tok, " \t\r\n*>") {
			return false
		}
	}
	return true
}
