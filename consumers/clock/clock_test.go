package clock_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/leadq/leadq/consumers/clock"
)

func TestManualStandsWhereItIsSet(t *testing.T) {
	start := time.Date(2026, 11, 6, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	c := clock.NewManual(start)
	if got := c.Now(); !got.Equal(start) || got.Location() != time.UTC {
		t.Fatalf("Now() = %v, want %v in UTC", got, start)
	}
	c.Add(90 * time.Minute)
	if want := start.Add(90 * time.Minute); !c.Now().Equal(want) {
		t.Errorf("after Add(90m): %v, want %v", c.Now(), want)
	}
	earlier := start.Add(-24 * time.Hour)
	c.Set(earlier)
	if !c.Now().Equal(earlier) {
		t.Errorf("after Set back: %v, want %v", c.Now(), earlier)
	}
}

func TestManualIsSafeForConcurrentUse(t *testing.T) {
	c := clock.NewManual(time.Unix(0, 0))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				c.Add(time.Second)
				_ = c.Now()
			}
		}()
	}
	wg.Wait()
	if want := time.Unix(800, 0); !c.Now().Equal(want) {
		t.Errorf("after 800 concurrent Add(1s): %v, want %v", c.Now(), want)
	}
}

func TestSleep(t *testing.T) {
	if !clock.Sleep(context.Background(), time.Millisecond) {
		t.Error("Sleep with a live context: false, want true (the wait elapsed)")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if clock.Sleep(ctx, time.Hour) {
		t.Error("Sleep with a cancelled context: true, want false")
	}
}
