package render

import (
	"bytes"
	"testing"
	"time"
)

func TestRenderFormats(t *testing.T) {
	for _, tc := range []struct{ name, got, want string }{
		{"mask keeps the first character and the domain", MaskEmail("jane.doe@acme.io"), "j***@acme.io"},
		{"mask of a non-address", MaskEmail("nobody"), "***"},
		{"mask of a multibyte first character", MaskEmail("élise@acme.io"), "é***@acme.io"},
		{"shown e-mail is unmasked", Emails{Show: true}.Email("a@b.io"), "a@b.io"},
		{"hidden e-mail is masked", Emails{}.Email("a@b.io"), "a***@b.io"},
		{"cell turns control characters to spaces", Cell("a\tb\nc"), "a b c"},
		{"empty cell", Cell(""), "-"},
		{"clip", Clip("abcdef", 4), "abc…"},
		{"score rounds to two decimals", Score(71.7649), "71.76"},
		{"whole score", Score(100), "100"},
		{"time is UTC to the second", Time(time.Date(2026, 11, 6, 9, 0, 0, 5e8, time.FixedZone("", 3600))), "2026-11-06T08:00:00Z"},
		{"zero time", Time(time.Time{}), "-"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestRenderTableAligns(t *testing.T) {
	var buf bytes.Buffer
	tb := NewTable(&buf, "A", "LONGER")
	tb.Row("wide cell", "x")
	if err := tb.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "A          LONGER\nwide cell  x\n"
	if buf.String() != want {
		t.Errorf("table = %q, want %q", buf.String(), want)
	}
}
