package schemas_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/leadq/leadq/schemas"
)

// specConfig returns the example configuration (testdata/config/spec.yaml) decoded from YAML, as the
// engine decodes it (ints, floats, strings, nulls, maps and slices).
func specConfig(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parsing config.yaml: %v", err)
	}
	return doc
}

// edit sets the value at a JSON pointer in doc; remove deletes it instead.
type edit struct {
	pointer string
	value   any
	remove  bool
}

func apply(t *testing.T, doc any, e edit) {
	t.Helper()
	toks := strings.Split(strings.TrimPrefix(e.pointer, "/"), "/")
	parent := doc
	for _, tok := range toks[:len(toks)-1] {
		parent = child(t, parent, tok)
	}
	last := toks[len(toks)-1]
	switch p := parent.(type) {
	case map[string]any:
		if e.remove {
			delete(p, last)
		} else {
			p[last] = e.value
		}
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i >= len(p) {
			t.Fatalf("bad pointer %s", e.pointer)
		}
		p[i] = e.value
	default:
		t.Fatalf("bad pointer %s", e.pointer)
	}
}

func child(t *testing.T, node any, tok string) any {
	t.Helper()
	switch n := node.(type) {
	case map[string]any:
		return n[tok]
	case []any:
		i, err := strconv.Atoi(tok)
		if err != nil || i >= len(n) {
			t.Fatalf("bad index %s", tok)
		}
		return n[i]
	}
	t.Fatalf("cannot descend into %T at %s", node, tok)
	return nil
}

func TestSpecConfigIsValid(t *testing.T) {
	if vs := schemas.Validate(schemas.Config, specConfig(t)); len(vs) > 0 {
		t.Errorf("violations: %v", vs)
	}
}

func TestConfigVariantsThatAreValid(t *testing.T) {
	tests := map[string][]edit{
		"no personas":             {{pointer: "/personas", remove: true}},
		"no optional lists":       {{pointer: "/readiness/signals", remove: true}, {pointer: "/readiness/usage", remove: true}, {pointer: "/routing/segments", remove: true}, {pointer: "/routing/regions", remove: true}},
		"unmatched leads dropped": {{pointer: "/routing/unmatched", value: "drop"}},
		"not_in matcher":          {{pointer: "/icps/0/attributes/0", value: map[string]any{"field": "industry", "not_in": []any{"education"}, "weight": 5}}},
		"all matcher":             {{pointer: "/icps/0/attributes/0", value: map[string]any{"field": "tech_stack", "all": []any{"slack", "jira"}, "weight": 0.5}}},
		"matches on domain":       {{pointer: "/icps/0/disqualify/0", value: map[string]any{"field": "domain", "matches": `\.edu$`}}},
		"open range":              {{pointer: "/icps/0/attributes/1/between", value: []any{nil, 2000}}},
		"minutes and hours":       {{pointer: "/readiness/signals/0/half_life", value: "30m"}, {pointer: "/readiness/usage/0/window", value: "2h"}},
		"threshold bounds":        {{pointer: "/readiness/thresholds/ready", value: 0}, {pointer: "/readiness/thresholds/able", value: 100}},
		"sticky owner off":        {{pointer: "/routing/sticky_owner", value: false}},
	}
	for name, edits := range tests {
		t.Run(name, func(t *testing.T) {
			doc := specConfig(t)
			for _, e := range edits {
				apply(t, doc, e)
			}
			if vs := schemas.Validate(schemas.Config, doc); len(vs) > 0 {
				t.Errorf("violations: %v", vs)
			}
		})
	}
}

func TestConfigViolations(t *testing.T) {
	tests := []struct {
		name    string
		edit    edit
		pointer string
		message string
	}{
		{"unknown top-level key", edit{pointer: "/icp", value: 1}, "/icp", "is not allowed"},
		{"no version", edit{pointer: "/version", remove: true}, "/version", "is required"},
		{"no grades", edit{pointer: "/grades", remove: true}, "/grades", "is required"},
		{"no readiness", edit{pointer: "/readiness", remove: true}, "/readiness", "is required"},
		{"no thresholds", edit{pointer: "/readiness/thresholds", remove: true}, "/readiness/thresholds", "is required"},
		{"unmatched kept", edit{pointer: "/routing/unmatched", value: "keep"}, "/routing/unmatched", `must be one of "drop"`},
		{"numeric version", edit{pointer: "/version", value: 2026.1}, "/version", "must be string"},
		{"no ICPs", edit{pointer: "/icps", value: []any{}}, "/icps", "at least 1 items"},
		{"ICP without name", edit{pointer: "/icps/0/name", remove: true}, "/icps/0/name", "is required"},
		{"unknown field", edit{pointer: "/icps/0/attributes/0/field", value: "revenue"}, "/icps/0/attributes/0/field", "must be one of"},
		{"zero weight", edit{pointer: "/icps/0/attributes/0/weight", value: 0}, "/icps/0/attributes/0/weight", "greater than 0"},
		{"negative weight", edit{pointer: "/icps/0/attributes/0/weight", value: -5}, "/icps/0/attributes/0/weight", "greater than 0"},
		{"missing weight", edit{pointer: "/icps/0/attributes/0/weight", remove: true}, "/icps/0/attributes/0/weight", "is required"},
		{"no matcher", edit{pointer: "/icps/0/attributes/0", value: map[string]any{"field": "industry", "weight": 5}}, "/icps/0/attributes/0", "needs exactly one of: in, not_in, between, any, all, matches"},
		{"two matchers", edit{pointer: "/icps/0/attributes/0", value: map[string]any{"field": "industry", "in": []any{"a"}, "not_in": []any{"b"}, "weight": 5}}, "/icps/0/attributes/0", "exactly one"},
		{"unknown matcher", edit{pointer: "/icps/0/attributes/0", value: map[string]any{"field": "industry", "in": []any{"a"}, "like": "b", "weight": 5}}, "/icps/0/attributes/0/like", "is not allowed"},
		{"empty in", edit{pointer: "/icps/0/attributes/0/in", value: []any{}}, "/icps/0/attributes/0/in", "at least 1 items"},
		{"between with one bound", edit{pointer: "/icps/0/attributes/1/between", value: []any{50}}, "/icps/0/attributes/1/between", "at least 2 items"},
		{"between with text", edit{pointer: "/icps/0/attributes/1/between", value: []any{"50", 100}}, "/icps/0/attributes/1/between/0", "must be number or null"},
		{"disqualify with weight", edit{pointer: "/icps/0/disqualify/0/weight", value: 5}, "/icps/0/disqualify/0/weight", "is not allowed"},
		{"grade over 100", edit{pointer: "/grades/A", value: 101}, "/grades/A", "at most 100"},
		{"grade D", edit{pointer: "/grades/D", value: 10}, "/grades/D", "is not allowed"},
		{"persona without regex", edit{pointer: "/personas/0/title_matches", remove: true}, "/personas/0/title_matches", "is required"},
		{"threshold over 100", edit{pointer: "/readiness/thresholds/willing", value: 120}, "/readiness/thresholds/willing", "at most 100"},
		{"negative threshold", edit{pointer: "/readiness/thresholds/ready", value: -1}, "/readiness/thresholds/ready", "at least 0"},
		{"unknown signal kind", edit{pointer: "/readiness/signals/0/kind", value: "form.chat"}, "/readiness/signals/0/kind", "must be "},
		{"unknown dimension", edit{pointer: "/readiness/signals/0/dimension", value: "eager"}, "/readiness/signals/0/dimension", "must be one of"},
		{"zero points", edit{pointer: "/readiness/signals/0/points", value: 0}, "/readiness/signals/0/points", "greater than 0"},
		{"duration in weeks", edit{pointer: "/readiness/signals/0/half_life", value: "2w"}, "/readiness/signals/0/half_life", "must be "},
		{"duration without unit", edit{pointer: "/readiness/signals/0/half_life", value: "14"}, "/readiness/signals/0/half_life", "must be "},
		{"zero duration", edit{pointer: "/readiness/usage/0/window", value: "0d"}, "/readiness/usage/0/window", "must be "},
		{"numeric duration", edit{pointer: "/readiness/usage/0/window", value: 7}, "/readiness/usage/0/window", "must be string"},
		{"attribute without dimension", edit{pointer: "/readiness/attributes/0/dimension", remove: true}, "/readiness/attributes/0/dimension", "is required"},
		{"events metric without event", edit{pointer: "/readiness/usage/1/event", remove: true}, "/readiness/usage/1/event", "is required"},
		{"unknown metric", edit{pointer: "/readiness/usage/0/metric", value: "sessions"}, "/readiness/usage/0/metric", "must be one of"},
		{"fractional at_least", edit{pointer: "/readiness/usage/0/at_least", value: 2.5}, "/readiness/usage/0/at_least", "must be integer"},
		{"unknown min grade", edit{pointer: "/qualify/min_grade", value: "A+"}, "/qualify/min_grade", "must be one of"},
		{"no qualifying personas", edit{pointer: "/qualify/personas", value: []any{}}, "/qualify/personas", "at least 1 items"},
		{"queue name with a dot", edit{pointer: "/routing/queues/0/name", value: "sdr.emea"}, "/routing/queues/0/name", "must be "},
		{"queue without reps", edit{pointer: "/routing/queues/0/reps", value: []any{}}, "/routing/queues/0/reps", "at least 1 items"},
		{"repeated rep", edit{pointer: "/routing/queues/0/reps", value: []any{"ana", "ana"}}, "/routing/queues/0/reps", "are equal"},
		{"unknown when key", edit{pointer: "/routing/queues/0/when/country", value: "DE"}, "/routing/queues/0/when/country", "is not allowed"},
		{"region with a country name", edit{pointer: "/routing/regions/na", value: []any{"USA"}}, "/routing/regions/na/0", "must be "},
		{"sticky owner as text", edit{pointer: "/routing/sticky_owner", value: "yes"}, "/routing/sticky_owner", "must be boolean"},
		{"no queues", edit{pointer: "/routing/queues", remove: true}, "/routing/queues", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := specConfig(t)
			apply(t, doc, tt.edit)
			expectViolation(t, schemas.Validate(schemas.Config, doc), tt.pointer, tt.message)
		})
	}
}
