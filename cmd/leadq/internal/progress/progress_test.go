package progress

import (
	"bytes"
	"testing"
	"time"
)

// fakeClock is a clock the test moves.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock           { return &fakeClock{t: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)} }
func status(s string) func() string      { return func() string { return s } }
func TestProgressLogsALineEveryFewSeconds(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeClock()
	p := New(&buf, 200, false, clock.now)
	p.Update(10, status("first"))
	clock.add(progressLineEvery - time.Millisecond)
	p.Update(20, status("not yet"))
	clock.add(time.Millisecond)
	p.Update(50, status("published 5"))
	p.Printf("line %d: bad", 7)
	clock.add(2 * progressLineEvery)
	p.Update(250, status("published 9"))
	p.Finish()
	want := "progress:  25%  published 5 (5s)\nline 7: bad\nprogress: 100%  published 9 (15s)\n"
	if buf.String() != want {
		t.Errorf("progress output:\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestProgressQuietPrintsOnlyMessages(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeClock()
	p := New(&buf, 0, true, clock.now)
	clock.add(time.Hour)
	p.Update(10, func() string { t.Error("status computed although quiet"); return "" })
	p.Printf("line 1: bad")
	p.Finish()
	if buf.String() != "line 1: bad\n" {
		t.Errorf("quiet progress output %q", buf.String())
	}
}

func TestProgressBar(t *testing.T) {
	p := &Reporter{total: 100}
	for _, tc := range []struct {
		done int64
		want string
	}{
		{0, "[------------------------]   0%  "},
		{50, "[############------------]  50%  "},
		{150, "[########################] 100%  "},
	} {
		if got := p.bar(tc.done); got != tc.want {
			t.Errorf("bar(%d) = %q, want %q", tc.done, got, tc.want)
		}
	}
	if got := (&Reporter{}).bar(10); got != "" {
		t.Errorf("bar of an unknown size = %q, want none", got)
	}
}
