// Package rules loads the qualification configuration the commands run
// with: a YAML file checked against schemas/config.schema.json and then by
// the engine (qualify.LoadConfig), or the example configuration embedded
// from deploy/leadq.yaml.
package rules
