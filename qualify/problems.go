package qualify

import (
	"fmt"
	"strings"
)

// Issue is one finding of a SchemaCheck: the JSON pointer of the offending
// value ("/icps/0/attributes/2/weight") and what is wrong.
type Issue struct {
	Pointer string
	Message string
}

// SchemaCheck validates the configuration document, given as a decoded JSON
// value (map[string]any, []any, float64, string, bool, nil), typically
// against schemas/config.schema.json. LoadConfig maps each Issue back to the
// YAML line of its pointer.
type SchemaCheck func(doc any) []Issue

// Problem locates a finding in a configuration file.
type Problem struct {
	File    string
	Line    int    // 1-based; 0 when unknown
	Path    string // field path, e.g. "icps[0].attributes[2].weight"
	Message string
}

// String formats p as "file:line: path: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Warning is a finding that does not refuse the configuration, e.g. an ICP
// with fewer than 5 or more than 10 attributes.
type Warning struct{ Problem }

// FieldError is one reason a configuration is refused.
type FieldError struct{ Problem }

// Error formats e as "file:line: path: message".
func (e *FieldError) Error() string { return e.Problem.String() }

// ConfigError lists every reason a configuration was refused, in line order.
type ConfigError struct {
	Errors []*FieldError
}

// Error prints one problem per line.
func (e *ConfigError) Error() string {
	lines := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		lines[i] = fe.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual problems to errors.Is and errors.As.
func (e *ConfigError) Unwrap() []error {
	errs := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		errs[i] = fe
	}
	return errs
}
