package qualify

import (
	"errors"
	"time"
)

// Errors returned by (*Account).Apply.
var (
	ErrAccountMismatch = errors.New("qualify: event belongs to another account")
	ErrInvalidEvent    = errors.New("qualify: invalid event")
)

// EventKind says which input event an Event carries.
type EventKind uint8

// The input event kinds (README, Events).
const (
	LeadCaptured    EventKind = iota + 1 // io.leadq.lead.captured
	TriggerDetected                      // io.leadq.trigger.detected
	UsageRecorded                        // io.leadq.usage.recorded
)

// Event is the engine's input: one decoded, normalised input event. Consumers
// map events.Event to it. Empty strings, nil pointers and a nil TechStack mean
// "unknown" and never overwrite a known value.
type Event struct {
	ID, Source string
	Time       time.Time
	Kind       EventKind
	// Account is the normalised account domain; "" for a lead on a free-mail
	// domain without company.domain (such a lead cannot qualify).
	Account string
	Company Company // firmographic updates (lead and trigger events)

	Lead Person // LeadCaptured: Lead.Email (normalised) is required
	// FormKind is the LeadCaptured form.kind: "" when the event has no form
	// (no signal); a form without a kind must be mapped to "other".
	FormKind string

	TriggerKind string // TriggerDetected: kind

	User       string // UsageRecorded: user id
	UsageEvent string // UsageRecorded: event name
	Count      int64  // UsageRecorded: count, < 1 means 1
}

// Company carries firmographic facts; zero values are unknown.
type Company struct {
	Name, Industry, Country, GrowthStage, BusinessModel string
	Employees                                           *int64
	AnnualRevenue                                       *float64
	TechStack                                           []string // nil: unknown; empty non-nil: known to be empty
}

// Person carries a lead's facts; empty strings are unknown.
type Person struct {
	Email, FirstName, LastName, Title, Department, Country string
}

// stamp is the event's last-writer-wins key: (time, source, id).
func (e *Event) stamp() Stamp {
	return Stamp{T: At(e.Time), S: e.Source, I: e.ID}
}

// validate checks the fields Apply relies on.
func (e *Event) validate() error {
	switch {
	case e.ID == "" || e.Time.IsZero():
		return ErrInvalidEvent
	case e.Kind == LeadCaptured && e.Lead.Email == "":
		return ErrInvalidEvent
	case e.Kind == TriggerDetected && (e.TriggerKind == "" || e.Account == ""):
		return ErrInvalidEvent
	case e.Kind == UsageRecorded && (e.User == "" || e.UsageEvent == "" || e.Account == ""):
		return ErrInvalidEvent
	case e.Kind < LeadCaptured || e.Kind > UsageRecorded:
		return ErrInvalidEvent
	}
	return nil
}
