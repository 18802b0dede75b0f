package consumers

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

// genOptions shapes a synthetic input stream whose set of transitions does
// not depend on the order it is processed in, for the concurrency, shutdown
// and crash tests (with the example rules of testdata/config/spec.yaml):
//
//   - every event of an account carries the same firmographics (fit 100,
//     smb, region na: every routed lead goes to sdr-general, rep fay), so no
//     intermediate state is graded differently;
//   - every event of a lead carries the same title, so its role never
//     changes;
//   - all times lie within Span after Base, so decay moves no score across
//     a threshold during the stream: readiness only builds up (willing from
//     demo requests, 60 points; ready from three or more active users, 50;
//     able from the revenue attribute, 50, and funding rounds), and each
//     lead qualifies at most once; no re-check falls due for days.
type genOptions struct {
	Accounts, Events int
	Leads            int // per account
	Base             time.Time
	Span             time.Duration
	Seed             uint64
}

var genTitles = []string{"VP Sales", "Head of Operations", "IT Manager", "Intern", "Accountant", "CTO"}

// genEvents returns the messages of the stream, in publishing order.
func genEvents(subjects events.Subjects, o genOptions) []*nats.Msg {
	r := rand.New(rand.NewPCG(o.Seed, 7))
	msgs := make([]*nats.Msg, 0, o.Events)
	for i := range o.Events {
		acct := r.IntN(o.Accounts)
		domain := fmt.Sprintf("acct-%04d.example", acct)
		at := o.Base.Add(time.Duration(r.Int64N(int64(o.Span)))).Truncate(time.Millisecond)
		ev := map[string]any{"specversion": "1.0", "id": fmt.Sprintf("gen-%d-%d", o.Seed, i),
			"source": "https://gen.example/" + domain, "time": at.Format(time.RFC3339Nano),
			"datacontenttype": "application/json"}
		var subject string
		switch k := r.IntN(100); {
		case k < 60:
			ev["type"], subject = events.TypeUsageRecorded, subjects.Usage()
			ev["data"] = map[string]any{"account": map[string]any{"domain": domain},
				"user": fmt.Sprintf("u%d", r.IntN(8)), "event": "dashboard.viewed", "count": 1}
		case k < 65:
			ev["type"], subject = events.TypeTriggerDetected, subjects.Trigger()
			ev["data"] = map[string]any{"account": map[string]any{"domain": domain},
				"kind": []string{"funding_round", "negative_review", "leadership_hire"}[r.IntN(3)]}
		default:
			lead := r.IntN(o.Leads)
			form := []string{"newsletter", "webinar", "demo_request", "other"}[r.IntN(4)]
			ev["type"], subject = events.TypeLeadCaptured, subjects.Lead()
			ev["data"] = map[string]any{
				"lead": map[string]any{"email": fmt.Sprintf("p%d@%s", lead, domain),
					"title": genTitles[(lead+acct)%len(genTitles)]},
				"company": map[string]any{"domain": domain, "name": fmt.Sprintf("Acct %d", acct),
					"industry": "software", "employees": 300, "annual_revenue": 40000000, "country": "US",
					"growth_stage": "scaleup", "business_model": "b2b", "tech_stack": []string{"slack"}},
				"form": map[string]any{"kind": form},
			}
		}
		data, err := json.Marshal(ev)
		if err != nil {
			panic(err)
		}
		m := nats.NewMsg(subject)
		m.Header.Set("Content-Type", "application/cloudevents+json")
		m.Data = data
		msgs = append(msgs, m)
	}
	return msgs
}

// genAccounts lists the account domains of a stream.
func genAccounts(o genOptions) []string {
	out := make([]string, o.Accounts)
	for i := range out {
		out[i] = fmt.Sprintf("acct-%04d.example", i)
	}
	return out
}
