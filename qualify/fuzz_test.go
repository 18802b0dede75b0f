package qualify

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadConfig: the loader never panics, refuses with a *ConfigError whose
// every line names the file, and whatever it accepts drives the whole engine
// without panicking.
func FuzzLoadConfig(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "config", "*.yaml"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(minimalConfig))
	f.Add([]byte("version: x\nicps: [{name: a, attributes: [{field: domain, matches: '^a', weight: 1}]}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, warns, err := LoadConfig("f.yaml", data, nil)
		for _, w := range warns {
			if !strings.HasPrefix(w.String(), "f.yaml") {
				t.Fatalf("warning without file: %s", w)
			}
		}
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || cfg != nil || len(ce.Errors) == 0 {
				t.Fatalf("LoadConfig = %v, %v (%T)", cfg, err, err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "f.yaml") {
					t.Fatalf("error line without file: %q", line)
				}
			}
			return
		}
		exercise(t, cfg)
	})
}

// exercise runs the worked example's events through a configuration.
func exercise(t *testing.T, cfg *Config) {
	_ = cfg.Summary()
	var a Account
	for _, e := range specEvents() {
		if _, err := a.Apply(cfg, e); err != nil {
			t.Fatal(err)
		}
		ev := Evaluate(&a, cfg, a.Clock.Time())
		for _, tr := range Transitions(&a, &ev) {
			if tr.Type == BecameQualified {
				Route(cfg, &a, tr.Email, 3)
			}
		}
		if due, ok := NextRecheck(&a, cfg); ok && due.Before(a.Clock.Time()) {
			t.Fatalf("re-check %v before the clock %v", due, a.Clock.Time())
		}
	}
}
