package events

import (
	"encoding/json"
	"math"
	"time"
)

// LeadCaptured is the data of io.leadq.lead.captured: a form fill, signup or
// contact upsert.
type LeadCaptured struct {
	Lead    Person   `json:"lead"`
	Company *Company `json:"company,omitempty"`
	Form    *Form    `json:"form,omitempty"`
}

// Person is a lead. Decode lower-cases and trims Email; empty fields are unknown.
type Person struct {
	Email      string `json:"email"`
	FirstName  string `json:"first_name,omitempty"`
	LastName   string `json:"last_name,omitempty"`
	Title      string `json:"title,omitempty"`
	Department string `json:"department,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Company holds firmographics and technographics; nil pointers, empty strings and
// a nil TechStack are unknown. Decode normalises Domain.
type Company struct {
	Domain        string   `json:"domain,omitempty"`
	Name          string   `json:"name,omitempty"`
	Industry      string   `json:"industry,omitempty"`
	Employees     *int64   `json:"employees,omitempty"`
	AnnualRevenue *float64 `json:"annual_revenue,omitempty"`
	Country       string   `json:"country,omitempty"`
	GrowthStage   string   `json:"growth_stage,omitempty"`
	BusinessModel string   `json:"business_model,omitempty"`
	TechStack     []string `json:"tech_stack,omitempty"`
}

// Form is the form a lead filled in. Decode sets Kind to "other" when absent.
type Form struct {
	ID   string `json:"id,omitempty"`
	Kind string `json:"kind"`
	URL  string `json:"url,omitempty"`
}

// FormKindOther is the form kind of a form without one.
const FormKindOther = "other"

// TriggerDetected is the data of io.leadq.trigger.detected: an account-level
// catalyst, optionally with firmographics.
type TriggerDetected struct {
	Account   AccountRef     `json:"account"`
	Kind      string         `json:"kind"`
	Company   *Company       `json:"company,omitempty"`
	Details   map[string]any `json:"details,omitempty"`
	SourceURL string         `json:"source_url,omitempty"`
}

// AccountRef names an account by its domain; Decode normalises it.
type AccountRef struct {
	Domain string `json:"domain"`
}

// UsageRecorded is the data of io.leadq.usage.recorded: Count occurrences of
// Event by User of an account. Decode sets Count to 1 when absent.
type UsageRecorded struct {
	Account AccountRef `json:"account"`
	User    string     `json:"user,omitempty"`
	Event   string     `json:"event"`
	Count   int64      `json:"count"`
}

// LeadSummary is the lead in an output event.
type LeadSummary struct {
	Email string `json:"email"`
	Title string `json:"title,omitempty"`
	Role  string `json:"role,omitempty"`
}

// AccountSummary is the account in an output event.
type AccountSummary struct {
	Domain string `json:"domain"`
	Name   string `json:"name,omitempty"`
}

// Readiness holds the three readiness scores, 0 to 100.
type Readiness struct {
	Ready   float64 `json:"ready"`
	Willing float64 `json:"willing"`
	Able    float64 `json:"able"`
}

// QualifiedData is the data of io.leadq.lead.qualified. Scores are rounded to two
// decimals (see [Round2]); Explanation is a JSON object whose shape package qualify
// documents.
type QualifiedData struct {
	Lead          LeadSummary     `json:"lead"`
	Account       AccountSummary  `json:"account"`
	EvaluatedAt   time.Time       `json:"evaluated_at"`
	ConfigVersion string          `json:"config_version"`
	ICP           string          `json:"icp"`
	Fit           float64         `json:"fit"`
	Grade         string          `json:"grade"`
	Readiness     Readiness       `json:"readiness"`
	Explanation   json.RawMessage `json:"explanation"`
}

// UnqualifiedData is the data of io.leadq.lead.unqualified: the evaluation that no
// longer qualifies and the failing condition, e.g. "readiness.ready below 40".
type UnqualifiedData struct {
	QualifiedData
	Reason string `json:"reason"`
}

// Routing reasons of RoutedData.
const (
	RouteAccountOwner = "account_owner"
	RouteRoundRobin   = "round_robin"
)

// RoutedData is the data of io.leadq.lead.routed: where a qualified lead goes.
type RoutedData struct {
	Lead          LeadSummary    `json:"lead"`
	Account       AccountSummary `json:"account"`
	Segment       string         `json:"segment,omitempty"`
	Region        string         `json:"region,omitempty"`
	Queue         string         `json:"queue"`
	Rep           string         `json:"rep"`
	Reason        string         `json:"reason"`
	ConfigVersion string         `json:"config_version"`
}

// Round2 rounds x to two decimals, half away from zero, as output scores are.
func Round2(x float64) float64 {
	r := math.Round(x*100) / 100
	if r == 0 {
		return 0 // no negative zero in outputs
	}
	return r
}
