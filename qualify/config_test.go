package qualify

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readSpec(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "config", "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadSpecConfig(t *testing.T) {
	cfg, warns, err := LoadConfig("spec.yaml", []byte(readSpec(t)), nil)
	if err != nil || len(warns) != 0 {
		t.Fatalf("LoadConfig: %v, warnings %v", err, warns)
	}
	if cfg.Version != "2026-11-22.1" || len(cfg.ICPs[0].Attributes) != 6 || len(cfg.Readiness.Signals) != 7 ||
		len(cfg.Routing.Queues) != 3 || !cfg.Routing.StickyOwner || cfg.Qualify.MinGrade != GradeB {
		t.Errorf("config %+v", cfg)
	}
	if r := cfg.Routing.Regions; len(r) != 3 || r[0].Name != "na" || r[2].Name != "apac" {
		t.Errorf("regions out of file order: %+v", r)
	}
	sum := cfg.Summary()
	for _, want := range []string{"1 ICP(s)", "midmarket-saas: 6 attributes", "7 signal kind(s): form.demo_request",
		"sdr-smb-emea: segment smb, region emea, reps ana, ben", "team_adoption (active_users, 7d)"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
}

// TestBrokenConfigFiles loads the broken examples shipped in
// testdata/config: every problem is reported, in line order.
func TestBrokenConfigFiles(t *testing.T) {
	cases := map[string][]string{
		"broken-unknown-key.yaml": {
			"broken-unknown-key.yaml:7: icps[0].attributes[1].weight: is required",
			"broken-unknown-key.yaml:7: icps[0].attributes[1].wieght: unknown field",
			"broken-unknown-key.yaml:47: routing.sticky_ownr: unknown field",
		},
		"broken-semantics.yaml": {
			"broken-semantics.yaml:10: icps[0].attributes[4]: has in and any; use exactly one matcher",
			"broken-semantics.yaml:10: icps[0].attributes[4].weight: must be a positive number, not 0",
			"broken-semantics.yaml:14: grades: must be ordered A > B > C, got A 60, B 80, C 40",
			"broken-semantics.yaml:18: personas[2].title_matches: invalid regular expression: error parsing regexp: missing closing ): `(?i)\\b(manager|lead`",
			`broken-semantics.yaml:26: readiness.signals[4].half_life: must be a duration from 1m to 3650d like 30m, 12h or 14d, not "30 days"`,
			`broken-semantics.yaml:26: readiness.signals[4].kind: unknown signal kind "trigger.tenders" (form.<form kind> or trigger.<trigger kind>)`,
			"broken-semantics.yaml:33: readiness.usage[1].event: is required with metric events",
			`broken-semantics.yaml:35: qualify.min_grade: must be A, B, C or D, not "E"`,
			"broken-semantics.yaml:43: routing.queues: no catch-all queue (when: {}); add one or set routing.unmatched: drop",
			`broken-semantics.yaml:45: routing.queues[1].name: "sdr.midmarket" is not a NATS subject token (letters, digits, - and _ only)`,
			"broken-semantics.yaml:45: routing.queues[1].reps: at least one rep is required",
			`broken-semantics.yaml:45: routing.queues[1].when.segment: unknown segment "mid-market"`,
		},
		"broken-syntax.yaml": {"broken-syntax.yaml:5: did not find expected ',' or ']'"},
	}
	for file, want := range cases {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "config", file))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = LoadConfig(file, data, nil)
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("LoadConfig = %v, want a *ConfigError", err)
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(want, "\n"))
			}
		})
	}
}

// TestConfigErrors edits the example config one mistake at a time.
func TestConfigErrors(t *testing.T) {
	spec := readSpec(t)
	cases := []struct {
		name, old, new, want string
	}{
		{"unknown top-level key", `version: "2026-11-22.1"`, "version: x\nverison: y", "c.yaml:2: verison: unknown field"},
		{"weight not a number", "in: [US, CA, GB, DE, FR, NL],   weight: 15", "in: [US], weight: heavy",
			`c.yaml:8: icps[0].attributes[3].weight: must be a number, not "heavy"`},
		{"between of three", "between: [50, 2000],", "between: [50, 60, 70],", "c.yaml:6: icps[0].attributes[1].between: must be [min, max] (null for an open bound)"},
		{"any on a scalar field", "{field: growth_stage,   in:", "{field: growth_stage,   any:", "c.yaml:10: icps[0].attributes[5].any: any cannot be used with field growth_stage"},
		{"unknown field", "{field: industry, in: [education", "{field: sector, in: [education", `c.yaml:12: icps[0].disqualify[0].field: unknown field "sector"`},
		{"role none", "{role: champion,", "{role: none,", `c.yaml:17: personas[2].role: must be a lower-case name like decision_maker (not "none", and not none)`},
		{"threshold above 100", "thresholds: {ready: 40,", "thresholds: {ready: 140,", "c.yaml:19: readiness.thresholds.ready: must be between 0 and 100, not 140"},
		{"dimension", "dimension: able,    points: 60", "dimension: capable, points: 60", `c.yaml:24: readiness.signals[3].dimension: must be ready, willing or able, not "capable"`},
		{"duplicate signal kind", "form.pricing,", "form.demo_request,", `c.yaml:22: readiness.signals[1].kind: "form.demo_request" is used twice`},
		{"fractional at_least", "at_least: 3,", "at_least: 2.5,", "c.yaml:31: readiness.usage[0].at_least: must be a whole number up to 1000, not 2.5"},
		{"event with active_users", "metric: active_users,", "metric: active_users, event: x,", "c.yaml:31: readiness.usage[0].event: is only used with metric events"},
		{"undefined qualifying role", "personas: [decision_maker, champion]", "personas: [decision_maker, buyer]", `c.yaml:35: qualify.personas[1]: role "buyer" is not defined in personas`},
		{"country in two regions", "apac: [AU, JP", "apac: [DE, JP", "c.yaml:41: routing.regions.apac[0]: country DE is already in region emea"},
		{"duplicate key", "  sticky_owner: true", "  sticky_owner: true\n  sticky_owner: false", "c.yaml:47: routing.sticky_owner: duplicate field"},
		{"half-life too long", "half_life: 90d", "half_life: 9999d", "c.yaml:24: readiness.signals[3].half_life: must be a duration"},
		{"open range both ends", "employees: [2001, null]", "employees: [null, null]", "c.yaml:40: routing.segments[2].employees: needs at least one bound"},
		{"missing section", "qualify:\n  min_grade: B\n  personas: [decision_maker, champion]\n", "", "c.yaml:1: qualify: is required (min_grade and personas)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(spec, c.old) {
				t.Fatalf("spec.yaml lacks %q", c.old)
			}
			_, _, err := LoadConfig("c.yaml", []byte(strings.Replace(spec, c.old, c.new, 1)), nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("LoadConfig error:\n%v\nwant it to contain:\n%s", err, c.want)
			}
		})
	}
}

func TestConfigDocumentErrors(t *testing.T) {
	cases := map[string]string{
		"":                   "e.yaml:1: empty configuration",
		"# only a comment\n": "e.yaml:1: empty configuration",
		"a: 1\n---\nb: 2\n":  "e.yaml:2: more than one YAML document",
		"- 1\n- 2\n":         "e.yaml:1: must be a mapping",
		"version: [\n":       "e.yaml:",
		"icps: {name: x}\n":  "e.yaml:1: icps: must be a list",
		"a: &x [*x]\n":       "e.yaml:",
		"version: {a: 1}\n":  "e.yaml:1: version: must be a single value",
	}
	for doc, want := range cases {
		_, _, err := LoadConfig("e.yaml", []byte(doc), nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadConfig(%q) = %v, want %q", doc, err, want)
		}
	}
}

func TestConfigWarnings(t *testing.T) {
	spec := readSpec(t)
	cases := []struct{ name, old, new, want string }{
		{"four attributes", "      - {field: growth_stage,   in: [scaleup, established],     weight: 10}\n", "",
			"w.yaml:4: icps[0].attributes: 5 attributes; 5 to 10 are recommended"},
		{"unreachable queue", "    - {name: sdr-general, when: {}, reps: [fay]}", "    - {name: sdr-general, when: {}, reps: [fay]}\n    - {name: late, reps: [x]}",
			"w.yaml:46: routing.queues[3]: unreachable: queue sdr-general before it matches every lead"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := strings.Replace(spec, c.old, c.new, 1)
			if c.name == "four attributes" {
				spec = strings.Replace(spec, "      - {field: tech_stack,     any: [slack, jira, asana, gsuite], weight: 10}\n", "", 1)
				c.want = strings.Replace(c.want, "5 attributes", "4 attributes", 1)
			}
			cfg, warns, err := LoadConfig("w.yaml", []byte(spec), nil)
			if err != nil || cfg == nil || len(warns) != 1 || warns[0].String() != c.want {
				t.Errorf("LoadConfig: %v, warnings %v; want %q", err, warns, c.want)
			}
		})
	}
}

// TestSchemaCheck: issues of the schema hook are mapped to YAML lines, and
// the hook receives a JSON-compatible document.
func TestSchemaCheck(t *testing.T) {
	var doc any
	check := func(d any) []Issue {
		doc = d
		return []Issue{
			{Pointer: "/icps/0/attributes/1/weight", Message: "must be < 20"},
			{Pointer: "/routing/regions/emea/9", Message: "no such item"},
		}
	}
	_, _, err := LoadConfig("s.yaml", []byte(readSpec(t)), check)
	want := "s.yaml:6: icps[0].attributes[1].weight: must be < 20\ns.yaml:41: routing.regions.emea[9]: no such item"
	if err == nil || err.Error() != want {
		t.Errorf("LoadConfig error:\n%v\nwant:\n%s", err, want)
	}
	m, ok := doc.(map[string]any)
	if !ok {
		t.Fatalf("doc is %T", doc)
	}
	icp := m["icps"].([]any)[0].(map[string]any)
	w := icp["attributes"].([]any)[1].(map[string]any)["weight"]
	between := m["readiness"].(map[string]any)["attributes"].([]any)[0].(map[string]any)["between"].([]any)
	if w != 25.0 || between[1] != nil || m["version"] != "2026-11-22.1" {
		t.Errorf("doc values: weight %#v, between %#v, version %#v", w, between, m["version"])
	}
}
