package qualify

import "time"

// TransitionType is the kind of a lead transition.
type TransitionType string

// The transition types; their outputs are io.leadq.lead.<type>.
const (
	BecameQualified   TransitionType = "qualified"
	BecameUnqualified TransitionType = "unqualified"
)

// Transition is a change of one lead's verdict, the cause of an output event.
type Transition struct {
	Type        TransitionType
	Email       string
	Seq         int64     // the lead's transition number, from 1
	ID          string    // deterministic: CloudEvent id and Nats-Msg-Id
	RoutedID    string    // for BecameQualified: id of the lead.routed output
	EvaluatedAt time.Time // the account clock
	Reason      string    // for BecameUnqualified: the failing condition
	Lead        LeadResult
}
