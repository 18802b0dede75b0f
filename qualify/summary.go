package qualify

import (
	"fmt"
	"strings"
)

// Summary describes the configuration for `leadq config check`: version,
// ICPs with their attributes, signal kinds, usage rules and queues.
func (c *Config) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "version %s\n", c.Version)
	fmt.Fprintf(&b, "%d ICP(s):\n", len(c.ICPs))
	for _, icp := range c.ICPs {
		fmt.Fprintf(&b, "  %s: %d attributes, %d disqualifiers\n", icp.Name, len(icp.Attributes), len(icp.Disqualify))
		for _, a := range icp.Attributes {
			fmt.Fprintf(&b, "    %s (weight %v)\n", a.String(), a.Weight)
		}
	}
	fmt.Fprintf(&b, "grades: A ≥ %v, B ≥ %v, C ≥ %v; qualify: grade ≥ %s, personas %s\n",
		c.Grades.A, c.Grades.B, c.Grades.C, c.Qualify.MinGrade, strings.Join(c.Qualify.Personas, ", "))
	kinds := make([]string, len(c.Readiness.Signals))
	for i, s := range c.Readiness.Signals {
		kinds[i] = s.Kind
	}
	fmt.Fprintf(&b, "%d signal kind(s): %s\n", len(kinds), strings.Join(kinds, ", "))
	fmt.Fprintf(&b, "%d usage rule(s)", len(c.Readiness.Usage))
	for i, u := range c.Readiness.Usage {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%s (%s, %s)", sep, u.Name, u.Metric, formatDuration(u.Window))
	}
	fmt.Fprintf(&b, "\n%d queue(s):\n", len(c.Routing.Queues))
	for _, q := range c.Routing.Queues {
		fmt.Fprintf(&b, "  %s: segment %s, region %s, reps %s\n", q.Name, orAny(q.Segment), orAny(q.Region), strings.Join(q.Reps, ", "))
	}
	return b.String()
}

func orAny(s string) string {
	if s == "" {
		return "any"
	}
	return s
}
