package events

import (
	"strconv"
	"strings"
	"time"

	"github.com/cloudevents/sdk-go/v2/event"
)

// Event is a decoded, validated input event. Exactly one of Lead, Trigger and
// Usage is set, according to Type; its e-mails and domains are normalised.
type Event struct {
	// CE holds the CloudEvent context attributes and extensions as received;
	// the data is decoded into Lead, Trigger or Usage instead.
	CE event.Event
	// ID, Source, Type and Time repeat CE's attributes; Time is in UTC.
	ID, Source, Type string
	Time             time.Time
	// TraceParent is the W3C traceparent extension, "" when absent.
	TraceParent string

	Lead    *LeadCaptured
	Trigger *TriggerDetected
	Usage   *UsageRecorded

	account  string
	resolved bool
}

// Account returns the normalised domain of the event's account: for a lead,
// company.domain when given, else the e-mail's domain; "" when that is a
// free-mail domain (the lead has no account). For a trigger or usage event it is
// account.domain. For an Event not made by Decode the default free-mail list is used.
func (e *Event) Account() string {
	if e.resolved {
		return e.account
	}
	return accountOf(e, defaultFreeMail, false)
}

// emailDomain is the account domain of an e-mail address's domain part:
// normalised, or, when the address is normalised already, with only its www.
// labels dropped.
func emailDomain(d string, normalised bool) (string, error) {
	if normalised {
		return trimWWW(d), nil
	}
	return NormalizeDomain(d)
}

// Key identifies the event for de-duplication: source and id, unambiguously joined.
func (e *Event) Key() string {
	return strconv.Itoa(len(e.Source)) + ":" + e.Source + e.ID
}

// accountOf resolves the account domain of e; the domains are already
// normalised, and so is the lead's e-mail address when decoded (then only its
// www. labels are left to drop, with no second IDNA pass).
func accountOf(e *Event, free FreeMail, decoded bool) string {
	switch {
	case e.Lead != nil:
		d := ""
		if e.Lead.Company != nil && e.Lead.Company.Domain != "" {
			d = e.Lead.Company.Domain
		} else if at := strings.LastIndexByte(e.Lead.Lead.Email, '@'); at >= 0 {
			var err error
			if d, err = emailDomain(e.Lead.Lead.Email[at+1:], decoded); err != nil {
				return ""
			}
		}
		if free.Contains(d) {
			return ""
		}
		return d
	case e.Trigger != nil:
		return e.Trigger.Account.Domain
	case e.Usage != nil:
		return e.Usage.Account.Domain
	}
	return ""
}
