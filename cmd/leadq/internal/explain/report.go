package explain

import (
	"math"
	"time"

	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// explainReport is what `leadq explain` prints: an account's evaluation at
// an instant, with the explanation of each lead as the outputs carry it.
// Its JSON form is the --json output.
type explainReport struct {
	Account       string                `json:"account"`
	Name          string                `json:"name,omitempty"`
	RequestedAt   time.Time             `json:"-"` // --at, or the clock
	EvaluatedAt   time.Time             `json:"evaluated_at"`
	AccountClock  time.Time             `json:"account_clock"`
	StateVersion  int64                 `json:"state_version"`
	NextCheck     *time.Time            `json:"next_check"` // the scheduled re-check; null: none
	ConfigVersion string                `json:"config_version"`
	Firmographics events.Company        `json:"firmographics"` // known facts; unknown ones omitted
	ICP           qualify.ICPResult     `json:"icp"`           // the best ICP
	ICPs          []qualify.ICPScore    `json:"icps"`
	Disqualifiers []ruleResult          `json:"disqualifiers"` // every disqualify rule of the best ICP
	Readiness     qualify.DimensionSet  `json:"readiness"`
	Usage         []qualify.UsageResult `json:"usage"`
	MinGrade      qualify.Grade         `json:"min_grade"`
	Personas      []string              `json:"qualifying_personas"`
	Leads         []leadReport          `json:"leads"`
}

// ruleResult is a matcher's outcome on the account.
type ruleResult struct {
	Rule   string        `json:"rule"`
	Result qualify.Match `json:"result"`
}

// leadReport is one lead: its explanation at the instant, the verdict of
// the last output published for it, and where routing would send it.
type leadReport struct {
	Email       string              `json:"email"`
	Published   bool                `json:"published_qualified"`
	Explanation qualify.Explanation `json:"explanation"`
	Routing     *routeReport        `json:"routing"` // null when no queue takes the lead
}

// routeReport is where a lead goes when it qualifies. Rep is empty when the
// queue's next turn decides (reason round_robin).
type routeReport struct {
	Segment string `json:"segment"`
	Region  string `json:"region"`
	Queue   string `json:"queue"`
	Rep     string `json:"rep,omitempty"`
	Reason  string `json:"reason"`
}

// buildReport evaluates acct at instant at; email restricts the leads to one.
func buildReport(cfg *qualify.Config, acct *qualify.Account, snap store.Snapshot, at time.Time, email string) *explainReport {
	eval := qualify.Evaluate(acct, cfg, at)
	r := &explainReport{
		Account: acct.Domain, Name: eval.Name, RequestedAt: at, EvaluatedAt: eval.EvaluatedAt,
		AccountClock: acct.Clock.Time(), StateVersion: snap.Version, ConfigVersion: eval.ConfigVersion,
		Firmographics: firmographics(acct), Usage: eval.Usage, MinGrade: eval.MinGrade, Personas: eval.Personas,
		Readiness: qualify.DimensionSet{Ready: dimension(&eval, qualify.Ready),
			Willing: dimension(&eval, qualify.Willing), Able: dimension(&eval, qualify.Able)},
		Leads: []leadReport{},
	}
	if !snap.NextCheck.IsZero() {
		next := snap.NextCheck.UTC()
		r.NextCheck = &next
	}
	for i, c := range eval.ICPs {
		r.ICPs = append(r.ICPs, qualify.ICPScore{Name: c.Name, Fit: qualify.Round2(c.Fit), Grade: c.Grade})
		if c.Name == eval.ICP && r.ICP.Name == "" {
			r.ICP = c
			r.ICP.Fit = qualify.Round2(c.Fit)
			r.Disqualifiers = disqualifiers(&cfg.ICPs[i], acct)
		}
	}
	for _, l := range acct.Leads {
		if email != "" && l.Email != email {
			continue
		}
		x, _ := eval.Explain(l.Email)
		r.Leads = append(r.Leads, leadReport{Email: l.Email, Published: l.Qualified, Explanation: x,
			Routing: routing(cfg, acct, l.Email)})
	}
	return r
}

// dimension is dimension d with its contributing signals, rounded as in the
// explanation of outputs.
func dimension(e *qualify.Evaluation, d qualify.Dimension) qualify.DimensionResult {
	r := e.Dimensions[d]
	r.Score = qualify.Round2(r.Score)
	r.Signals = e.Signals(d)
	for i := range r.Signals {
		r.Signals[i].Decayed = qualify.Round2(r.Signals[i].Decayed)
	}
	if r.Signals == nil {
		r.Signals = []qualify.SignalResult{}
	}
	if r.Attributes == nil {
		r.Attributes = []qualify.ReadinessResult{}
	}
	if r.Usage == nil {
		r.Usage = []qualify.UsageResult{}
	}
	return r
}

func disqualifiers(icp *qualify.ICP, acct *qualify.Account) []ruleResult {
	out := make([]ruleResult, len(icp.Disqualify))
	for i := range icp.Disqualify {
		m := &icp.Disqualify[i]
		out[i] = ruleResult{Rule: m.String(), Result: m.Match(acct)}
	}
	return out
}

// routing places a lead without taking a turn: the sticky owner when the
// account has one, else "the queue's next rep".
func routing(cfg *qualify.Config, acct *qualify.Account, email string) *routeReport {
	p, ok := qualify.RouteQueue(cfg, acct, email)
	if !ok {
		return nil
	}
	r := &routeReport{Segment: p.Segment, Region: p.Region, Queue: p.Queue, Reason: string(qualify.ReasonRoundRobin)}
	if !p.NeedsTurn {
		r.Rep, r.Reason = acct.Owner, string(qualify.ReasonAccountOwner)
	}
	return r
}

// firmographics are the account's known facts in the shape of an input's
// company block, without the domain (the report's account).
func firmographics(a *qualify.Account) events.Company {
	f := a.Firm
	text := func(t *qualify.Text) string {
		if t == nil {
			return ""
		}
		return t.V
	}
	out := events.Company{Name: text(f.Name), Industry: text(f.Industry), Country: text(f.Country),
		GrowthStage: text(f.GrowthStage), BusinessModel: text(f.BusinessModel)}
	if f.Employees != nil {
		n := int64(math.Round(f.Employees.V)) // a count: inputs carry integers
		out.Employees = &n
	}
	if f.AnnualRevenue != nil {
		r := f.AnnualRevenue.V
		out.AnnualRevenue = &r
	}
	if f.TechStack != nil {
		out.TechStack = f.TechStack.V
	}
	return out
}
