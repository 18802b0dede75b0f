package consumers

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// toQualify maps a decoded input event to the engine's input. An event of a
// type leadq does not consume cannot reach here (Decode rejects it).
func toQualify(e *events.Event) (qualify.Event, error) {
	q := qualify.Event{ID: e.ID, Source: e.Source, Time: e.Time, Account: e.Account()}
	switch {
	case e.Lead != nil:
		q.Kind = qualify.LeadCaptured
		q.Company = toCompany(e.Lead.Company)
		p := e.Lead.Lead
		q.Lead = qualify.Person{Email: p.Email, FirstName: p.FirstName, LastName: p.LastName,
			Title: p.Title, Department: p.Department, Country: p.Country}
		if e.Lead.Form != nil {
			q.FormKind = e.Lead.Form.Kind
			if q.FormKind == "" {
				q.FormKind = events.FormKindOther
			}
		}
	case e.Trigger != nil:
		q.Kind = qualify.TriggerDetected
		q.Company = toCompany(e.Trigger.Company)
		q.TriggerKind = e.Trigger.Kind
	case e.Usage != nil:
		q.Kind = qualify.UsageRecorded
		q.User, q.UsageEvent, q.Count = e.Usage.User, e.Usage.Event, e.Usage.Count
	default:
		return q, fmt.Errorf("consumers: mapping event %s: no data of type %s", e.ID, e.Type)
	}
	return q, nil
}

// toCompany copies firmographics; nil is all unknown.
func toCompany(c *events.Company) qualify.Company {
	if c == nil {
		return qualify.Company{}
	}
	return qualify.Company{Name: c.Name, Industry: c.Industry, Country: c.Country,
		GrowthStage: c.GrowthStage, BusinessModel: c.BusinessModel,
		Employees: c.Employees, AnnualRevenue: c.AnnualRevenue, TechStack: c.TechStack}
}

// eventKey is the de-duplication key of an input in the store: a hash of
// its source and id (an event is identified by id and source), 22 characters.
func eventKey(e *events.Event) string {
	sum := sha256.Sum256([]byte(e.Key()))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

// shardOf maps an account to one of n shards (FNV-1a), so one account's
// inputs are processed in order by one worker.
func shardOf(account string, n int) int {
	h := uint32(2166136261)
	for i := 0; i < len(account); i++ {
		h ^= uint32(account[i])
		h *= 16777619
	}
	return int(h % uint32(n))
}
