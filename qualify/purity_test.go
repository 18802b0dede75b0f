package qualify

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPureDependencies keeps the engine pure. `go list -deps` of the
// package must not reach NATS, Redis, CloudEvents or zerolog, and neither
// qualify nor any non-standard package it depends on may import os (the
// standard library's fmt and crypto reach os internally, which is fine).
func TestPureDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}|{{.Standard}}|{{join .Imports \",\"}}",
		"github.com/leadq/leadq/qualify/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{"nats", "redis", "cloudevents", "zerolog"}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, rest, _ := strings.Cut(line, "|")
		std, imports, _ := strings.Cut(rest, "|")
		for _, f := range forbidden {
			if strings.Contains(pkg, f) {
				t.Errorf("qualify depends on %s", pkg)
			}
		}
		if std == "false" && strings.Contains(","+imports+",", ",os,") {
			t.Errorf("%s imports os", pkg)
		}
	}
}

// TestNoClockNoGoroutines scans the package's non-test sources for
// time.Now, time.Since, goroutines and the log package.
func TestNoClockNoGoroutines(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range f.Imports {
			if p := strings.Trim(im.Path.Value, `"`); p == "os" || p == "log" || p == "log/slog" {
				t.Errorf("%s imports %s", name, p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				t.Errorf("%s: go statement", fset.Position(n.Pos()))
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && id.Name == "time" && (n.Sel.Name == "Now" || n.Sel.Name == "Since" || n.Sel.Name == "Until") {
					t.Errorf("%s: time.%s", fset.Position(n.Pos()), n.Sel.Name)
				}
			}
			return true
		})
	}
}
