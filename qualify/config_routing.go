package qualify

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

var tokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func (l *loader) routing(r *rawRouting) Routing {
	var out Routing
	if r == nil {
		l.errorf("routing", "is required (queues at least)")
		return out
	}
	out.Segments = l.segments(r.Segments)
	out.Regions = l.regions(r.Regions)
	out.StickyOwner = r.StickyOwner != nil && *r.StickyOwner
	switch r.Unmatched {
	case "":
	case "drop":
		out.DropUnmatched = true
	default:
		l.errorf("routing.unmatched", "must be drop, not %q", r.Unmatched)
	}
	out.Queues = l.queues(r.Queues, &out)
	return out
}

func (l *loader) segments(raw []rawSegment) []Segment {
	out := make([]Segment, len(raw))
	names := map[string]bool{}
	for i, r := range raw {
		p := fmt.Sprintf("routing.segments[%d]", i)
		l.unique(names, r.Name, p+".name")
		out[i].Name = r.Name
		if r.Employees == nil && r.AnnualRevenue == nil {
			l.errorf(p, "needs employees or annual_revenue")
		}
		if r.Employees != nil {
			rg := l.rangeOf(*r.Employees, p+".employees")
			out[i].Employees = &rg
		}
		if r.AnnualRevenue != nil {
			rg := l.rangeOf(*r.AnnualRevenue, p+".annual_revenue")
			out[i].AnnualRevenue = &rg
		}
	}
	return out
}

// regions keeps the file order of the regions mapping.
func (l *loader) regions(raw map[string][]string) []Region {
	owner := map[string]string{}
	var out []Region
	for _, name := range mappingKeys(l.src.root, "routing", "regions") {
		countries, ok := raw[name]
		if !ok {
			continue
		}
		p := "routing.regions." + name
		if len(countries) == 0 {
			l.errorf(p, "must list at least one country")
		}
		reg := Region{Name: name}
		for i, c := range countries {
			c = strings.ToUpper(strings.TrimSpace(c))
			cp := fmt.Sprintf("%s[%d]", p, i)
			switch {
			case c == "":
				l.errorf(cp, "must not be empty")
			case owner[c] != "":
				l.errorf(cp, "country %s is already in region %s", c, owner[c])
			default:
				owner[c] = name
			}
			reg.Countries = append(reg.Countries, c)
		}
		out = append(out, reg)
	}
	return out
}

// mappingKeys returns the keys of the mapping at the given path, in order.
func mappingKeys(n *yaml.Node, path ...string) []string {
	for _, key := range path {
		next := (*yaml.Node)(nil)
		for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	var keys []string
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}

func (l *loader) queues(raw []rawQueue, rt *Routing) []Queue {
	if len(raw) == 0 {
		l.errorf("routing.queues", "at least one queue is required")
	}
	out := make([]Queue, len(raw))
	names := map[string]bool{}
	catchAll := -1
	for i, r := range raw {
		p := fmt.Sprintf("routing.queues[%d]", i)
		l.unique(names, r.Name, p+".name")
		if r.Name != "" && !tokenRE.MatchString(r.Name) {
			l.errorf(p+".name", "%q is not a NATS subject token (letters, digits, - and _ only)", r.Name)
		}
		q := Queue{Name: r.Name, Reps: r.Reps}
		if r.When != nil {
			q.Segment, q.Region = r.When.Segment, r.When.Region
		}
		l.queueWhen(q, rt, p+".when")
		l.reps(r.Reps, p+".reps")
		if catchAll >= 0 {
			l.warnf(p, "unreachable: queue %s before it matches every lead", raw[catchAll].Name)
		} else if q.Segment == "" && q.Region == "" {
			catchAll = i
		}
		out[i] = q
	}
	if catchAll < 0 && !rt.DropUnmatched && len(raw) > 0 {
		l.errorf("routing.queues", "no catch-all queue (when: {}); add one or set routing.unmatched: drop")
	}
	return out
}

func (l *loader) queueWhen(q Queue, rt *Routing, path string) {
	if q.Segment != "" && !hasName(len(rt.Segments), func(i int) string { return rt.Segments[i].Name }, q.Segment) {
		l.errorf(path+".segment", "unknown segment %q", q.Segment)
	}
	if q.Region != "" && !hasName(len(rt.Regions), func(i int) string { return rt.Regions[i].Name }, q.Region) {
		l.errorf(path+".region", "unknown region %q", q.Region)
	}
}

func hasName(n int, name func(int) string, want string) bool {
	for i := 0; i < n; i++ {
		if name(i) == want {
			return true
		}
	}
	return false
}

func (l *loader) reps(reps []string, path string) {
	if len(reps) == 0 {
		l.errorf(path, "at least one rep is required")
	}
	for i, r := range reps {
		if strings.TrimSpace(r) == "" {
			l.errorf(fmt.Sprintf("%s[%d]", path, i), "must not be empty")
		}
	}
}
