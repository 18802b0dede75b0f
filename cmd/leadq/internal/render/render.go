package render

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

// Table writes aligned columns with text/tabwriter. Cells must not contain
// tabs or newlines; clean them with Cell.
type Table struct {
	tw *tabwriter.Writer
}

// NewTable starts a table on w with the given header row (none when empty).
func NewTable(w io.Writer, header ...string) *Table {
	t := &Table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	if len(header) > 0 {
		t.Row(header...)
	}
	return t
}

// Row adds one row; a missing trailing cell is empty.
func (t *Table) Row(cells ...string) {
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

// Flush writes the table out.
func (t *Table) Flush() error {
	if err := t.tw.Flush(); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}
	return nil
}

// Cell makes s safe for one table cell or one output line: control
// characters (tabs, newlines, escape sequences) become spaces and an empty
// value becomes "-".
func Cell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.Map(DropControl, s)
}

// DropControl maps control characters to spaces, for strings.Map (see Cell).
func DropControl(r rune) rune {
	if r < 0x20 || r == 0x7f {
		return ' '
	}
	return r
}

// Clip shortens s to n runes, marking the cut with "…".
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Time prints an instant in UTC, RFC 3339 to the second; "-" for none.
func Time(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// Score prints a score or points rounded to two decimals, as outputs are.
func Score(x float64) string {
	return strconv.FormatFloat(events.Round2(x), 'f', -1, 64)
}

// YesNo prints a boolean for a table.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Emails prints e-mail addresses masked (j***@acme.io) unless the user
// asked to see them (Show). Readable operator output is pasted into tickets
// and chat and left running on shared screens; the README's Guarantees keep
// raw addresses out of logs for the same reason. --json output is data for
// tools and is not masked.
type Emails struct {
	Show bool
}

// Email returns addr as the view prints it.
func (v Emails) Email(addr string) string {
	if v.Show {
		return addr
	}
	return MaskEmail(addr)
}

// MaskEmail keeps the first character of the local part and the domain:
// "jane.doe@acme.io" gives "j***@acme.io". Something that is not an address
// gives "***".
func MaskEmail(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return "***"
	}
	r, _ := utf8.DecodeRuneInString(addr)
	return string(r) + "***" + addr[at:]
}

// IsTerminal reports whether w is a terminal (for progress bars and lines
// redrawn in place).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
