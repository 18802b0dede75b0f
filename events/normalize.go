package events

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Normalisation errors, wrapped with the offending part (never the whole address).
var (
	ErrInvalidEmail  = errors.New("events: invalid e-mail address")
	ErrInvalidDomain = errors.New("events: invalid domain")
)

// domainProfile maps a domain for lookup (lower-case, NFC, width folding), checks
// the IDNA 2008 rules, the bidi rule, the STD3 host name characters and the DNS
// label and name lengths, and converts non-ASCII labels to punycode.
var domainProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.Transitional(false),
	idna.StrictDomainName(true),
	idna.VerifyDNSLength(true),
)

// NormalizeEmail trims and lower-cases an e-mail address and checks it has exactly
// one @ between a non-empty local part and a valid domain, which it converts to
// its ASCII (punycode) form. It does not remove a leading www. from the domain.
func NormalizeEmail(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: invalid UTF-8", ErrInvalidEmail)
	}
	s = strings.ToLower(strings.TrimSpace(s))
	at := strings.IndexByte(s, '@')
	if at < 0 || strings.IndexByte(s[at+1:], '@') >= 0 {
		return "", fmt.Errorf("%w: needs exactly one @", ErrInvalidEmail)
	}
	local, domain := s[:at], s[at+1:]
	if local == "" {
		return "", fmt.Errorf("%w: empty local part", ErrInvalidEmail)
	}
	if strings.ContainsFunc(local, isSpaceOrControl) {
		return "", fmt.Errorf("%w: space in local part", ErrInvalidEmail)
	}
	d, err := asciiDomain(domain)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidEmail, err)
	}
	if d == domain {
		return s, nil
	}
	return local + "@" + d, nil
}

// NormalizeDomain returns the canonical form of a web domain: trimmed, lower-cased,
// without a trailing dot or leading "www." labels (as long as two labels remain), and
// with internationalised labels in punycode: " WWW.Bücher.example. " gives
// "xn--bcher-kva.example". A domain needs at least two labels.
func NormalizeDomain(s string) (string, error) {
	d, err := asciiDomain(strings.TrimSpace(s))
	if err != nil {
		return "", err
	}
	return trimWWW(d), nil
}

// trimWWW drops leading "www." labels of an ASCII domain as long as two
// labels remain: NormalizeDomain of a domain asciiDomain already returned
// (the domain of a normalised e-mail address).
func trimWWW(d string) string {
	for {
		rest, ok := strings.CutPrefix(d, "www.")
		if !ok || strings.IndexByte(rest, '.') < 0 {
			return d
		}
		d = rest
	}
}

// asciiDomain validates a domain and returns its lower-case ASCII form without a
// trailing dot.
func asciiDomain(s string) (string, error) {
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return "", fmt.Errorf("%w: empty", ErrInvalidDomain)
	}
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%w: invalid UTF-8", ErrInvalidDomain)
	}
	d, err := domainProfile.ToASCII(s)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidDomain, err)
	}
	dot := strings.LastIndexByte(d, '.')
	if dot < 0 {
		return "", fmt.Errorf("%w: needs a dot", ErrInvalidDomain)
	}
	if tld := d[dot+1:]; strings.Trim(tld, "0123456789") == "" {
		return "", fmt.Errorf("%w: numeric top-level label", ErrInvalidDomain)
	}
	return d, nil
}

func isSpaceOrControl(r rune) bool {
	return r <= ' ' || r == 0x7f
}
