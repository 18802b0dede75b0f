package schemas

import (
	"fmt"
	"net/url"
	"strings"
)

// The schema files share definitions through $ref (common.json, output.json and
// each file's $defs) so that they stay short and consistent. Every $ref costs the
// validator a nested validation scope at run time, and input events are validated
// on the hot path, so before compiling, a $ref that is the only keyword of its
// schema (besides annotations) is replaced by a copy of its target. The result
// validates exactly the same documents.

// annotations may accompany an inlined $ref; they do not affect validation.
var annotations = map[string]bool{"description": true, "title": true, "$comment": true, "default": true, "examples": true}

// maxInlineDepth guards against reference cycles, which the schemas do not have.
const maxInlineDepth = 32

// inliner resolves references among a set of schema documents keyed by URL.
type inliner struct {
	docs map[string]any
}

// inline returns a copy of node, a part of the document at base, with its
// stand-alone references replaced by their targets.
func (in *inliner) inline(node any, base string, depth int) (any, error) {
	if depth > maxInlineDepth {
		return nil, fmt.Errorf("schemas: $ref nesting deeper than %d at %s", maxInlineDepth, base)
	}
	switch n := node.(type) {
	case map[string]any:
		if ref, ok := n["$ref"].(string); ok && onlyAnnotations(n) {
			target, targetBase, err := in.resolve(ref, base)
			if err != nil {
				return nil, err
			}
			return in.inline(target, targetBase, depth+1)
		}
		out := make(map[string]any, len(n))
		for k, v := range n {
			var err error
			if out[k], err = in.inlineChild(k, v, base, depth); err != nil {
				return nil, err
			}
		}
		return out, nil
	case []any:
		out := make([]any, len(n))
		for i, v := range n {
			var err error
			if out[i], err = in.inline(v, base, depth); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return node, nil
}

// inlineChild inlines a keyword's value, except for values that are data rather
// than schemas (enum, const, default, examples, required).
func (in *inliner) inlineChild(key string, v any, base string, depth int) (any, error) {
	switch key {
	case "enum", "const", "default", "examples", "required":
		return v, nil
	case "$ref":
		// A $ref kept beside other keywords must resolve against the original
		// document; make it absolute.
		if s, ok := v.(string); ok {
			return absolute(s, base)
		}
	}
	return in.inline(v, base, depth)
}

func onlyAnnotations(m map[string]any) bool {
	for k := range m {
		if k != "$ref" && !annotations[k] {
			return false
		}
	}
	return true
}

// resolve finds the target of ref, relative to base, among the documents.
func (in *inliner) resolve(ref, base string) (any, string, error) {
	abs, err := absolute(ref, base)
	if err != nil {
		return nil, "", err
	}
	docURL, frag, _ := strings.Cut(abs, "#")
	doc, ok := in.docs[docURL]
	if !ok {
		return nil, "", fmt.Errorf("schemas: $ref %q: unknown document %s", ref, docURL)
	}
	node := doc
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = unescape(tok)
		m, ok := node.(map[string]any)
		if !ok {
			return nil, "", fmt.Errorf("schemas: $ref %q: no %s", ref, tok)
		}
		if node, ok = m[tok]; !ok {
			return nil, "", fmt.Errorf("schemas: $ref %q: no %s", ref, tok)
		}
	}
	return node, docURL, nil
}

// absolute resolves ref against base.
func absolute(ref, base string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("schemas: base %q: %w", base, err)
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("schemas: $ref %q: %w", ref, err)
	}
	return b.ResolveReference(r).String(), nil
}
