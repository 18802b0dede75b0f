package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-isatty"

	"github.com/leadq/leadq/events"
)

// Rendering helpers shared by the operator commands (publish, tail, explain,
// dlq): aligned tables, instants, scores and masked e-mail addresses.

// table writes aligned columns with text/tabwriter. Cells must not contain
// tabs or newlines; clean them with cell.
type table struct {
	tw *tabwriter.Writer
}

// newTable starts a table on w with the given header row (none when empty).
func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	if len(header) > 0 {
		t.row(header...)
	}
	return t
}

// row adds one row; a missing trailing cell is empty.
func (t *table) row(cells ...string) {
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

// flush writes the table out.
func (t *table) flush() error {
	if err := t.tw.Flush(); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}
	return nil
}

// cell makes s safe for one table cell or one output line: control
// characters (tabs, newlines, escape sequences) become spaces and an empty
// value becomes "-".
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.Map(dropControl, s)
}

// dropControl maps control characters to spaces (see cell).
func dropControl(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return ' '
	}
	return r
}

// clip shortens s to n runes, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// fmtTime prints an instant in UTC, RFC 3339 to the second; "-" for none.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// fmtScore prints a score or points rounded to two decimals, as outputs are.
func fmtScore(x float64) string {
	return strconv.FormatFloat(events.Round2(x), 'f', -1, 64)
}

// yesNo prints a boolean for a table.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// emailView prints e-mail addresses masked (j***@acme.io) unless the user
// asked to see them. Readable operator output is pasted into tickets and chat
// and left running on shared screens; the README's Guarantees keep raw addresses out of logs
// for the same reason. --json output is data for tools and is not masked.
type emailView struct {
	show bool
}

// email returns addr as the view prints it.
func (v emailView) email(addr string) string {
	if v.show {
		return addr
	}
	return maskEmail(addr)
}

// maskEmail keeps the first character of the local part and the domain:
// "jane.doe@acme.io" gives "j***@acme.io". Something that is not an address
// gives "***".
func maskEmail(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return "***"
	}
	r, _ := utf8.DecodeRuneInString(addr)
	return string(r) + "***" + addr[at:]
}

// parseInstant reads an instant given on the command line: "now", RFC 3339
// ("2026-11-06T08:00:00Z"), or a UTC date and time without zone
// ("2026-11-06T08:00", "2026-11-06").
func parseInstant(s string, now time.Time) (time.Time, error) {
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

// parseSince reads a --since value: a duration back from now ("90m", "36h",
// "7d") or an instant (see parseInstant).
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := parseDuration(s); err == nil {
		return now.Add(-d).UTC(), nil
	}
	t, err := parseInstant(s, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a duration (90m, 36h, 7d) nor an instant (2026-11-06T08:00:00Z)", s)
	}
	return t, nil
}

// parseDuration is time.ParseDuration with a "d" (24h) unit as in the
// configuration ("7d", "1.5d"); negative durations are refused.
func parseDuration(s string) (time.Duration, error) {
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

// isTerminal reports whether w is a terminal (for progress bars).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
