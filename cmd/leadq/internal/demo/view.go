package demo

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mattn/go-isatty"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// demoView is the demo's live output: lines (leads, notices) and a progress
// line. On a terminal the progress line stays at the bottom, rewritten in
// place; elsewhere it is printed as a line of its own every few seconds.
type demoView struct {
	mu     sync.Mutex
	w      io.Writer
	errw   io.Writer // notices when not live
	live   bool      // show leads and progress (not --quiet or --json)
	tty    bool      // w is a terminal
	status string    // the progress line drawn on the terminal, "" for none
}

func newDemoView(w, errw io.Writer, live bool) *demoView {
	f, ok := w.(*os.File)
	return &demoView{w: w, errw: errw, live: live, tty: ok && isatty.IsTerminal(f.Fd())}
}

// line prints a line above the progress line.
func (v *demoView) line(s string) {
	if !v.live {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.tty && v.status != "" {
		fmt.Fprintf(v.w, "\r\x1b[K%s\n%s", s, v.status)
		return
	}
	fmt.Fprintln(v.w, s)
}

// notice prints a line about the demo itself: with the leads, or on
// standard error with --quiet and --json, so that standard output holds only
// the summary.
func (v *demoView) notice(s string) {
	if v.live {
		v.line(s)
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	fmt.Fprintln(v.errw, "leadq demo: "+s)
}

// progress shows the progress line.
func (v *demoView) progress(s string) {
	if !v.live {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.tty {
		v.status = fitWidth(s, v.w.(*os.File))
		fmt.Fprintf(v.w, "\r\x1b[K%s", v.status)
		return
	}
	fmt.Fprintln(v.w, s)
}

// fitWidth cuts s to the width of the terminal f (80 when unknown), so that
// rewriting it in place never leaves a wrapped part behind.
func fitWidth(s string, f *os.File) string {
	w := termWidth(f)
	if w <= 0 {
		w = 80
	}
	if r := []rune(s); len(r) >= w {
		return string(r[:w-2]) + "…"
	}
	return s
}

// endProgress ends the progress line, so that what follows starts on a line
// of its own.
func (v *demoView) endProgress() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.tty && v.status != "" {
		fmt.Fprintln(v.w)
	}
	v.status = ""
}

// formatQualified is the line of a qualified lead: when it qualified (on the
// demo's clock), its account, persona, strongest reasons and where it went.
// q or r may be nil (a routed event without its qualified one is not
// expected; a qualified one without routing is, with `unmatched: drop`).
func formatQualified(q *events.QualifiedData, r *events.RoutedData) string {
	var b strings.Builder
	b.WriteString("+ ")
	if q != nil {
		fmt.Fprintf(&b, "%s  %-26s %-36s %s", q.EvaluatedAt.Format("Jan 02 15:04"), q.Account.Domain,
			persona(q.Lead), strings.Join(strongestReasons(q.Explanation), " · "))
	} else if r != nil {
		fmt.Fprintf(&b, "%-12s  %-26s %-36s", "", r.Account.Domain, r.Lead.Email)
	}
	switch {
	case r == nil:
		b.WriteString("  → not routed")
	case r.Reason == events.RouteAccountOwner:
		fmt.Fprintf(&b, "  → %s/%s (account owner)", r.Queue, r.Rep)
	default:
		fmt.Fprintf(&b, "  → %s/%s", r.Queue, r.Rep)
	}
	return b.String()
}

// formatUnqualified is the line of a lead that stopped qualifying.
func formatUnqualified(u *events.UnqualifiedData) string {
	return fmt.Sprintf("- %s  %-26s %-36s no longer qualifies: %s", u.EvaluatedAt.Format("Jan 02 15:04"),
		u.Account.Domain, persona(u.Lead), u.Reason)
}

// persona is a lead's title and role, e.g. "VP Marketing (decision_maker)".
func persona(l events.LeadSummary) string {
	if l.Title == "" {
		return l.Role
	}
	return l.Title + " (" + l.Role + ")"
}

// strongestReasons reads an explanation (qualify's shape) and returns the
// fit, then the two readiness dimensions with the strongest single
// contribution, e.g. "fit 100 (A, midmarket-saas)", "willing 71.8:
// form.demo_request", "ready 50: team_adoption".
func strongestReasons(raw json.RawMessage) []string {
	var ex qualify.Explanation
	if err := json.Unmarshal(raw, &ex); err != nil {
		return nil
	}
	reasons := []string{fmt.Sprintf("fit %s (%s, %s)", score(ex.ICP.Fit), ex.ICP.Grade, ex.ICP.Name)}
	type contribution struct {
		text   string
		points float64
	}
	var cs []contribution
	for _, d := range []struct {
		name string
		res  qualify.DimensionResult
	}{{"ready", ex.Readiness.Ready}, {"willing", ex.Readiness.Willing}, {"able", ex.Readiness.Able}} {
		if label, points := strongest(d.res); label != "" {
			cs = append(cs, contribution{fmt.Sprintf("%s %s: %s", d.name, score(d.res.Score), label), points})
		}
	}
	slices.SortStableFunc(cs, func(a, b contribution) int { return cmp.Compare(b.points, a.points) })
	for _, c := range cs[:min(2, len(cs))] {
		reasons = append(reasons, c.text)
	}
	return reasons
}

// strongest returns the largest single contribution to a dimension: a
// signal's decayed points, a static attribute or a usage rule.
func strongest(d qualify.DimensionResult) (label string, points float64) {
	for _, s := range d.Signals {
		if s.Decayed > points {
			label, points = s.Kind, s.Decayed
		}
	}
	for _, a := range d.Attributes {
		if a.Points > points {
			field, _, _ := strings.Cut(a.Rule, " ")
			label, points = field, a.Points
		}
	}
	for _, u := range d.Usage {
		if u.Points > points {
			label, points = u.Name, u.Points
		}
	}
	return label, points
}

// score formats a score with at most one decimal: 100, 71.8.
func score(x float64) string {
	return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
}
