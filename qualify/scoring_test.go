package qualify

import (
	"math"
	"testing"
	"time"
)

const day = 24 * time.Hour

func TestDecay(t *testing.T) {
	hl := UnixNano(14 * day)
	cases := []struct {
		name   string
		points float64
		age    UnixNano
		want   float64
	}{
		{"fresh", 60, 0, 60},
		{"one half-life", 60, hl, 30},
		{"two half-lives", 60, 2 * hl, 15},
		{"half a half-life", 60, hl / 2, 60 / math.Sqrt2},
		{"ten half-lives", 1024, 10 * hl, 1},
	}
	for _, c := range cases {
		if got := decay(c.points, c.age, hl); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: decay = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestSignalExpiry: a signal counts while younger than 10 half-lives, and is
// pruned by the clock at exactly 10 half-lives.
func TestSignalExpiry(t *testing.T) {
	cfg := specConfig(t)
	e := specEvents()[1] // funding_round, able, 90d
	var a Account
	mustApply(t, &a, cfg, e)
	limit := e.Time.Add(10 * 90 * day)
	cases := []struct {
		at   time.Time
		want int
	}{{limit.Add(-time.Nanosecond), 1}, {limit, 0}}
	for _, c := range cases {
		ev := Evaluate(&a, cfg, c.at)
		if got := len(ev.Signals(Able)); got != c.want {
			t.Errorf("at %v: %d able signals, want %d", c.at, got, c.want)
		}
	}
	a.Advance(cfg, limit)
	if len(a.Signals) != 0 {
		t.Errorf("after advancing to 10 half-lives: %d signals kept", len(a.Signals))
	}
	if ch, _ := a.Apply(cfg, e); ch {
		t.Error("re-applying an expired signal changed the state")
	}
}

func usageEvent(id, user, name string, at time.Time) Event {
	return Event{ID: id, Source: "app", Time: at, Kind: UsageRecorded, Account: "acme.io", User: user, UsageEvent: name, Count: 5}
}

// TestUsageWindowBounds: the window (T−w, T] excludes its lower bound.
func TestUsageWindowBounds(t *testing.T) {
	cfg := mustConfig(t, minimalConfig+`
  usage:
    - {name: active, metric: active_users, window: 7d, at_least: 1, dimension: ready, points: 50}
    - {name: exports, metric: events, event: report.exported, window: 7d, at_least: 5, dimension: willing, points: 50}
`)
	at := ts("2026-05-01T12:00:00Z")
	var a Account
	mustApply(t, &a, cfg, usageEvent("x", "u1", "report.exported", at))
	cases := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"at the observation", at, true},
		{"just inside", at.Add(7*day - time.Nanosecond), true},
		{"at the lower bound", at.Add(7 * day), false},
		{"after", at.Add(8 * day), false},
	}
	for _, c := range cases {
		ev := Evaluate(&a, cfg, c.t)
		for _, u := range ev.Usage {
			if u.Passed != c.want {
				t.Errorf("%s: %s passed %v (value %d), want %v", c.name, u.Name, u.Passed, u.Value, c.want)
			}
		}
	}
}

// TestUsageEventsCountedOnce: a redelivered usage event is not counted twice.
func TestUsageEventsCountedOnce(t *testing.T) {
	cfg := specConfig(t)
	at := ts("2026-05-01T12:00:00Z")
	var a Account
	e := usageEvent("x", "u1", "report.exported", at)
	e.Count = 3
	mustApply(t, &a, cfg, e, e, usageEvent("y", "u1", "report.exported", at))
	ev := Evaluate(&a, cfg, at)
	if got := ev.Usage[1].Value; got != 8 {
		t.Errorf("exports = %d, want 3+5", got)
	}
	if got := ev.Usage[0].Value; got != 1 {
		t.Errorf("active users = %d, want 1", got)
	}
}

func TestReadinessCappedAt100(t *testing.T) {
	cfg := specConfig(t)
	var a Account
	e := specEvents()[5] // demo_request: willing 60
	for i, id := range []string{"a", "b"} {
		e.ID, e.Time = id, e.Time.Add(time.Duration(i)*time.Second)
		mustApply(t, &a, cfg, e)
	}
	if got := Evaluate(&a, cfg, a.Clock.Time()).Readiness.Willing; got != 100 {
		t.Errorf("willing = %v, want 100", got)
	}
}

const minimalConfig = `version: t
icps:
  - name: first
    attributes:
      - {field: industry, in: [software], weight: 1}
      - {field: country, in: [DE], weight: 1}
grades: {A: 80, B: 60, C: 40}
personas:
  - {role: excluded, title_matches: '(?i)\bintern'}
  - {role: decision_maker, title_matches: '(?i)\b(ceo|vp|head)\b'}
  - {role: champion, title_matches: '(?i)\b(manager|lead)\b'}
qualify: {min_grade: B, personas: [decision_maker, champion]}
routing:
  queues: [{name: all, when: {}, reps: [a]}]
readiness:
  thresholds: {ready: 0, willing: 0, able: 0}
`

func TestICPChoice(t *testing.T) {
	two := mustConfig(t, `version: t
icps:
  - name: first
    attributes: [{field: industry, in: [software], weight: 1}, {field: country, in: [DE], weight: 1}]
  - name: second
    attributes: [{field: industry, in: [software], weight: 3}, {field: employees, between: [0, 100], weight: 1}]
    disqualify: [{field: country, in: [US]}]
grades: {A: 80, B: 60, C: 40}
qualify: {min_grade: D, personas: [none]}
routing: {queues: [{name: all, when: {}, reps: [a]}]}
readiness: {thresholds: {ready: 0, willing: 0, able: 0}}
`)
	cases := []struct {
		name         string
		firm         Firmographics
		icp          string
		fit          float64
		grade        Grade
		disqualified bool
	}{
		{"tie goes to the first", Firmographics{}, "first", 0, GradeD, false},
		{"higher fit wins", Firmographics{Industry: text("software")}, "second", 75, GradeB, false},
		{"first wins when better", Firmographics{Industry: text("software"), Country: text("DE")}, "first", 100, GradeA, false},
		{"disqualifier of the chosen ICP", Firmographics{Industry: text("software"), Country: text("US"), Employees: num(5)}, "second", 100, GradeA, true},
		{"disqualifier of another ICP ignored", Firmographics{Industry: text("software"), Country: text("DE"), Employees: num(500)}, "first", 100, GradeA, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &Account{Domain: "x.io", Firm: c.firm}
			ev := Evaluate(a, two, time.Time{})
			if ev.ICP != c.icp || ev.Fit != c.fit || ev.Grade != c.grade || ev.Disqualified != c.disqualified {
				t.Errorf("got %s fit %v grade %s disqualified %v", ev.ICP, ev.Fit, ev.Grade, ev.Disqualified)
			}
		})
	}
}

func TestGrades(t *testing.T) {
	g := Grades{A: 80, B: 60, C: 40}
	for fit, want := range map[float64]Grade{100: GradeA, 80: GradeA, 79.99: GradeB, 60: GradeB, 40: GradeC, 39.9: GradeD, 0: GradeD} {
		if got := g.Of(fit); got != want {
			t.Errorf("Of(%v) = %s, want %s", fit, got, want)
		}
	}
	if !GradeB.AtLeast(GradeB) || GradeC.AtLeast(GradeB) || !GradeA.AtLeast(GradeD) {
		t.Error("AtLeast ordering")
	}
}
