package consumers

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// spec9Now is the wall clock of the worked-example tests: after the re-check
// instant 2026-11-12T12:00Z, so the re-check fires as soon as it is due.
var spec9Now = time.Date(2026, 11, 12, 13, 0, 0, 0, time.UTC)

const (
	spec9Account = "acme.io"
	spec9Lead    = "jane.doe@acme.io"
)

// spec9Files are the worked-example input in time order, the three usage events
// as one group.
var spec9Files = [][]string{
	{"1-lead-content-download.json"},
	{"2-trigger-funding-round.json"},
	{"3-usage-u1.json", "3-usage-u2.json", "3-usage-u3.json"},
	{"4-lead-demo-request.json"},
}

// spec9Msg reads a structured-mode input of testdata/spec9 as a NATS message
// on the default subject of its type.
func spec9Msg(t testing.TB, subjects events.Subjects, file string) *nats.Msg {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "spec9", file))
	if err != nil {
		t.Fatal(err)
	}
	var head struct{ Type string }
	if err := json.Unmarshal(data, &head); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	subject := map[string]string{
		events.TypeLeadCaptured:    subjects.Lead(),
		events.TypeTriggerDetected: subjects.Trigger(),
		events.TypeUsageRecorded:   subjects.Usage(),
	}[head.Type]
	m := nats.NewMsg(subject)
	m.Header.Set("Content-Type", "application/cloudevents+json")
	m.Data = data
	return m
}

// spec9Groups returns the four groups of inputs as messages.
func spec9Groups(t testing.TB, subjects events.Subjects) [][]*nats.Msg {
	groups := make([][]*nats.Msg, len(spec9Files))
	for i, files := range spec9Files {
		for _, f := range files {
			groups[i] = append(groups[i], spec9Msg(t, subjects, f))
		}
	}
	return groups
}

// Expected ids of the three outputs.
var (
	spec9QualifiedID   = qualify.TransitionID(spec9Account, spec9Lead, 1, qualify.BecameQualified)
	spec9RoutedID      = qualify.RoutedID(spec9QualifiedID)
	spec9UnqualifiedID = qualify.TransitionID(spec9Account, spec9Lead, 2, qualify.BecameUnqualified)
)

func TestSpec9OverNATS(t *testing.T) {
	rg := newRig(t)
	rg.start(rg.config())
	for _, g := range spec9Groups(t, rg.subjects) {
		rg.publish(g...)
	}
	waitOutputs(t, rg, 3)
	rg.settle(30 * time.Second)
	outs := decodeOutputs(t, rg.outputs())
	if len(outs) != 3 {
		t.Fatalf("%d outputs, want 3: %+v", len(outs), outs)
	}
	q, r, u := outs[0], outs[1], outs[2]
	const demoTrace = "00-3df7651916cd43dd8448eb211c80319c-e7ad6b7169203331-01"
	checkOutput(t, q, events.TypeLeadQualified, rg.subjects.Qualified(), spec9QualifiedID, "2026-11-06T08:00:00Z", demoTrace)
	checkOutput(t, r, events.TypeLeadRouted, rg.subjects.Routed("sdr-smb-emea"), spec9RoutedID, "2026-11-06T08:00:00Z", demoTrace)
	checkOutput(t, u, events.TypeLeadUnqualified, rg.subjects.Unqualified(), spec9UnqualifiedID, "2026-11-12T12:00:00Z", "")

	qd := q.Data.(*events.QualifiedData)
	checkQualifiedData(t, "qualified", qd, "2026-11-06T08:00:00Z", events.Readiness{Ready: 50, Willing: 71.76, Able: 100})
	if qd.Lead.Title != "VP Marketing" || qd.Lead.Role != "decision_maker" || qd.Account.Name != "Acme" {
		t.Errorf("qualified lead/account = %+v %+v", qd.Lead, qd.Account)
	}
	rd := r.Data.(*events.RoutedData)
	wantRouted := events.RoutedData{
		Lead: events.LeadSummary{Email: spec9Lead}, Account: events.AccountSummary{Domain: spec9Account},
		Segment: "smb", Region: "emea", Queue: "sdr-smb-emea", Rep: "ana", Reason: events.RouteRoundRobin,
		ConfigVersion: "2026-11-22.1",
	}
	if *rd != wantRouted {
		t.Errorf("routed data = %+v, want %+v", *rd, wantRouted)
	}
	ud := u.Data.(*events.UnqualifiedData)
	willing := 15*math.Pow(0.5, (11+2.0/24)/14) + 60*math.Pow(0.5, (6+4.0/24)/14)
	checkQualifiedData(t, "unqualified", &ud.QualifiedData, "2026-11-12T12:00:00Z",
		events.Readiness{Ready: 0, Willing: events.Round2(willing), Able: 100})
	if ud.Reason != "readiness.ready below 40" {
		t.Errorf("unqualified reason = %q", ud.Reason)
	}
}

// TestSpec9EveryOrder publishes the four groups of the worked example in all 24
// orders, each on streams and state of its own, and expects the same three
// transitions (type, lead, evaluated_at, queue, rep, id) every time.
func TestSpec9EveryOrder(t *testing.T) {
	rg := newRig(t)
	want := ""
	for i, order := range permutations(len(spec9Files)) {
		name := fmt.Sprint(order)
		rg.use(fmt.Sprintf("o%02d", i), fmt.Sprintf("o%02d:", i))
		r := rg.start(rg.config())
		groups := spec9Groups(t, rg.subjects)
		for _, g := range order {
			rg.publish(groups[g]...)
		}
		waitOutputs(t, rg, 3)
		rg.settle(30 * time.Second)
		r.stop(t)
		got := transitionsOf(t, decodeOutputs(t, rg.outputs()))
		if want == "" {
			want = got
			if strings.Count(want, "\n") != 3 {
				t.Fatalf("order %s: transitions\n%s", name, got)
			}
		}
		if got != want {
			t.Errorf("order %s: transitions\n%s\nwant\n%s", name, got, want)
		}
	}
}

// transitionsOf renders the order-independent part of outputs, one per line.
func transitionsOf(t *testing.T, outs []events.Output) string {
	var b strings.Builder
	for _, o := range outs {
		switch d := o.Data.(type) {
		case *events.QualifiedData:
			fmt.Fprintf(&b, "%s %s %s %s\n", o.Type, o.ID, d.Lead.Email, d.EvaluatedAt.Format(time.RFC3339))
		case *events.UnqualifiedData:
			fmt.Fprintf(&b, "%s %s %s %s %s\n", o.Type, o.ID, d.Lead.Email, d.EvaluatedAt.Format(time.RFC3339), d.Reason)
		case *events.RoutedData:
			fmt.Fprintf(&b, "%s %s %s %s %s %s\n", o.Type, o.ID, d.Lead.Email, d.Queue, d.Rep, d.Reason)
		default:
			t.Fatalf("output %s: data %T", o.ID, o.Data)
		}
	}
	return b.String()
}

func checkOutput(t *testing.T, o events.Output, typ, subject, id, at, trace string) {
	t.Helper()
	if o.Type != typ || o.NATSSubject != subject || o.ID != id || o.Subject != spec9Account ||
		o.Time.Format(time.RFC3339) != at || o.TraceParent != trace {
		t.Errorf("output = type %s subject %s id %s ce-subject %s time %s traceparent %q; want %s %s %s %s %s %q",
			o.Type, o.NATSSubject, o.ID, o.Subject, o.Time.Format(time.RFC3339), o.TraceParent,
			typ, subject, id, spec9Account, at, trace)
	}
}

func checkQualifiedData(t *testing.T, what string, d *events.QualifiedData, at string, r events.Readiness) {
	t.Helper()
	if d.Lead.Email != spec9Lead || d.Account.Domain != spec9Account || d.EvaluatedAt.Format(time.RFC3339) != at ||
		d.ConfigVersion != "2026-11-22.1" || d.ICP != "midmarket-saas" || d.Fit != 100 || d.Grade != "A" {
		t.Errorf("%s data = %+v", what, *d)
	}
	if d.Readiness != r {
		t.Errorf("%s readiness = %+v, want %+v", what, d.Readiness, r)
	}
	var expl map[string]any
	if err := json.Unmarshal(d.Explanation, &expl); err != nil || expl["icp"] == nil || expl["readiness"] == nil {
		t.Errorf("%s explanation = %s (%v)", what, d.Explanation, err)
	}
}

// waitOutputs waits until the output stream holds at least n messages.
func waitOutputs(t *testing.T, rg *rig, n int) {
	t.Helper()
	if !poll(60*time.Second, func() bool { return len(rg.outputs()) >= n }) {
		t.Fatalf("output stream holds %d messages, want %d", len(rg.outputs()), n)
	}
}

// decodeOutputs decodes output stream messages; NATSSubject is the subject
// they were published to.
func decodeOutputs(t testing.TB, msgs []*jetstream.RawStreamMsg) []events.Output {
	t.Helper()
	outs := make([]events.Output, len(msgs))
	for i, m := range msgs {
		o, err := events.DecodeOutput(&nats.Msg{Subject: m.Subject, Header: m.Header, Data: m.Data})
		if err != nil {
			t.Fatalf("output %d on %s: %v", m.Sequence, m.Subject, err)
		}
		if got := m.Header.Get(jetstream.MsgIDHeader); got != o.ID {
			t.Errorf("output %s has Nats-Msg-Id %q", o.ID, got)
		}
		o.NATSSubject = m.Subject
		outs[i] = o
	}
	return outs
}

// permutations returns every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}
