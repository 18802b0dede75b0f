package main

import (
	"os"
	"testing"
)

// benchChildEnv makes the test binary act as leadq itself, so that leadq
// bench can run its NATS child (os.Executable with bench-nats-server) in
// tests.
const benchChildEnv = "LEADQ_TEST_AS_LEADQ"

func TestMain(m *testing.M) {
	if os.Getenv(benchChildEnv) == "1" {
		os.Exit(run(os.Args[1:]))
	}
	os.Exit(m.Run())
}
