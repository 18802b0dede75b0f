package qualify

import (
	"slices"
	"strings"
)

// RouteReason says how a rep was chosen.
type RouteReason string

// The routing reasons of the routed output (README, Outputs).
const (
	ReasonAccountOwner RouteReason = "account_owner"
	ReasonRoundRobin   RouteReason = "round_robin"
)

// Placement is where a lead goes before a rep is chosen.
type Placement struct {
	Segment string // "" when employees and revenue are unknown or in no segment
	Region  string // "" when the country is unknown or in no region
	Queue   string
	// NeedsTurn is true when the rep will be chosen by turn: the caller must
	// fetch the queue's turn counter. False when a sticky owner decides.
	NeedsTurn bool
}

// Assignment is a complete routing decision.
type Assignment struct {
	Placement
	Rep    string
	Reason RouteReason
}

// RouteQueue places the lead with the given e-mail: the segment (first
// segment containing the employee count, else the first containing the
// annual revenue), the region (of the account's country, else the lead's),
// and the first queue whose conditions match. It reports false when no queue
// matches (only possible with `routing.unmatched: drop`): the lead is not
// routed. Call it first to learn which queue's turn counter to fetch.
func RouteQueue(cfg *Config, a *Account, email string) (Placement, bool) {
	p := Placement{Segment: segmentOf(cfg, a), Region: regionOf(cfg, a, email)}
	for i := range cfg.Routing.Queues {
		q := &cfg.Routing.Queues[i]
		if (q.Segment == "" || q.Segment == p.Segment) && (q.Region == "" || q.Region == p.Region) {
			p.Queue = q.Name
			p.NeedsTurn = !cfg.Routing.StickyOwner || a.Owner == ""
			return p, true
		}
	}
	return p, false
}

// Route completes the placement with a rep: the account's owner when
// sticky_owner is set and the account has one (reason account_owner), else
// the queue's reps[turn mod len(reps)] (reason round_robin), where turn is
// the caller's counter for p.Queue. With sticky_owner, a rep chosen by turn
// becomes the account's Owner: Route is part of the state update.
func Route(cfg *Config, a *Account, email string, turn int64) (Assignment, bool) {
	p, ok := RouteQueue(cfg, a, email)
	if !ok {
		return Assignment{Placement: p}, false
	}
	if !p.NeedsTurn {
		return Assignment{Placement: p, Rep: a.Owner, Reason: ReasonAccountOwner}, true
	}
	i := slices.IndexFunc(cfg.Routing.Queues, func(q Queue) bool { return q.Name == p.Queue })
	reps := cfg.Routing.Queues[i].Reps
	n := int64(len(reps))
	rep := reps[((turn%n)+n)%n]
	if cfg.Routing.StickyOwner {
		a.Owner = rep
	}
	return Assignment{Placement: p, Rep: rep, Reason: ReasonRoundRobin}, true
}

func segmentOf(cfg *Config, a *Account) string {
	if n := a.Firm.Employees; n != nil {
		for _, s := range cfg.Routing.Segments {
			if s.Employees != nil && s.Employees.Contains(n.V) {
				return s.Name
			}
		}
	}
	if n := a.Firm.AnnualRevenue; n != nil {
		for _, s := range cfg.Routing.Segments {
			if s.AnnualRevenue != nil && s.AnnualRevenue.Contains(n.V) {
				return s.Name
			}
		}
	}
	return ""
}

func regionOf(cfg *Config, a *Account, email string) string {
	country := ""
	if a.Firm.Country != nil {
		country = a.Firm.Country.V
	} else if l, ok := a.Lead(email); ok && l.Country != nil {
		country = l.Country.V
	}
	country = strings.ToUpper(strings.TrimSpace(country))
	for _, r := range cfg.Routing.Regions {
		if slices.Contains(r.Countries, country) {
			return r.Name
		}
	}
	return ""
}
