package rules

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadq/leadq/deploy"
)

func TestLoadNamesFileLineAndField(t *testing.T) {
	_, _, err := Load(filepath.Join("..", "..", "..", "..", "testdata", "config", "broken-unknown-key.yaml"))
	if err == nil || !strings.Contains(err.Error(), "broken-unknown-key.yaml:7: icps[0].attributes[1].wieght: is not allowed") {
		t.Errorf("Load of a file failing its schema: %v; want the file, line and field named", err)
	}
	if _, _, err := Load("no-such-file.yaml"); err == nil || !strings.Contains(err.Error(), "reading config") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestLoadOrExample(t *testing.T) {
	example, _, err := LoadOrExample("")
	if err != nil {
		t.Fatalf("the embedded example %s: %v", deploy.ExampleConfigName, err)
	}
	file, _, err := LoadOrExample(filepath.Join("..", "..", "..", "..", "testdata", "config", "spec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if example.Version == "" || file.Version != "2026-11-22.1" {
		t.Errorf("versions: example %q, file %q (want 2026-11-22.1)", example.Version, file.Version)
	}
}
