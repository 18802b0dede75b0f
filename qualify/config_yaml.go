package qualify

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// source is a parsed YAML document: its root node, its JSON-compatible value
// and the line of every field path and JSON pointer.
type source struct {
	root     *yaml.Node
	doc      any
	lines    map[string]int    // field path → line
	pointers map[string]string // JSON pointer → field path
	nodes    int               // visited, to bound alias expansion
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parseYAML parses data into a single-document source.
func parseYAML(data []byte) (*source, *Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Problem{Line: 1, Message: "empty configuration"}
		}
		return nil, yamlProblem(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, &Problem{Line: extra.Line, Message: "more than one YAML document"}
	}
	if len(doc.Content) == 0 {
		return nil, &Problem{Line: 1, Message: "empty configuration"}
	}
	s := &source{root: doc.Content[0], lines: map[string]int{}, pointers: map[string]string{}}
	v, err := s.toJSON(s.root, "", "", s.root.Line, 0)
	if err != nil {
		return nil, &Problem{Line: s.root.Line, Message: err.Error()}
	}
	s.doc = v
	return s, nil
}

func yamlProblem(err error) *Problem {
	msg := err.Error()
	p := &Problem{Message: strings.TrimPrefix(msg, "yaml: ")}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Message = msg[len(m[0]):]
	}
	return p
}

const (
	maxDepth = 64
	maxNodes = 100000
)

// toJSON converts n to a JSON-compatible value, recording the line of each
// path (for a mapping value, the line of its key) and the path of each
// pointer on the way.
func (s *source) toJSON(n *yaml.Node, path, ptr string, line, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested more than %d levels", maxDepth)
	}
	if s.nodes++; s.nodes > maxNodes {
		return nil, fmt.Errorf("more than %d values (aliases expanded)", maxNodes)
	}
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	s.lines[path] = line
	s.pointers[ptr] = path
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			v, err := s.toJSON(n.Content[i+1], joinPath(path, k), ptr+"/"+escapePointer(k), n.Content[i].Line, depth+1)
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := s.toJSON(c, fmt.Sprintf("%s[%d]", path, i), ptr+"/"+strconv.Itoa(i), c.Line, depth+1)
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return l, nil
	}
	return scalarJSON(n), nil
}

func scalarJSON(n *yaml.Node) any {
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return n.Value
		}
		return x
	case string, bool, nil:
		return x
	case time.Time:
		return n.Value
	}
	return n.Value
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func escapePointer(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

// line returns the line of path, or of its nearest ancestor.
func (s *source) line(path string) int {
	for {
		if l, ok := s.lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return s.lines[""]
		}
		path = path[:i]
	}
}

// pointerPath maps a JSON pointer to a field path. A pointer past the document
// (a missing required key) keeps its unknown tail under the nearest known
// ancestor, so "/icps/0/attributes/1/weight" reads icps[0].attributes[1].weight.
func (s *source) pointerPath(ptr string) string {
	var tail []string
	for {
		if p, ok := s.pointers[ptr]; ok {
			for i := len(tail) - 1; i >= 0; i-- {
				p = appendToken(p, tail[i])
			}
			return p
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return ""
		}
		tail = append(tail, ptr[i+1:])
		ptr = ptr[:i]
	}
}

// appendToken adds one JSON pointer token to a field path.
func appendToken(path, tok string) string {
	if _, err := strconv.Atoi(tok); err == nil {
		return path + "[" + tok + "]"
	}
	tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
	return joinPath(path, tok)
}
