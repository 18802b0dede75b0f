// Package qualify is the lead-qualification engine of leadq: configuration
// (SPEC §3), ICP fit, personas, Ready/Willing/Able readiness with decaying
// signals and usage windows (§4), transitions and routing decisions (§5) and
// the re-check instant (§6).
//
// The package is pure: it takes state, configuration and an instant and
// returns decisions. It reads no clock, does no I/O, logs nothing and starts
// no goroutines; it imports only the standard library and a YAML parser.
//
// # Flow for one input event
//
//	cfg, warnings, err := qualify.LoadConfig("leadq.yaml", data, check) // once
//	var acct qualify.Account                                          // or json.Unmarshal(state, &acct)
//	changed, err := acct.Apply(cfg, ev)                               // ev: a qualify.Event
//	eval := qualify.Evaluate(&acct, cfg, acct.Clock.Time())
//	for _, tr := range qualify.Transitions(&acct, &eval) {            // updates lead flags and seq
//		expl, _ := eval.Explain(tr.Email)                             // the output's "explanation"
//		if tr.Type == qualify.BecameQualified {
//			p, ok := qualify.RouteQueue(cfg, &acct, tr.Email)         // queue first...
//			turn := int64(0)
//			if ok && p.NeedsTurn { turn = nextTurn(p.Queue, tr.ID) }  // ...caller's counter
//			a, ok := qualify.Route(cfg, &acct, tr.Email, turn)        // records a sticky owner
//		}
//	}
//	due, ok := qualify.NextRecheck(&acct, cfg)                        // schedule a re-check
//
// A re-check at instant t calls acct.Advance(cfg, t), then Evaluate at t and
// Transitions as above. Marshal acct with encoding/json to store it.
//
// # Order independence
//
// Account.Apply is idempotent and commutative: firmographics and lead
// fields are last-writer-wins per field by (time, source, id); signals and
// usage observations are keyed by their event; user activity keeps the
// latest time; the clock only moves forward; pruning and caps (see
// MaxSignals) depend on the clock and on (time, source, id) only.
//
// # Explanation JSON
//
// Evaluation.Explain returns the "explanation" object of the lead.qualified
// and lead.unqualified outputs:
//
//	{
//	  "icp": {"name": "midmarket-saas", "fit": 100, "grade": "A",
//	          "attributes": [{"field": "industry", "rule": "industry in [software, saas]",
//	                          "weight": 25, "result": "matched"|"unmatched"|"unknown"}, ...],
//	          "disqualified": false, "disqualified_by": ["industry in [education]"]},
//	  "icps": [{"name": "midmarket-saas", "fit": 100, "grade": "A"}, ...],   // every ICP
//	  "persona": {"title": "VP Marketing", "role": "decision_maker", "rule": "(?i)\\b(vp|...)\\b"},
//	  "readiness": {
//	    "ready"|"willing"|"able": {
//	      "dimension": "willing", "score": 71.76, "threshold": 40, "passed": true,
//	      "signals": [{"kind": "form.demo_request", "time": "2026-11-06T08:00:00Z",
//	                   "points": 60, "decayed": 60}, ...],
//	      "attributes": [{"rule": "annual_revenue between [20000000, null]", "points": 50}],
//	      "usage": [<usage result>]}},                     // passing usage rules only
//	  "usage": [{"name": "team_adoption", "metric": "active_users", "event": "",
//	             "window": "7d", "value": 3, "at_least": 3, "dimension": "ready",
//	             "points": 50, "passed": true}, ...],        // every usage rule
//	  "min_grade": "B", "qualifying_personas": ["decision_maker", "champion"],
//	  "qualified": true,
//	  "reason": "readiness.ready below 40"                   // when not qualified
//	}
//
// Scores are rounded to two decimals in the explanation.
package qualify
