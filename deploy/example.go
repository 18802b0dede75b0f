package deploy

import _ "embed"

// ExampleConfigName is the repository path of ExampleConfig, for messages.
const ExampleConfigName = "deploy/leadq.yaml"

// ExampleConfig is the example configuration (deploy/leadq.yaml): the README's
// example with an enterprise ICP, more signals and queues per segment and
// region. `leadq demo` runs it; docker-compose.yaml mounts the same file.
//
//go:embed leadq.yaml
var ExampleConfig []byte
