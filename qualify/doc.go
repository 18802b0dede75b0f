// Package qualify is the lead-qualification engine of leadq: configuration
// (README, Configuration), ICP fit, personas, Ready/Willing/Able readiness with
// decaying signals and usage windows (README, Scoring), transitions and routing
// decisions (README, Outputs) and the re-check instant.
//
// The package is pure: it takes state, configuration and an instant and
// returns decisions. It reads no clock, does no I/O, logs nothing and starts
// no goroutines; it imports only the standard library and a YAML parser
// (go.yaml.in/yaml/v3, the maintained gopkg.in/yaml.v3). Tests enforce this.
//
// # API
//
//	LoadConfig(name, data, check SchemaCheck) (*Config, []Warning, error)  // error: *ConfigError
//	(*Config).Summary() string                                            // for `leadq config check`
//	(*Account).Apply(cfg, Event) (changed bool, err error)                // ErrInvalidEvent, ErrAccountMismatch
//	(*Account).Advance(cfg, t time.Time) bool                             // re-check: move the clock to t
//	Evaluate(*Account, cfg, t) Evaluation                                 // t < clock counts as the clock
//	EvaluateInto(*Evaluation, *Account, cfg, t)                           // Evaluate reusing e's memory
//	(*Evaluation).Explain(email) (Explanation, bool); (*Evaluation).Signals(Dimension) []SignalResult
//	Transitions(*Account, *Evaluation) []Transition                       // updates Lead.Qualified/Seq
//	NextRecheck(*Account, cfg) (time.Time, bool)
//	RouteQueue(cfg, *Account, email) (Placement, bool)                    // queue, and NeedsTurn
//	Route(cfg, *Account, email, turn int64) (Assignment, bool)            // records a sticky Owner
//	TransitionID(domain, email, seq, type), RoutedID(qualifiedID), Round2(x)
//
// # Flow for one input event
//
//	var acct qualify.Account                       // or json.Unmarshal(state, &acct)
//	changed, err := acct.Apply(cfg, ev)            // ev: a qualify.Event mapped from events.Event
//	eval := qualify.Evaluate(&acct, cfg, acct.Clock.Time())
//	for _, tr := range qualify.Transitions(&acct, &eval) {
//		// publish tr (tr.Explanation is the output's "explanation"), then for
//		// tr.Type == qualify.BecameQualified:
//		p, ok := qualify.RouteQueue(cfg, &acct, tr.Email) // ok false: not routed (unmatched: drop)
//		turn := int64(0)
//		if ok && p.NeedsTurn {
//			turn = nextTurn(p.Queue, tr.ID)           // the caller's counter, from 0
//		}
//		a, _ := qualify.Route(cfg, &acct, tr.Email, turn) // publish lead.routed with id tr.RoutedID
//	}
//	due, ok := qualify.NextRecheck(&acct, cfg)      // schedule a re-check at due
//	// commit acct (json.Marshal) with the outputs
//
// A caller handling many accounts one after another may keep one
// Evaluation per goroutine and call EvaluateInto instead of Evaluate: once
// warm it allocates nothing, and the Transitions made from it stay valid
// until its next EvaluateInto (encode them first). NextRecheck recycles
// its own working memory.
//
// A re-check at instant t calls acct.Advance(cfg, t), then Evaluate at t and
// Transitions as above. Events with Account "" (free-mail leads) can never
// qualify; the caller may skip them.
//
// # Order independence and limits
//
// Account.Apply is idempotent and commutative: firmographics and lead fields
// are last-writer-wins per field by (time, source, id); signals and counted
// usage observations are keyed by their event; user activity keeps the
// latest time; the clock only moves forward. Pruning depends on the clock
// only: a signal is dropped at 10 half-lives (Evaluate ignores it from then
// on, so pruning never changes a score), users and observations once outside
// the longest usage window. Caps: MaxSignals (500), MaxUsers (1000) and
// MaxObservations (2000) per account, dropping the oldest by (time, source,
// id) — or (time, user) — so the result stays order-independent; usage
// rules' at_least may not exceed the cap of their metric. Leads are not
// capped. Transitions and Route are part of the state update (lead flags and
// sequence numbers, sticky owner) and, like the outputs, depend on the order
// of events only where an intermediate state qualified.
//
// # Explanation JSON
//
// Evaluation.Explain (also Transition.Explanation) is the "explanation"
// object of the lead.qualified and lead.unqualified outputs, scores rounded
// to two decimals:
//
//	{
//	  "icp": {"name": "midmarket-saas", "fit": 100, "grade": "A",
//	          "attributes": [{"field": "industry", "rule": "industry in [software, saas]",
//	                          "weight": 25, "result": "matched"|"unmatched"|"unknown"}, ...],
//	          "disqualified": false,
//	          "disqualified_by": ["industry in [education, government]"]},  // omitted when none
//	  "icps": [{"name": "midmarket-saas", "fit": 100, "grade": "A"}, ...],   // every ICP, file order
//	  "persona": {"title": "VP Marketing", "role": "decision_maker",          // role "none": no rule
//	              "rule": "(?i)\\b(chief|...)\\b"},                          // title_matches; omitted for none
//	  "readiness": {
//	    "ready"|"willing"|"able": {
//	      "dimension": "willing", "score": 71.76, "threshold": 40, "passed": true,
//	      "signals": [{"kind": "form.demo_request", "time": "2026-11-06T08:00:00Z",
//	                   "points": 60, "decayed": 60}, ...],                  // live signals, oldest first
//	      "attributes": [{"rule": "annual_revenue between [20000000, null]", "points": 50}],
//	      "usage": [<usage result>, ...]}},                                 // passing usage rules only
//	  "usage": [{"name": "team_adoption", "metric": "active_users",          // every usage rule
//	             "event": "report.exported",                                // events metric only
//	             "window": "7d", "value": 3, "at_least": 3, "dimension": "ready",
//	             "points": 50, "passed": true}, ...],
//	  "min_grade": "B", "qualifying_personas": ["decision_maker", "champion"],
//	  "qualified": true,
//	  "reason": "readiness.ready below 40"                                  // omitted when qualified
//	}
//
// Reasons, the first failing condition: "account unknown (free-mail lead)",
// "account disqualified: <rule>", "grade C below B", "persona none not in
// decision_maker, champion", "readiness.<dimension> below <threshold>".
package qualify
