package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseInstant reads an instant given on the command line: "now", RFC 3339
// ("2026-11-06T08:00:00Z"), or a UTC date and time without zone
// ("2026-11-06T08:00", "2026-11-06").
func ParseInstant(s string, now time.Time) (time.Time, error) {
	if strings.EqualFold(s, "now") {
		return now.UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an instant: want now, RFC 3339 (2026-11-06T08:00:00Z) or a UTC date (2026-11-06)", s)
}

// ParseSince reads a --since value: a duration back from now ("90m", "36h",
// "7d") or an instant (see ParseInstant).
func ParseSince(s string, now time.Time) (time.Time, error) {
	if d, err := ParseDuration(s); err == nil {
		return now.Add(-d).UTC(), nil
	}
	t, err := ParseInstant(s, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a duration (90m, 36h, 7d) nor an instant (2026-11-06T08:00:00Z)", s)
	}
	return t, nil
}

// ParseDuration is time.ParseDuration with a "d" (24h) unit as in the
// configuration ("7d", "1.5d"); negative durations are refused.
func ParseDuration(s string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil {
			return 0, fmt.Errorf("duration %q: %w", s, err)
		}
		d = time.Duration(n * float64(24*time.Hour))
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, err
		}
	}
	if d < 0 {
		return 0, fmt.Errorf("duration %q is negative", s)
	}
	return d, nil
}
