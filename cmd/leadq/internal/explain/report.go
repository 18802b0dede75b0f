package explain

import (
	"strconv"
	"strings"
	"time"

	"github.com/leadq/leadq/cmd/leadq/internal/render"
	"github.com/leadq/leadq/consumers/store"
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
	Firmographics firmographics         `json:"firmographics"`
	ICP           qualify.ICPResult     `json:"icp"` // the best ICP
	ICPs          []qualify.ICPScore    `json:"icps"`
	Disqualifiers []ruleResult          `json:"disqualifiers"` // every disqualify rule of the best ICP
	Readiness     qualify.DimensionSet  `json:"readiness"`
	Usage         []qualify.UsageResult `json:"usage"`
	MinGrade      qualify.Grade         `json:"min_grade"`
	Personas      []string              `json:"qualifying_personas"`
	Leads         []leadReport          `json:"leads"`
}

// firmographics are the account's known facts (unknown ones omitted).
type firmographics struct {
	Name          string   `json:"name,omitempty"`
	Industry      string   `json:"industry,omitempty"`
	Employees     *float64 `json:"employees,omitempty"`
	AnnualRevenue *float64 `json:"annual_revenue,omitempty"`
	Country       string   `json:"country,omitempty"`
	GrowthStage   string   `json:"growth_stage,omitempty"`
	BusinessModel string   `json:"business_model,omitempty"`
	TechStack     []string `json:"tech_stack,omitempty"`
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
		Firmographics: firmOf(acct), Usage: eval.Usage, MinGrade: eval.MinGrade, Personas: eval.Personas,
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

func firmOf(a *qualify.Account) firmographics {
	f := a.Firm
	text := func(t *qualify.Text) string {
		if t == nil {
			return ""
		}
		return t.V
	}
	num := func(n *qualify.Number) *float64 {
		if n == nil {
			return nil
		}
		return &n.V
	}
	out := firmographics{Name: text(f.Name), Industry: text(f.Industry), Country: text(f.Country),
		GrowthStage: text(f.GrowthStage), BusinessModel: text(f.BusinessModel),
		Employees: num(f.Employees), AnnualRevenue: num(f.AnnualRevenue)}
	if f.TechStack != nil {
		out.TechStack = f.TechStack.V
	}
	return out
}

// value prints the account's value of an attribute field; "-" when unknown.
func (f firmographics) value(field qualify.Field, domain string) string {
	num := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	switch field {
	case qualify.FieldIndustry:
		return render.Cell(f.Industry)
	case qualify.FieldEmployees:
		return num(f.Employees)
	case qualify.FieldAnnualRevenue:
		return num(f.AnnualRevenue)
	case qualify.FieldCountry:
		return render.Cell(f.Country)
	case qualify.FieldGrowthStage:
		return render.Cell(f.GrowthStage)
	case qualify.FieldBusinessModel:
		return render.Cell(f.BusinessModel)
	case qualify.FieldTechStack:
		if f.TechStack == nil {
			return "-"
		}
		return "[" + strings.Map(render.DropControl, strings.Join(f.TechStack, ", ")) + "]"
	case qualify.FieldDomain:
		return domain
	}
	return "-"
}
