package versions

import (
	"regexp"
	"strings"
	"testing"
)

// validKey is what JetStream accepts as a key: these characters, and no
// empty dot-separated token.
var validKey = regexp.MustCompile(`^[-/_=.a-zA-Z0-9]+$`)

func wantValidKey(t *testing.T, key string) {
	t.Helper()
	if !validKey.MatchString(key) || strings.HasPrefix(key, ".") || strings.HasSuffix(key, ".") || strings.Contains(key, "..") {
		t.Errorf("key %q is not a valid JetStream key", key)
	}
}

func TestVersionKey(t *testing.T) {
	tests := []struct{ version, key string }{
		{"2026-11-22.1", "v.2026-11-22.1"},
		{"Q4 rules/v2", "v.Q4=20rules=2Fv2"},
		{"a=b", "v.a=3Db"},
		{".hidden.", "v.=2Ehidden=2E"},
		{"1..2", "v.1.=2E2"},
		{"été", "v.=C3=A9t=C3=A9"},
		{"*>", "v.=2A=3E"},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			key := VersionKey(tt.version)
			if key != tt.key {
				t.Errorf("VersionKey(%q) = %q, want %q", tt.version, key, tt.key)
			}
			wantValidKey(t, key)
			if v, err := DecodeVersion(key); err != nil || v != tt.version {
				t.Errorf("DecodeVersion(%q) = %q, %v; want %q", key, v, err, tt.version)
			}
		})
	}
}

func TestDecodeVersionRefusesOtherKeys(t *testing.T) {
	for _, key := range []string{"active", "v.", "v.a=4", "v.a=zz", "v.a=41", "v.=2D", "x.abc"} {
		if v, err := DecodeVersion(key); err == nil {
			t.Errorf("DecodeVersion(%q) = %q, want an error", key, v)
		}
	}
}

// FuzzVersionKey: every version maps to a valid key that decodes back to it.
func FuzzVersionKey(f *testing.F) {
	for _, s := range []string{"2026-11-22.1", "Q4 rules/v2", "..", "=", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, version string) {
		if version == "" {
			return
		}
		key := VersionKey(version)
		wantValidKey(t, key)
		if v, err := DecodeVersion(key); err != nil || v != version {
			t.Fatalf("DecodeVersion(VersionKey(%q)) = %q, %v", version, v, err)
		}
	})
}
