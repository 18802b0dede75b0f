package qualify

import "time"

// Summary describes the configuration for `leadq config check`.
func (c *Config) Summary() string { return "" }

// Apply folds ev into the account. It is idempotent and order-independent.
func (a *Account) Apply(cfg *Config, ev Event) (bool, error) { return false, nil }

// Advance moves the account clock forward to t (a time-based re-check).
func (a *Account) Advance(cfg *Config, t time.Time) bool { return false }

// Evaluate scores the account and its leads as of t.
func Evaluate(a *Account, cfg *Config, t time.Time) Evaluation { return Evaluation{} }

// Transitions compares flags and verdicts; it updates the leads.
func Transitions(a *Account, ev *Evaluation) []Transition { return nil }

// NextRecheck returns when the first qualified lead would stop qualifying.
func NextRecheck(a *Account, cfg *Config) (time.Time, bool) { return time.Time{}, false }

// RouteQueue resolves segment, region and queue of a lead.
func RouteQueue(cfg *Config, a *Account, email string) (Placement, bool) { return Placement{}, false }

// Route assigns a rep.
func Route(cfg *Config, a *Account, email string, turn int64) (Assignment, bool) {
	return Assignment{}, false
}

// Explain returns the explanation for one lead.
func (e *Evaluation) Explain(email string) (Explanation, bool) { return Explanation{}, false }
