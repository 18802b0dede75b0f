package consumers

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/leadq/leadq/consumers/statefmt"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// update is a commit with the type of each of its outbox entries.
type update struct {
	store.Commit
	kinds []string         // "qualified", "routed", "unqualified"
	acct  *qualify.Account // the account as committed
}

// evaluations holds the working memory of evaluate.
var evaluations = sync.Pool{New: func() any { return new(qualify.Evaluation) }}

// evaluate scores acct at its clock, turns its transitions into outputs
// (routing each qualified lead) and computes the next re-check: the commit
// of the account as read at version. key is the input's de-duplication key
// ("" for a re-check); traceparent is copied to the outputs.
func (p *Processor) evaluate(ctx context.Context, acct *qualify.Account, rules *qualify.Config, version int64, key, traceparent string) (*update, error) {
	// The evaluation's memory is reused from call to call; its transitions'
	// explanations share it, and are encoded into the outbox before it goes
	// back to the pool.
	eval := evaluations.Get().(*qualify.Evaluation)
	defer evaluations.Put(eval)
	qualify.EvaluateInto(eval, acct, rules, acct.Clock.Time())
	u := &update{Commit: store.Commit{Version: version, EventKey: key}, acct: acct}
	for _, tr := range qualify.Transitions(acct, eval) {
		if err := p.outputs(ctx, u, acct, rules, eval, &tr, traceparent); err != nil {
			return nil, err
		}
	}
	if next, ok := qualify.NextRecheck(acct, rules); ok {
		u.NextCheck = next
	}
	u.State = statefmt.Encode(acct)
	return u, nil
}

// outputs appends the outputs of one transition to u: lead.qualified then
// lead.routed, or lead.unqualified.
func (p *Processor) outputs(ctx context.Context, u *update, acct *qualify.Account, rules *qualify.Config, eval *qualify.Evaluation, tr *qualify.Transition, traceparent string) error {
	explJSON, err := json.Marshal(tr.Explanation)
	if err != nil {
		return fmt.Errorf("consumers: encoding explanation: %w", err)
	}
	r := tr.Readiness
	data := events.QualifiedData{
		Lead:          events.LeadSummary{Email: tr.Email, Title: tr.Lead.Title, Role: tr.Lead.Role},
		Account:       events.AccountSummary{Domain: acct.Domain, Name: eval.Name},
		EvaluatedAt:   tr.EvaluatedAt.UTC(),
		ConfigVersion: rules.Version,
		ICP:           tr.ICP,
		Fit:           events.Round2(tr.Fit),
		Grade:         string(tr.Grade),
		Readiness: events.Readiness{Ready: events.Round2(r.Ready),
			Willing: events.Round2(r.Willing), Able: events.Round2(r.Able)},
		Explanation: explJSON,
	}
	out := events.Output{ID: tr.ID, Subject: acct.Domain, Time: tr.EvaluatedAt.UTC(), TraceParent: traceparent}
	if tr.Type == qualify.BecameUnqualified {
		out.Type, out.NATSSubject = events.TypeLeadUnqualified, p.cfg.Subjects.Unqualified()
		out.Data = events.UnqualifiedData{QualifiedData: data, Reason: tr.Reason}
		return p.appendOutput(u, "unqualified", out)
	}
	out.Type, out.NATSSubject, out.Data = events.TypeLeadQualified, p.cfg.Subjects.Qualified(), data
	if err := p.appendOutput(u, "qualified", out); err != nil {
		return err
	}
	routed, ok, err := p.route(ctx, acct, rules, tr)
	if err != nil || !ok {
		return err
	}
	out.Type, out.ID, out.NATSSubject, out.Data = events.TypeLeadRouted, tr.RoutedID, p.cfg.Subjects.Routed(routed.Queue), routed
	return p.appendOutput(u, "routed", out)
}

// route places a newly qualified lead and picks its rep, taking the queue's
// round-robin turn when no sticky owner decides (idempotent per transition,
// so a retried commit or a redelivery takes the same turn). It records the
// owner in acct. ok is false when no queue takes the lead.
func (p *Processor) route(ctx context.Context, acct *qualify.Account, rules *qualify.Config, tr *qualify.Transition) (events.RoutedData, bool, error) {
	pl, ok := qualify.RouteQueue(rules, acct, tr.Email)
	if !ok {
		return events.RoutedData{}, false, nil
	}
	var turn int64
	if pl.NeedsTurn {
		t, err := p.store.NextTurn(ctx, pl.Queue, tr.RoutedID)
		if err != nil {
			return events.RoutedData{}, false, fmt.Errorf("consumers: taking a turn of queue %s: %w", pl.Queue, err)
		}
		turn = t
	}
	a, ok := qualify.Route(rules, acct, tr.Email, turn)
	if !ok {
		return events.RoutedData{}, false, nil
	}
	return events.RoutedData{
		Lead:    events.LeadSummary{Email: tr.Email},
		Account: events.AccountSummary{Domain: acct.Domain},
		Segment: a.Segment, Region: a.Region, Queue: a.Queue, Rep: a.Rep,
		Reason: string(a.Reason), ConfigVersion: rules.Version,
	}, true, nil
}

// appendOutput encodes out into an outbox entry of u.
func (p *Processor) appendOutput(u *update, kind string, out events.Output) error {
	msg, err := events.Encode(out, p.encOpts)
	if err != nil {
		return fmt.Errorf("consumers: encoding %s output %s: %w", kind, out.ID, err)
	}
	u.Outbox = append(u.Outbox, store.OutboxEntry{ID: out.ID, Msg: marshalMsg(msg)})
	u.kinds = append(u.kinds, kind)
	return nil
}

// maxTime returns the later of a and b.
func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
