package configdiff

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/leadq/leadq/qualify"
)

// The kinds of change a diff counts, in the order it prints them.
const (
	becomeQualified = iota
	stopQualifying
	gradeChanged
	icpChanged
	queueChanged
	numKinds
)

// Example is one lead of a kind of change: what it was under the active
// version and what it would be under the candidate. The first example of
// each kind also carries the lead's explanation under the candidate.
type Example struct {
	Account     string          `json:"account"`
	Email       string          `json:"email"`
	Before      string          `json:"before"`
	After       string          `json:"after"`
	Why         string          `json:"-"` // a one-line summary of Explanation
	Explanation json.RawMessage `json:"explanation,omitempty"`
}

// less orders examples by account, then e-mail: a diff keeps the first ones
// in that order, whatever order the scan met them in.
func (e *Example) less(o *Example) bool {
	if e.Account != o.Account {
		return e.Account < o.Account
	}
	return e.Email < o.Email
}

// comparer evaluates accounts under both versions. One per worker: it
// reuses its evaluations' memory.
type comparer struct {
	before, after *qualify.Config
	eb, ea        qualify.Evaluation
	examples      int // per kind
}

// account compares one account's leads and adds the changes to t.
func (c *comparer) account(a *qualify.Account, t *tally) {
	at := a.Clock.Time()
	qualify.EvaluateInto(&c.eb, a, c.before, at)
	qualify.EvaluateInto(&c.ea, a, c.after, at)
	t.accounts++
	var touched [numKinds]bool
	for i := range a.Leads {
		b, f := &c.eb.Leads[i], &c.ea.Leads[i]
		t.leads++
		if b.Qualified {
			t.qualifiedBefore++
		}
		if f.Qualified {
			t.qualifiedAfter++
		}
		for k := range numKinds {
			before, after, ok := c.change(k, a, b, f)
			if !ok {
				continue
			}
			t.count[k].leads++
			if !touched[k] {
				touched[k] = true
				t.count[k].accounts++
			}
			t.offer(k, c.examples, Example{Account: a.Domain, Email: f.Email, Before: before, After: after}, func(ex *Example) {
				c.explain(ex, f.Email)
			})
		}
	}
}

// change reports whether a lead changes in kind k, and how it reads before
// and after.
func (c *comparer) change(k int, a *qualify.Account, b, f *qualify.LeadResult) (before, after string, ok bool) {
	switch k {
	case becomeQualified:
		return verdict(b), verdict(f), !b.Qualified && f.Qualified
	case stopQualifying:
		return verdict(b), verdict(f), b.Qualified && !f.Qualified
	case gradeChanged:
		return string(c.eb.Grade), string(c.ea.Grade), c.eb.Grade != c.ea.Grade
	case icpChanged:
		return c.eb.ICP, c.ea.ICP, c.eb.ICP != c.ea.ICP
	case queueChanged:
		if !b.Qualified || !f.Qualified {
			return "", "", false
		}
		qb, qa := queueOf(c.before, a, b.Email), queueOf(c.after, a, f.Email)
		return qb, qa, qb != qa
	}
	return "", "", false
}

// verdict prints a lead's verdict: "qualified", or "not qualified: REASON".
func verdict(r *qualify.LeadResult) string {
	if r.Qualified {
		return "qualified"
	}
	return "not qualified: " + r.Reason
}

// queueOf is the queue a lead goes to ("-" when none takes it).
func queueOf(cfg *qualify.Config, a *qualify.Account, email string) string {
	if p, ok := qualify.RouteQueue(cfg, a, email); ok {
		return p.Queue
	}
	return "-"
}

// explain sets the example's explanation under the candidate, copied out
// of the reused evaluation.
func (c *comparer) explain(ex *Example, email string) {
	x, ok := c.ea.Explain(email)
	if !ok {
		return
	}
	ex.Explanation, _ = json.Marshal(x)
	ex.Why = summary(&x)
}

// summary is an explanation in one line: ICP, fit and grade, persona,
// each dimension against its threshold, and the verdict.
func summary(x *qualify.Explanation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ICP %s fit %s grade %s; role %s;", orDash(x.ICP.Name), score(x.ICP.Fit), x.ICP.Grade, x.Persona.Role)
	for _, d := range []qualify.DimensionResult{x.Readiness.Ready, x.Readiness.Willing, x.Readiness.Able} {
		fmt.Fprintf(&b, " %s %s/%s", d.Dimension, score(d.Score), score(d.Threshold))
	}
	if x.Qualified {
		b.WriteString("; qualified")
	} else {
		b.WriteString("; not qualified: " + x.Reason)
	}
	return b.String()
}
