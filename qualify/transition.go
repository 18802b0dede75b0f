package qualify

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"time"
)

// TransitionType is the kind of a lead transition.
type TransitionType string

// The transition types; their outputs are io.leadq.lead.<type>.
const (
	BecameQualified   TransitionType = "qualified"
	BecameUnqualified TransitionType = "unqualified"
)

// Transition is a change of one lead's verdict, the cause of an output
// event. Scores are rounded to two decimals, as in outputs.
type Transition struct {
	Type        TransitionType
	Email       string
	Seq         int64     // the lead's transition number, from 1
	ID          string    // deterministic: CloudEvent id and Nats-Msg-Id
	RoutedID    string    // for BecameQualified: id of the lead.routed output
	EvaluatedAt time.Time // the account clock
	Reason      string    // for BecameUnqualified: the failing condition
	Lead        LeadResult
	ICP         string
	Fit         float64
	Grade       Grade
	Readiness   Scores
	Explanation Explanation
}

// Transitions compares each lead's stored Qualified flag with its verdict in
// ev (an Evaluation of a) and returns the changes. It updates the leads:
// Qualified takes the verdict and Seq grows by one per transition, so it is
// part of the state update and must be committed with the account.
// Transition ids are derived from domain, e-mail, Seq and type only, so a
// recomputation after a crash yields the same ids.
func Transitions(a *Account, ev *Evaluation) []Transition {
	var out []Transition
	for i := range a.Leads {
		l := &a.Leads[i]
		r := ev.leadAt(i, l.Email)
		if r == nil || r.Qualified == l.Qualified {
			continue
		}
		l.Qualified = r.Qualified
		l.Seq++
		t := Transition{Type: BecameUnqualified, Email: l.Email, Seq: l.Seq, EvaluatedAt: ev.EvaluatedAt,
			Lead: *r, ICP: ev.ICP, Fit: Round2(ev.Fit), Grade: ev.Grade, Readiness: round3(ev.Readiness)}
		if r.Qualified {
			t.Type = BecameQualified
		} else {
			t.Reason = r.Reason
		}
		t.ID = TransitionID(a.Domain, l.Email, l.Seq, t.Type)
		if t.Type == BecameQualified {
			t.RoutedID = RoutedID(t.ID)
		}
		t.Explanation, _ = ev.Explain(l.Email)
		out = append(out, t)
	}
	return out
}

func (e *Evaluation) leadAt(i int, email string) *LeadResult {
	if i < len(e.Leads) && e.Leads[i].Email == email {
		return &e.Leads[i]
	}
	r, _ := e.Lead(email)
	return r
}

// TransitionID is the deterministic id of a lead's seq-th transition:
// 32 hex digits of SHA-256 over domain, e-mail, seq and type.
func TransitionID(domain, email string, seq int64, typ TransitionType) string {
	return hashID(domain + "|" + email + "|" + strconv.FormatInt(seq, 10) + "|" + string(typ))
}

// RoutedID is the deterministic id of the lead.routed output that follows
// the qualified transition with id qualifiedID.
func RoutedID(qualifiedID string) string { return hashID("routed|" + qualifiedID) }

func hashID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// Round2 rounds x to two decimals, as scores are in outputs.
func Round2(x float64) float64 { return math.Round(x*100) / 100 }

func round3(s Scores) Scores {
	return Scores{Ready: Round2(s.Ready), Willing: Round2(s.Willing), Able: Round2(s.Able)}
}
