package qualify

// RouteReason says how a rep was chosen.
type RouteReason string

// The reasons of SPEC §5.
const (
	ReasonAccountOwner RouteReason = "account_owner"
	ReasonRoundRobin   RouteReason = "round_robin"
)

// Placement is where a lead goes before a rep is chosen.
type Placement struct {
	Segment string // "" when employees and revenue are unknown or match no segment
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
