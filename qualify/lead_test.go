package qualify

import (
	"strings"
	"testing"
	"time"
)

func TestPersonaPrecedence(t *testing.T) {
	cfg := specConfig(t)
	cases := []struct{ title, role string }{
		{"VP Marketing", "decision_maker"},
		{"Intern to the CEO", "excluded"}, // the first matching rule wins
		{"Head of Sales Lead", "decision_maker"},
		{"Engineering Manager", "champion"},
		{"manager", "champion"},
		{"Engineer", RoleNone},
		{"", RoleNone},
		{"Vice President, Sales", "decision_maker"},
		{"Leader", RoleNone}, // \b…\b: "lead" is not "leader"
	}
	for _, c := range cases {
		t.Run(c.title, func(t *testing.T) {
			var a Account
			mustApply(t, &a, cfg, Event{ID: "1", Source: "s", Time: ts("2026-01-01T00:00:00Z"), Kind: LeadCaptured,
				Account: "acme.io", Lead: Person{Email: "p@acme.io", Title: c.title}})
			ev := Evaluate(&a, cfg, a.Clock.Time())
			if got := ev.Leads[0].Role; got != c.role || a.Leads[0].Role != c.role {
				t.Errorf("role of %q = %s (stored %s), want %s", c.title, got, a.Leads[0].Role, c.role)
			}
		})
	}
}

// TestLeadVerdicts checks each condition of the scoring rules (README, Scoring) and the reason given.
func TestLeadVerdicts(t *testing.T) {
	cfg := specConfig(t)
	qualified := func() []Event { return specEvents() }
	with := func(edit func([]Event) []Event) []Event { return edit(qualified()) }
	cases := []struct {
		name   string
		events []Event
		reason string
	}{
		{"all conditions", qualified(), ""},
		{"free-mail lead has no account", with(func(e []Event) []Event {
			e[0].Account, e[5].Account = "", ""
			return e[:1:1]
		}), "account unknown (free-mail lead)"},
		{"disqualified industry", with(func(e []Event) []Event { e[0].Company.Industry = "education"; return e }),
			"account disqualified: industry in [education, government]"},
		{"grade too low", with(func(e []Event) []Event {
			e[0].Company = Company{Industry: "software", Employees: ptr(int64(300))}
			e[1].Company = Company{}
			return e
		}), "grade C below B"},
		{"persona", with(func(e []Event) []Event { e[0].Lead.Title, e[5].Lead.Title = "Engineer", ""; return e }),
			"persona none not in decision_maker, champion"},
		{"excluded persona", with(func(e []Event) []Event { e[5].Lead.Title = "Intern"; return e }),
			"persona excluded not in decision_maker, champion"},
		{"willing", with(func(e []Event) []Event { return e[:5] }), "readiness.willing below 40"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var a Account
			mustApply(t, &a, cfg, c.events...)
			ev := Evaluate(&a, cfg, a.Clock.Time())
			l := ev.Leads[0]
			if l.Reason != c.reason || l.Qualified != (c.reason == "") {
				t.Errorf("lead %+v, want reason %q", l, c.reason)
			}
		})
	}
}

// TestFreeMailLeadIntoAccount: a free-mail lead event never lands in a
// company account.
func TestFreeMailLeadIntoAccount(t *testing.T) {
	cfg := specConfig(t)
	a := Account{Domain: "acme.io"}
	e := specEvents()[0]
	e.Account = ""
	if _, err := a.Apply(cfg, e); err != ErrAccountMismatch {
		t.Fatalf("Apply = %v, want ErrAccountMismatch", err)
	}
}

func TestTransitionIDs(t *testing.T) {
	cfg := specConfig(t)
	var a Account
	mustApply(t, &a, cfg, specEvents()...)
	ev := Evaluate(&a, cfg, a.Clock.Time())
	q := Transitions(&a, &ev)
	if len(q) != 1 || q[0].Seq != 1 || a.Leads[0].Seq != 1 || !a.Leads[0].Qualified {
		t.Fatalf("first transition %+v, lead %+v", q, a.Leads[0])
	}
	if again := Transitions(&a, &ev); len(again) != 0 {
		t.Fatalf("same evaluation twice: %+v", again)
	}
	if q[0].ID != TransitionID("acme.io", "jane.doe@acme.io", 1, BecameQualified) || len(q[0].ID) != 32 ||
		q[0].RoutedID != RoutedID(q[0].ID) || q[0].RoutedID == q[0].ID {
		t.Errorf("ids %s %s", q[0].ID, q[0].RoutedID)
	}
	later := Evaluate(&a, cfg, a.Clock.Time().Add(30*24*time.Hour))
	u := Transitions(&a, &later)
	if len(u) != 1 || u[0].Seq != 2 || u[0].RoutedID != "" || u[0].ID == q[0].ID ||
		u[0].ID != TransitionID("acme.io", "jane.doe@acme.io", 2, BecameUnqualified) {
		t.Errorf("unqualified %+v", u)
	}
}

// TestRoleFollowsConfig: a role cached under other persona rules is
// recomputed with the current ones.
func TestRoleFollowsConfig(t *testing.T) {
	cfg := specConfig(t)
	var a Account
	mustApply(t, &a, cfg, specEvents()[0])
	other := mustConfig(t, strings.Replace(minimalConfig, `'(?i)\b(ceo|vp|head)\b'`, `'(?i)\bceo\b'`, 1))
	if got := Evaluate(&a, other, a.Clock.Time()).Leads[0].Role; got != RoleNone {
		t.Errorf("role under the new personas = %s, want none", got)
	}
	if got := Evaluate(&a, cfg, a.Clock.Time()).Leads[0].Role; got != "decision_maker" {
		t.Errorf("role under the spec personas = %s", got)
	}
}
