package consumers

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// TestRecheckUnqualifiesOnceAcrossInstances qualifies a lead with events an
// hour old (by the injected clock), then moves the clock of three
// processors to the instant its readiness fails (the usage window ends
// before the demo request decays): lead.unqualified is published once,
// evaluated at that instant, by exactly one instance.
func TestRecheckUnqualifiesOnceAcrossInstances(t *testing.T) {
	rg := newRig(t)
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	rg.clock.Set(now)
	var rs []*running
	for range 3 {
		rs = append(rs, rg.start(rg.config()))
	}
	at := now.Add(-time.Hour)
	rg.publish(recheckEvents(t, rg.subjects, at)...)
	waitOutputs(t, rg, 2)
	rg.settle(30 * time.Second)

	due := at.Add(7 * 24 * time.Hour) // the three users leave the 7-day window
	rg.clock.Set(due.Add(-time.Second))
	rg.settle(30 * time.Second)
	if n := len(rg.outputs()); n != 2 {
		t.Fatalf("%d outputs a second before the re-check instant, want 2 (qualified, routed)", n)
	}

	rg.clock.Set(due.Add(time.Second))
	waitOutputs(t, rg, 3)
	rg.settle(30 * time.Second)
	outs := decodeOutputs(t, rg.outputs())
	if len(outs) != 3 {
		t.Fatalf("%d outputs, want 3", len(outs))
	}
	u, ok := outs[2].Data.(*events.UnqualifiedData)
	if !ok {
		t.Fatalf("third output is %s, want lead.unqualified", outs[2].Type)
	}
	if lag := u.EvaluatedAt.Sub(due); lag < -time.Minute || lag > time.Minute {
		t.Errorf("evaluated_at %s, want within 60s of %s", u.EvaluatedAt, due)
	}
	if u.Reason != "readiness.ready below 40" || outs[2].ID != qualify.TransitionID("recheck.example", "vp@recheck.example", 2, qualify.BecameUnqualified) {
		t.Errorf("unqualified %s: reason %q", outs[2].ID, u.Reason)
	}
	fired := 0.0
	for _, r := range rs {
		fired += r.counter(t, "leadq_transitions_total", map[string]string{"type": "unqualified"})
	}
	if fired != 1 {
		t.Errorf("%v instances committed the unqualified transition, want exactly 1", fired)
	}
}

// recheckEvents qualifies vp@recheck.example at the instant at: a demo
// request with full firmographics and three active users.
func recheckEvents(t *testing.T, subjects events.Subjects, at time.Time) []*nats.Msg {
	t.Helper()
	mk := func(id, typ, subject string, data any) *nats.Msg {
		b, err := json.Marshal(map[string]any{"specversion": "1.0", "id": id, "source": "test",
			"type": typ, "time": at.Format(time.RFC3339), "data": data})
		if err != nil {
			t.Fatal(err)
		}
		m := nats.NewMsg(subject)
		m.Header.Set("Content-Type", "application/cloudevents+json")
		m.Data = b
		return m
	}
	msgs := []*nats.Msg{mk("lead", events.TypeLeadCaptured, subjects.Lead(), map[string]any{
		"lead": map[string]any{"email": "vp@recheck.example", "title": "VP Sales"},
		"company": map[string]any{"domain": "recheck.example", "industry": "software", "employees": 300,
			"annual_revenue": 40000000, "country": "US", "growth_stage": "scaleup", "tech_stack": []string{"jira"}},
		"form": map[string]any{"kind": "demo_request"},
	})}
	for i := range 3 {
		msgs = append(msgs, mk(fmt.Sprint("use", i), events.TypeUsageRecorded, subjects.Usage(), map[string]any{
			"account": map[string]any{"domain": "recheck.example"}, "user": fmt.Sprint("u", i), "event": "app.opened"}))
	}
	return msgs
}
