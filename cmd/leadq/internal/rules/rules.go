package rules

import (
	"fmt"
	"os"

	"github.com/leadq/leadq/deploy"
	"github.com/leadq/leadq/qualify"
	"github.com/leadq/leadq/schemas"
)

// Load reads and validates a configuration file: JSON Schema first, then the
// engine's semantic checks. Errors name the file, line and field.
func Load(path string) (*qualify.Config, []qualify.Warning, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(path, data)
}

// Parse validates a configuration document as Load does; name (a file
// name, or a version) is what its errors are located in.
func Parse(name string, data []byte) (*qualify.Config, []qualify.Warning, error) {
	return qualify.LoadConfig(name, data, SchemaCheck)
}

// LoadOrExample loads the file at path, or the example configuration
// (deploy/leadq.yaml, embedded) when path is empty.
func LoadOrExample(path string) (*qualify.Config, []qualify.Warning, error) {
	if path != "" {
		return Load(path)
	}
	return qualify.LoadConfig(deploy.ExampleConfigName, deploy.ExampleConfig, SchemaCheck)
}

// SchemaCheck validates a configuration document against
// schemas/config.schema.json; it is the schema hook of qualify.LoadConfig.
func SchemaCheck(doc any) []qualify.Issue {
	vs := schemas.Validate("config", doc)
	issues := make([]qualify.Issue, len(vs))
	for i, v := range vs {
		issues[i] = qualify.Issue{Pointer: v.Pointer, Message: v.Message}
	}
	return issues
}
