package events

import (
	"testing"
	"unicode/utf8"
)

func TestPercentEncoding(t *testing.T) {
	tests := []struct{ plain, encoded string }{
		{"abc", "abc"},
		{"a b", "a%20b"},
		{`"q"`, "%22q%22"},
		{"100%", "100%25"},
		{"é", "%C3%A9"},
		{"tab\there", "tab%09here"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := percentEncode(tt.plain); got != tt.encoded {
			t.Errorf("percentEncode(%q) = %q, want %q", tt.plain, got, tt.encoded)
		}
		if got, err := percentDecode(tt.encoded); err != nil || got != tt.plain {
			t.Errorf("percentDecode(%q) = %q, %v; want %q", tt.encoded, got, err, tt.plain)
		}
	}
	if got, err := percentDecode("%c3%a9"); err != nil || got != "é" {
		t.Errorf("lower-case hex: %q, %v", got, err)
	}
	for _, bad := range []string{"%", "%4", "%zz", "%G1", "%FF", "%C3", "\xff", "a%C3%28"} {
		if got, err := percentDecode(bad); err == nil {
			t.Errorf("percentDecode(%q) = %q, want an error", bad, got)
		}
	}
}

func FuzzPercentRoundTrip(f *testing.F) {
	for _, s := range []string{"", "abc", "a b%\"", "é漢字", "\x00\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := percentEncode(s)
		for i := 0; i < len(enc); i++ {
			if needsEscape(enc[i]) && enc[i] != '%' {
				t.Fatalf("percentEncode(%q) = %q keeps byte %#x", s, enc, enc[i])
			}
		}
		dec, err := percentDecode(enc)
		if !utf8.ValidString(s) {
			if err == nil {
				t.Fatalf("invalid UTF-8 %q decoded without error", s)
			}
			return
		}
		if err != nil || dec != s {
			t.Fatalf("round trip of %q: %q, %v", s, dec, err)
		}
	})
}
