package progress

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/leadq/leadq/cmd/leadq/internal/render"
)

// Progress refresh intervals: a bar on a terminal is redrawn often; a log
// (not a terminal) gets a line every few seconds.
const (
	progressTTYEvery  = 100 * time.Millisecond
	progressLineEvery = 5 * time.Second
	progressBarWidth  = 24
)

// Reporter reports the progress of a long command on standard error: a bar
// redrawn in place on a terminal, or a line every few seconds otherwise, and
// messages that must not be overwritten by the bar. It is driven by the
// command's own loop (no goroutine): Update is cheap when nothing is due.
type Reporter struct {
	w     io.Writer
	tty   bool
	quiet bool
	total int64 // bytes of input, 0 when unknown
	now   func() time.Time
	start time.Time
	next  time.Time // when the next update is due
	drawn bool      // a bar is on the terminal's last line
}

// New reports to w; total is the input size in bytes (0: unknown); quiet
// shows only the messages; now is the clock (time.Now).
func New(w io.Writer, total int64, quiet bool, now func() time.Time) *Reporter {
	t := now()
	p := &Reporter{w: w, tty: render.IsTerminal(w), quiet: quiet, total: total, now: now, start: t}
	p.next = t.Add(p.every())
	return p
}

func (p *Reporter) every() time.Duration {
	if p.tty {
		return progressTTYEvery
	}
	return progressLineEvery
}

// Update shows done bytes of the input and the status line when an update
// is due; status is only called then.
func (p *Reporter) Update(done int64, status func() string) {
	if p.quiet {
		return
	}
	t := p.now()
	if t.Before(p.next) {
		return
	}
	p.next = t.Add(p.every())
	elapsed := t.Sub(p.start).Truncate(time.Second)
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[K%s%s  %s", p.bar(done), status(), elapsed)
		p.drawn = true
		return
	}
	fmt.Fprintf(p.w, "progress: %s%s (%s)\n", p.percent(done), status(), elapsed)
}

// bar draws "[#####-----]  45%  " for a known input size.
func (p *Reporter) bar(done int64) string {
	if p.total <= 0 {
		return ""
	}
	n := int(min(done, p.total) * progressBarWidth / p.total)
	return "[" + strings.Repeat("#", n) + strings.Repeat("-", progressBarWidth-n) + "] " + p.percent(done)
}

func (p *Reporter) percent(done int64) string {
	if p.total <= 0 {
		return ""
	}
	return fmt.Sprintf("%3d%%  ", min(done, p.total)*100/p.total)
}

// Printf prints a message line (always, even with quiet), clearing the bar
// first so the message stays readable.
func (p *Reporter) Printf(format string, args ...any) {
	p.clearBar()
	fmt.Fprintf(p.w, format+"\n", args...)
}

// Finish removes the bar; the command prints its summary next.
func (p *Reporter) Finish() {
	p.clearBar()
}

func (p *Reporter) clearBar() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
