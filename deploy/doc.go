// Package deploy holds how leadq runs outside the Go toolchain. For now it is
// the example configuration, deploy/leadq.yaml, embedded as ExampleConfig for
// `leadq demo`.
//
// Sub-packages start servers for the demo and the tests (embedded,
// testbench).
package deploy
