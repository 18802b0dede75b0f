package events_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/leadq/leadq/events"
)

func TestNormalizeDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"acme.io", "acme.io"},
		{"Acme.IO", "acme.io"},
		{"  acme.io\t", "acme.io"},
		{"acme.io.", "acme.io"},
		{"www.acme.io", "acme.io"},
		{"WWW.Acme.IO.", "acme.io"},
		{"www.www.acme.io", "acme.io"},
		{"www.io", "www.io"},
		{"wwwacme.io", "wwwacme.io"},
		{"eu.acme.io", "eu.acme.io"},
		{"bücher.example", "xn--bcher-kva.example"},
		{"BÜCHER.example", "xn--bcher-kva.example"},
		{"www.Bücher.example.", "xn--bcher-kva.example"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"münchen.de", "xn--mnchen-3ya.de"},
		{"例え.jp", "xn--r8jz45g.jp"},
		{"ａｃｍｅ.io", "acme.io"}, // full-width letters are mapped
		{"a-b.co.uk", "a-b.co.uk"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := events.NormalizeDomain(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeDomain(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			again, err := events.NormalizeDomain(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q gives %q, %v", got, again, err)
			}
		})
	}
}

func TestNormalizeDomainRejects(t *testing.T) {
	for _, in := range []string{
		"", " ", ".", "localhost", "acme", "acme..io", ".acme.io", "-acme.io", "acme-.io",
		"acme_corp.io", "acme io", "acme.io/path", "https://acme.io", "a@b.io", "1.2.3.4", "0.\xcd0",
		strings.Repeat("a", 64) + ".io", strings.Repeat("abcdefghi.", 26) + "io",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := events.NormalizeDomain(in)
			if err == nil {
				t.Fatalf("NormalizeDomain(%q) = %q, want an error", in, got)
			}
			if !errors.Is(err, events.ErrInvalidDomain) {
				t.Errorf("error %v does not wrap ErrInvalidDomain", err)
			}
		})
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"jane.doe@acme.io", "jane.doe@acme.io"},
		{"Jane.Doe@Acme.IO", "jane.doe@acme.io"},
		{"  jane@acme.io \n", "jane@acme.io"},
		{"jane+leads@acme.io", "jane+leads@acme.io"},
		{"jane@acme.io.", "jane@acme.io"},
		{"jane@www.acme.io", "jane@www.acme.io"}, // an address keeps its host
		{"jörg@bücher.example", "jörg@xn--bcher-kva.example"},
		{"JÖRG@BÜCHER.EXAMPLE", "jörg@xn--bcher-kva.example"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := events.NormalizeEmail(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			again, err := events.NormalizeEmail(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q gives %q, %v", got, again, err)
			}
		})
	}
}

func TestNormalizeEmailRejects(t *testing.T) {
	for _, in := range []string{
		"", "jane", "@acme.io", "jane@", "jane@@acme.io", "jane@doe@acme.io", "ja ne@acme.io",
		"jane@acme", "jane@acme..io", "jane@-acme.io", "jane@acme io", "jane\x00@acme.io", "j\xffne@acme.io",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := events.NormalizeEmail(in)
			if err == nil {
				t.Fatalf("NormalizeEmail(%q) = %q, want an error", in, got)
			}
			if !errors.Is(err, events.ErrInvalidEmail) {
				t.Errorf("error %v does not wrap ErrInvalidEmail", err)
			}
		})
	}
}

func TestDefaultFreeMail(t *testing.T) {
	free := events.DefaultFreeMail()
	for _, d := range []string{"gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.de",
		"outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me",
		"protonmail.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.ru", "yandex.ru", "yandex.com",
		"qq.com", "163.com", "126.com", "zoho.com", "fastmail.com", "hey.com", "tutanota.com", "mail.com",
		"t-online.de", "orange.fr", "free.fr", "libero.it", "seznam.cz", "naver.com", "rediffmail.com"} {
		if !free.Contains(d) {
			t.Errorf("%s is not in the default free-mail list", d)
		}
	}
	for _, d := range []string{"acme.io", "google.com", "yahoo.net"} {
		if free.Contains(d) {
			t.Errorf("%s is in the default free-mail list", d)
		}
	}
	for d := range free {
		if n, err := events.NormalizeDomain(d); err != nil || n != d {
			t.Errorf("free-mail domain %q is not normalised: %q, %v", d, n, err)
		}
	}
	delete(free, "gmail.com")
	if !events.DefaultFreeMail().Contains("gmail.com") {
		t.Error("changing a returned list changed the default")
	}
}
