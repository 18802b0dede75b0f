package qualify

import (
	"errors"
	"fmt"
	"reflect"
	"sort"

	"go.yaml.in/yaml/v3"
)

// loader collects the problems of one configuration file.
type loader struct {
	file  string
	src   *source
	errs  []*FieldError
	warns []Warning
	seen  map[string]bool // paths already reported
	fatal bool            // the raw decoding is unreliable (duplicate keys)
}

// LoadConfig parses and validates a YAML configuration (README, Configuration) and
// precompiles it. name is the file name used in messages. check, when not
// nil, validates the document (typically against schemas/config.schema.json);
// its issues are mapped back to YAML lines. Unknown keys are refused. On
// failure the error is a *ConfigError listing every problem as
// "file:line: field.path: what is wrong"; warnings are returned with a
// valid configuration (e.g. an ICP with fewer than 5 or more than 10
// attributes).
func LoadConfig(name string, data []byte, check SchemaCheck) (*Config, []Warning, error) {
	l := &loader{file: name, seen: map[string]bool{}}
	src, p := parseYAML(data)
	if p != nil {
		p.File = name
		return nil, nil, &ConfigError{Errors: []*FieldError{{*p}}}
	}
	l.src = src
	if check != nil {
		for _, is := range check(src.doc) {
			path := src.pointerPath(is.Pointer)
			l.at(src.line(path), path, is.Message)
		}
	}
	l.shape(src.root, reflect.TypeOf(rawConfig{}), "", 0)
	var raw rawConfig
	if err := src.root.Decode(&raw); err != nil && len(l.errs) == 0 {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			l.at(0, "", err.Error())
		}
		for _, m := range typeErrors(te) {
			l.at(m.Line, "", m.Message)
		}
	}
	var cfg *Config
	if !l.fatal {
		cfg = l.build(&raw)
	}
	if len(l.errs) > 0 {
		sortProblems(l.errs)
		return nil, l.warns, &ConfigError{Errors: l.errs}
	}
	return cfg, l.warns, nil
}

func typeErrors(te *yaml.TypeError) []*Problem {
	if te == nil {
		return nil
	}
	out := make([]*Problem, len(te.Errors))
	for i, e := range te.Errors {
		out[i] = yamlProblem(fmt.Errorf("yaml: %s", e))
	}
	return out
}

func sortProblems(errs []*FieldError) {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Line != errs[j].Line {
			return errs[i].Line < errs[j].Line
		}
		return errs[i].Path < errs[j].Path
	})
}

// at records an error at a known line; one error per path.
func (l *loader) at(line int, path, msg string) {
	if path != "" && l.seen[path] {
		return
	}
	l.seen[path] = true
	l.errs = append(l.errs, &FieldError{Problem{File: l.file, Line: line, Path: path, Message: msg}})
}

// errorf records an error at the line of path (or its nearest ancestor).
func (l *loader) errorf(path, format string, args ...any) {
	l.at(l.src.line(path), path, fmt.Sprintf(format, args...))
}

// warnf records a warning at the line of path.
func (l *loader) warnf(path, format string, args ...any) {
	l.warns = append(l.warns, Warning{Problem{File: l.file, Line: l.src.line(path),
		Path: path, Message: fmt.Sprintf(format, args...)}})
}
