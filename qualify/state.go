package qualify

import "strings"

// State limits. Pruning is relative to the account clock, so it is
// deterministic: a signal whose age reaches 10 half-lives and a usage
// observation older than the longest usage window are dropped (Evaluate
// ignores them too, so pruning never changes a score). Beyond the caps the
// oldest entries by (time, source, id) are dropped, which keeps Apply
// order-independent. Leads are not capped.
const (
	MaxSignals      = 500
	MaxUsers        = 1000
	MaxObservations = 2000
	signalHalfLives = 10
)

// Account is the state of one account, JSON-serialisable with compact field
// names (the pipeline stores it as opaque bytes). Slices are kept in a
// canonical order, so equal states encode to equal bytes.
type Account struct {
	Domain  string        `json:"d,omitempty"` // "" holds free-mail leads, which never qualify
	Clock   UnixNano      `json:"c"`           // T: latest event time, or a later re-check instant
	Firm    Firmographics `json:"f"`
	Leads   []Lead        `json:"l,omitempty"` // sorted by Email
	Signals []Signal      `json:"s,omitempty"` // sorted by At
	Users   []UserSeen    `json:"u,omitempty"` // sorted by User
	Usage   []UsageObs    `json:"o,omitempty"` // sorted by At; only events named by usage rules
	Owner   string        `json:"r,omitempty"` // sticky owner rep
}

// Stamp orders writes: by time, then source, then id. It also identifies the
// event that made the write.
type Stamp struct {
	T UnixNano `json:"t"`
	S string   `json:"s,omitempty"`
	I string   `json:"i"`
}

// Compare returns -1, 0 or +1 as s sorts before, equal to or after o.
func (s Stamp) Compare(o Stamp) int {
	switch {
	case s.T < o.T:
		return -1
	case s.T > o.T:
		return 1
	}
	if c := strings.Compare(s.S, o.S); c != 0 {
		return c
	}
	return strings.Compare(s.I, o.I)
}

// Text is a last-writer-wins string.
type Text struct {
	V  string `json:"v"`
	At Stamp  `json:"a"`
}

// Number is a last-writer-wins number.
type Number struct {
	V  float64 `json:"v"`
	At Stamp   `json:"a"`
}

// List is a last-writer-wins list of strings.
type List struct {
	V  []string `json:"v"`
	At Stamp    `json:"a"`
}

// Firmographics holds the account's facts, nil when unknown.
type Firmographics struct {
	Name          *Text   `json:"n,omitempty"`
	Industry      *Text   `json:"i,omitempty"`
	Country       *Text   `json:"c,omitempty"`
	GrowthStage   *Text   `json:"g,omitempty"`
	BusinessModel *Text   `json:"b,omitempty"`
	Employees     *Number `json:"e,omitempty"`
	AnnualRevenue *Number `json:"r,omitempty"`
	TechStack     *List   `json:"t,omitempty"`
}

func (f *Firmographics) text(field Field) *Text {
	switch field {
	case FieldIndustry:
		return f.Industry
	case FieldCountry:
		return f.Country
	case FieldGrowthStage:
		return f.GrowthStage
	case FieldBusinessModel:
		return f.BusinessModel
	}
	return nil
}

// Lead is a person at the account, keyed by normalised e-mail.
type Lead struct {
	Email      string `json:"e"`
	FirstName  *Text  `json:"fn,omitempty"`
	LastName   *Text  `json:"ln,omitempty"`
	Title      *Text  `json:"ti,omitempty"`
	Department *Text  `json:"dp,omitempty"`
	Country    *Text  `json:"co,omitempty"`
	// Role is the persona of Title, cached for the persona rules whose
	// fingerprint is RoleKey; Rule is the 1-based matching rule, 0 for none.
	Role    string `json:"r,omitempty"`
	Rule    int    `json:"ri,omitempty"`
	RoleKey uint32 `json:"rk,omitempty"`
	// Qualified and Seq are written by Transitions only.
	Qualified bool  `json:"q,omitempty"`
	Seq       int64 `json:"n,omitempty"`
}

// Signal is a dated readiness signal, e.g. kind "form.demo_request".
type Signal struct {
	Kind string `json:"k"`
	At   Stamp  `json:"a"`
}

// UserSeen is the latest usage time of one product user.
type UserSeen struct {
	User string   `json:"u"`
	Last UnixNano `json:"t"`
}

// UsageObs is one usage event counted by an "events" usage rule.
type UsageObs struct {
	Event string `json:"e"`
	Count int64  `json:"n"`
	At    Stamp  `json:"a"`
}

// Lead returns the lead with the given normalised e-mail.
func (a *Account) Lead(email string) (*Lead, bool) {
	i, ok := a.leadIndex(email)
	if !ok {
		return nil, false
	}
	return &a.Leads[i], true
}

func (a *Account) leadIndex(email string) (int, bool) {
	lo, hi := 0, len(a.Leads)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a.Leads[m].Email < email {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(a.Leads) && a.Leads[lo].Email == email
}
