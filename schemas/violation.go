package schemas

import (
	"encoding/json"
	"fmt"
	neturl "net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Violation is one way in which a document fails its schema.
type Violation struct {
	// Pointer is the RFC 6901 JSON pointer of the offending field, "" for the
	// document itself; for a missing or disallowed property it points at that
	// property.
	Pointer string
	// Message says what is wrong, without repeating the offending value.
	Message string
}

// String formats v as "pointer: message", with "/" standing for the root.
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "/"
	}
	return p + ": " + v.Message
}

var printer = message.NewPrinter(language.English)

// violations flattens a validation error tree into its leaves, sorted by pointer
// and message, without repeats.
func violations(e *jsonschema.ValidationError, docs map[string]any) []Violation {
	var out []Violation
	collect(e, docs, &out)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pointer != out[j].Pointer {
			return out[i].Pointer < out[j].Pointer
		}
		return out[i].Message < out[j].Message
	})
	return dedupe(out)
}

func collect(e *jsonschema.ValidationError, docs map[string]any, out *[]Violation) {
	loc := pointer(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, name := range k.Missing {
			*out = append(*out, Violation{loc + "/" + escape(name), "is required"})
		}
		return
	case *kind.DependentRequired:
		for _, name := range k.Missing {
			*out = append(*out, Violation{loc + "/" + escape(name), fmt.Sprintf("is required when %q is present", k.Prop)})
		}
		return
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			*out = append(*out, Violation{loc + "/" + escape(name), "is not allowed"})
		}
		return
	case *kind.OneOf, *kind.AnyOf:
		if v, ok := alternatives(e, loc); ok {
			*out = append(*out, v)
			return
		}
	}
	if len(e.Causes) == 0 {
		*out = append(*out, Violation{loc, describe(e, docs)})
		return
	}
	for _, c := range e.Causes {
		collect(c, docs, out)
	}
}

// alternatives summarises a failed oneOf/anyOf whose branches each require one
// property (as the configuration matchers do) into one clear violation.
func alternatives(e *jsonschema.ValidationError, loc string) (Violation, bool) {
	if k, ok := e.ErrorKind.(*kind.OneOf); ok && len(k.Subschemas) > 0 {
		return Violation{loc, "must match exactly one alternative, but matches more than one"}, true
	}
	var names []string
	for _, c := range e.Causes {
		r, ok := leafRequired(c)
		if !ok {
			return Violation{}, false
		}
		names = append(names, r...)
	}
	if len(names) == 0 {
		return Violation{}, false
	}
	return Violation{loc, "needs exactly one of: " + strings.Join(names, ", ")}, true
}

// leafRequired reports the missing properties when e is (or wraps only) a
// required error at the same location.
func leafRequired(e *jsonschema.ValidationError) ([]string, bool) {
	if r, ok := e.ErrorKind.(*kind.Required); ok {
		return r.Missing, true
	}
	if len(e.Causes) != 1 {
		return nil, false
	}
	return leafRequired(e.Causes[0])
}

// describe turns an error into a message that never includes the value.
func describe(e *jsonschema.ValidationError, docs map[string]any) string {
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		return fmt.Sprintf("must be %s, not %s", strings.Join(nullLast(k.Want), " or "), k.Got)
	case *kind.Enum:
		return "must be one of " + list(k.Want)
	case *kind.Const:
		return "must be " + list([]any{k.Want})
	case *kind.Format:
		return "is not a valid " + k.Want
	case *kind.Pattern:
		if d := description(docs, e.SchemaURL); d != "" {
			return "must be " + d
		}
		return fmt.Sprintf("does not match the pattern %s", k.Want)
	case *kind.MinLength:
		return fmt.Sprintf("must be at least %d characters long", k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("must be at most %d characters long", k.Want)
	case *kind.Minimum:
		return "must be at least " + k.Want.FloatString(ratDigits(k.Want.IsInt()))
	case *kind.Maximum:
		return "must be at most " + k.Want.FloatString(ratDigits(k.Want.IsInt()))
	case *kind.ExclusiveMinimum:
		return "must be greater than " + k.Want.FloatString(ratDigits(k.Want.IsInt()))
	case *kind.ExclusiveMaximum:
		return "must be less than " + k.Want.FloatString(ratDigits(k.Want.IsInt()))
	case *kind.MinItems:
		return fmt.Sprintf("must have at least %d items", k.Want)
	case *kind.MaxItems:
		return fmt.Sprintf("must have at most %d items", k.Want)
	case *kind.MinProperties:
		return fmt.Sprintf("must have at least %d properties", k.Want)
	case *kind.MaxProperties:
		return fmt.Sprintf("must have at most %d properties", k.Want)
	case *kind.UniqueItems:
		return fmt.Sprintf("items %d and %d are equal", k.Duplicates[0], k.Duplicates[1])
	case *kind.FalseSchema:
		return "is not allowed"
	case *kind.PropertyNames:
		return "has an invalid property name"
	case *kind.AdditionalItems:
		return fmt.Sprintf("has %d items too many", k.Count)
	}
	return e.ErrorKind.LocalizedString(printer)
}

// description returns the description of the schema at url (document URL and
// JSON pointer fragment) among docs, or "". Patterned schemas describe the form
// they expect as a noun phrase, which reads better than the regular expression.
func description(docs map[string]any, url string) string {
	docURL, frag, _ := strings.Cut(url, "#")
	node := docs[docURL]
	if frag, err := neturl.PathUnescape(frag); err == nil {
		for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			if tok == "" {
				continue
			}
			switch n := node.(type) {
			case map[string]any:
				node = n[unescape(tok)]
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(n) {
					return ""
				}
				node = n[i]
			default:
				return ""
			}
		}
	}
	m, _ := node.(map[string]any)
	d, _ := m["description"].(string)
	return d
}

// nullLast orders JSON types for reading: "string or null" rather than "null or string".
func nullLast(types []string) []string {
	out := make([]string, 0, len(types))
	null := false
	for _, t := range types {
		if t == "null" {
			null = true
			continue
		}
		out = append(out, t)
	}
	if null {
		out = append(out, "null")
	}
	return out
}

func ratDigits(isInt bool) int {
	if isInt {
		return 0
	}
	return 6
}

// list renders enum values as JSON, comma-separated.
func list(vs []any) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		b, err := json.Marshal(v)
		if err != nil {
			b = []byte(fmt.Sprint(v))
		}
		parts[i] = string(b)
	}
	return strings.Join(parts, ", ")
}

// pointer renders instance location tokens as an RFC 6901 JSON pointer.
func pointer(tokens []string) string {
	var sb strings.Builder
	for _, t := range tokens {
		sb.WriteByte('/')
		sb.WriteString(escape(t))
	}
	return sb.String()
}

var (
	escaper   = strings.NewReplacer("~", "~0", "/", "~1")
	unescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

func escape(token string) string { return escaper.Replace(token) }

func unescape(token string) string { return unescaper.Replace(token) }

// dedupe drops repeated violations from a sorted slice.
func dedupe(vs []Violation) []Violation {
	out := vs[:0]
	for _, v := range vs {
		if len(out) > 0 && out[len(out)-1] == v {
			continue
		}
		out = append(out, v)
	}
	return out
}
