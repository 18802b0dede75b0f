// Package clitest runs leadq commands in tests the way the leadq binary runs
// them, and holds the fixtures their tests share: golden files, a JetStream
// server with leadq's streams, and the README's worked example (inputs,
// state and outputs). Only tests import it.
package clitest
