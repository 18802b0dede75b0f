package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schema names accepted by [Validate] and [ValidateJSON].
const (
	LeadCaptured    = "io.leadq.lead.captured"
	TriggerDetected = "io.leadq.trigger.detected"
	UsageRecorded   = "io.leadq.usage.recorded"
	LeadQualified   = "io.leadq.lead.qualified"
	LeadRouted      = "io.leadq.lead.routed"
	LeadUnqualified = "io.leadq.lead.unqualified"
	Config          = "config"
)

// ErrUnknownSchema is returned by [ValidateJSON] for a schema name it does not know.
var ErrUnknownSchema = errors.New("schemas: unknown schema")

// baseURL is the base of every schema's $id; relative $refs resolve against it.
const baseURL = "https://leadq.io/schemas/"

//go:embed *.json
var files embed.FS

// fileOf maps schema names to their embedded files.
var fileOf = map[string]string{
	LeadCaptured:    "lead.captured.json",
	TriggerDetected: "trigger.detected.json",
	UsageRecorded:   "usage.recorded.json",
	LeadQualified:   "lead.qualified.json",
	LeadRouted:      "lead.routed.json",
	LeadUnqualified: "lead.unqualified.json",
	Config:          "config.schema.json",
}

// set is the compiled schemas with the documents they were compiled from, which
// violation messages consult for descriptions.
type set struct {
	schemas map[string]*jsonschema.Schema
	docs    map[string]any // by URL
}

// compiled holds every schema, compiled on first use. The schemas are part of the
// binary, so a failure to compile is a programming error caught by the tests.
var compiled = sync.OnceValue(func() *set {
	s, err := compile(files, true)
	if err != nil {
		panic(err)
	}
	return s
})

// compile adds every JSON file of fsys as a resource, with stand-alone $refs
// inlined when inline is set, and compiles the named schemas.
func compile(fsys fs.FS, inline bool) (*set, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("schemas: listing files: %w", err)
	}
	in := &inliner{docs: make(map[string]any, len(names))}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("schemas: reading %s: %w", name, err)
		}
		if in.docs[baseURL+name], err = jsonschema.UnmarshalJSON(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("schemas: parsing %s: %w", name, err)
		}
	}
	s := &set{schemas: make(map[string]*jsonschema.Schema, len(fileOf)), docs: make(map[string]any, len(names))}
	for url, doc := range in.docs {
		if inline {
			if doc, err = in.inline(doc, url, 0); err != nil {
				return nil, err
			}
		}
		s.docs[url] = doc
		if err := c.AddResource(url, doc); err != nil {
			return nil, fmt.Errorf("schemas: adding %s: %w", url, err)
		}
	}
	for name, file := range fileOf {
		if s.schemas[name], err = c.Compile(baseURL + file); err != nil {
			return nil, fmt.Errorf("schemas: compiling %s: %w", file, err)
		}
	}
	return s, nil
}

// validate checks doc against the named schema of s.
func (s *set) validate(schema string, doc any) []Violation {
	sch, ok := s.schemas[schema]
	if !ok {
		return []Violation{{Pointer: "", Message: fmt.Sprintf("unknown schema %q", schema)}}
	}
	err := sch.Validate(doc)
	if err == nil {
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []Violation{{Pointer: "", Message: err.Error()}}
	}
	return violations(verr, s.docs)
}

// Names returns the names of the schemas, sorted.
func Names() []string {
	names := make([]string, 0, len(fileOf))
	for name := range fileOf {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Source returns the JSON text of the named schema and whether the name is known.
func Source(schema string) ([]byte, bool) {
	file, ok := fileOf[schema]
	if !ok {
		return nil, false
	}
	data, err := files.ReadFile(file)
	return data, err == nil
}

// Validate checks doc, a decoded JSON value (map[string]any, []any, string,
// json.Number or any Go number, bool or nil), against the named schema and returns
// what is wrong with it, or nil when it is valid. An unknown schema name gives a
// single violation at the root.
func Validate(schema string, doc any) []Violation {
	return compiled().validate(schema, doc)
}

// ValidateJSON parses data as JSON and validates it against the named schema. The
// error is [ErrUnknownSchema] or a parse error; the violations say what is wrong
// with a well-formed document.
func ValidateJSON(schema string, data []byte) ([]Violation, error) {
	if _, ok := fileOf[schema]; !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownSchema, schema)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("schemas: parsing document: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("schemas: parsing document: data after the JSON value")
	}
	return Validate(schema, doc), nil
}
