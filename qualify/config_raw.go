package qualify

import (
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The raw configuration, as written. Pointers tell absent from zero.
type rawConfig struct {
	Version   *string       `yaml:"version"`
	ICPs      []rawICP      `yaml:"icps"`
	Grades    *rawGrades    `yaml:"grades"`
	Personas  []rawPersona  `yaml:"personas"`
	Readiness *rawReadiness `yaml:"readiness"`
	Qualify   *rawQualify   `yaml:"qualify"`
	Routing   *rawRouting   `yaml:"routing"`
}

type rawICP struct {
	Name       string        `yaml:"name"`
	Attributes []rawWeighted `yaml:"attributes"`
	Disqualify []rawMatch    `yaml:"disqualify"`
}

type rawMatch struct {
	Field   string      `yaml:"field"`
	In      *[]string   `yaml:"in"`
	NotIn   *[]string   `yaml:"not_in"`
	Any     *[]string   `yaml:"any"`
	All     *[]string   `yaml:"all"`
	Between *[]*float64 `yaml:"between"`
	Matches *string     `yaml:"matches"`
}

type rawWeighted struct {
	rawMatch `yaml:",inline"`
	Weight   *float64 `yaml:"weight"`
}

type rawGrades struct {
	A *float64 `yaml:"A"`
	B *float64 `yaml:"B"`
	C *float64 `yaml:"C"`
}

type rawPersona struct {
	Role         string  `yaml:"role"`
	TitleMatches *string `yaml:"title_matches"`
}

type rawReadiness struct {
	Thresholds *rawThresholds `yaml:"thresholds"`
	Signals    []rawSignal    `yaml:"signals"`
	Attributes []rawPointed   `yaml:"attributes"`
	Usage      []rawUsage     `yaml:"usage"`
}

type rawThresholds struct {
	Ready   *float64 `yaml:"ready"`
	Willing *float64 `yaml:"willing"`
	Able    *float64 `yaml:"able"`
}

type rawSignal struct {
	Kind      string   `yaml:"kind"`
	Dimension string   `yaml:"dimension"`
	Points    *float64 `yaml:"points"`
	HalfLife  string   `yaml:"half_life"`
}

type rawPointed struct {
	rawMatch  `yaml:",inline"`
	Dimension string   `yaml:"dimension"`
	Points    *float64 `yaml:"points"`
}

type rawUsage struct {
	Name      string   `yaml:"name"`
	Metric    string   `yaml:"metric"`
	Event     string   `yaml:"event"`
	Window    string   `yaml:"window"`
	AtLeast   *float64 `yaml:"at_least"`
	Dimension string   `yaml:"dimension"`
	Points    *float64 `yaml:"points"`
}

type rawQualify struct {
	MinGrade string   `yaml:"min_grade"`
	Personas []string `yaml:"personas"`
}

type rawRouting struct {
	Segments    []rawSegment        `yaml:"segments"`
	Regions     map[string][]string `yaml:"regions"`
	Queues      []rawQueue          `yaml:"queues"`
	StickyOwner *bool               `yaml:"sticky_owner"`
	Unmatched   string              `yaml:"unmatched"`
}

type rawSegment struct {
	Name          string      `yaml:"name"`
	Employees     *[]*float64 `yaml:"employees"`
	AnnualRevenue *[]*float64 `yaml:"annual_revenue"`
}

type rawQueue struct {
	Name string   `yaml:"name"`
	When *rawWhen `yaml:"when"`
	Reps []string `yaml:"reps"`
}

type rawWhen struct {
	Segment string `yaml:"segment"`
	Region  string `yaml:"region"`
}

// shape checks that n fits type t: known keys only, lists, mappings and
// scalar kinds. Problems are reported at the line of the offending node.
func (l *loader) shape(n *yaml.Node, t reflect.Type, path string, depth int) {
	for n.Kind == yaml.AliasNode && depth < maxDepth {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // absent; required fields are checked later
	}
	switch t.Kind() {
	case reflect.Struct:
		l.shapeStruct(n, t, path, depth)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			l.at(n.Line, path, "must be a list")
			return
		}
		for i, c := range n.Content {
			l.shape(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), depth+1)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			l.at(n.Line, path, "must be a mapping")
			return
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if seen[k.Value] {
				l.at(k.Line, joinPath(path, k.Value), "duplicate key")
				l.fatal = true
			}
			seen[k.Value] = true
			l.shape(n.Content[i+1], t.Elem(), joinPath(path, k.Value), depth+1)
		}
	default:
		l.shapeScalar(n, t.Kind(), path)
	}
}

func (l *loader) shapeStruct(n *yaml.Node, t reflect.Type, path string, depth int) {
	if n.Kind != yaml.MappingNode {
		l.at(n.Line, path, "must be a mapping")
		return
	}
	fields := yamlFields(t)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		p := joinPath(path, k.Value)
		ft, ok := fields[k.Value]
		switch {
		case !ok:
			l.at(k.Line, p, "unknown field")
		case seen[k.Value]:
			l.at(k.Line, p, "duplicate field")
			l.fatal = true
		default:
			l.shape(n.Content[i+1], ft, p, depth+1)
		}
		seen[k.Value] = true
	}
}

func (l *loader) shapeScalar(n *yaml.Node, k reflect.Kind, path string) {
	if n.Kind != yaml.ScalarNode {
		l.at(n.Line, path, "must be a single value")
		return
	}
	switch {
	case k == reflect.Float64 && n.Tag != "!!int" && n.Tag != "!!float":
		l.at(n.Line, path, fmt.Sprintf("must be a number, not %q", n.Value))
	case k == reflect.Bool && n.Tag != "!!bool":
		l.at(n.Line, path, fmt.Sprintf("must be true or false, not %q", n.Value))
	}
}

// yamlFields maps the YAML keys of struct t (inline fields flattened) to
// their types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" {
			for k, v := range yamlFields(f.Type) {
				m[k] = v
			}
			continue
		}
		m[name] = f.Type
	}
	return m
}
