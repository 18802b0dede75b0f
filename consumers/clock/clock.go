package clock

import (
	"context"
	"sync/atomic"
	"time"
)

// Manual is a clock that stands still until it is set or moved. Its Now
// method can be given as a processor's wall clock (consumers.Config.Now).
// It is safe for concurrent use.
type Manual struct{ ns atomic.Int64 }

// NewManual returns a Manual clock standing at t.
func NewManual(t time.Time) *Manual {
	c := &Manual{}
	c.Set(t)
	return c
}

// Now returns the clock's instant, in UTC.
func (c *Manual) Now() time.Time { return time.Unix(0, c.ns.Load()).UTC() }

// Set moves the clock to t, forwards or backwards.
func (c *Manual) Set(t time.Time) { c.ns.Store(t.UnixNano()) }

// Add moves the clock by d.
func (c *Manual) Add(d time.Duration) { c.ns.Add(int64(d)) }

// Sleep waits d or until ctx is done, whichever comes first; it reports
// whether d elapsed.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
