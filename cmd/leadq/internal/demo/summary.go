package demo

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/leadq/leadq/deploy"
)

// demoSummary is the end of a demo run: its outcome and how the run went.
type demoSummary struct {
	demoOutcome
	Seed        int64    `json:"seed"`
	Accounts    int      `json:"accounts"`
	Planned     int      `json:"planned_events"`
	Interrupted bool     `json:"interrupted"`
	Elapsed     float64  `json:"elapsed_seconds"`
	FirstLead   float64  `json:"first_qualified_seconds,omitempty"` // after feeding started
	QueueOrder  []string `json:"-"`                                 // queues in configuration order
}

// header shows what is about to run.
func (s *demoSession) header() {
	n := s.gen.Options().Events
	config := cmp.Or(s.o.ConfigPath, deploy.ExampleConfigName)
	s.view.line(fmt.Sprintf("leadq demo: %d accounts, %d events at %g/s (about %s), seed %d, config %s (version %s)",
		s.o.Accounts, n, s.o.Rate, roughly(time.Duration(float64(n)/s.o.Rate*float64(time.Second))),
		s.o.Seed, config, s.rules.Version))
	s.view.line(fmt.Sprintf("servers: NATS at %s, %s; prefix %s (leadq tail --subject-prefix %s)",
		s.env.natsURL, s.env.redis, s.o.Prefix, s.o.Prefix))
}

// startProgress updates the progress line until stop is called; stop draws
// it a last time and ends it (once, however often it is called).
func (s *demoSession) startProgress() (stop func()) {
	if !s.view.live {
		return func() {}
	}
	every := 5 * time.Second
	if s.view.tty {
		every = 250 * time.Millisecond
	}
	start := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				s.view.progress(s.progressLine(ctx, time.Since(start)))
			}
		}
	}()
	return sync.OnceFunc(func() {
		cancel()
		<-done
		s.view.progress(s.progressLine(context.Background(), time.Since(start)))
		s.view.endProgress()
	})
}

// progressLine is e.g. "[12s feeding] events 2400/12000 · qualified 5 ·
// routed 5 · unqualified 0 · dead letters 0".
func (s *demoSession) progressLine(ctx context.Context, elapsed time.Duration) string {
	q, r, u := s.watch.counts()
	dead := "?"
	if dl, err := s.deadLetters(ctx); err == nil {
		dead = fmt.Sprint(sum(slices.Collect(maps.Values(dl))))
	}
	return fmt.Sprintf("[%s %s] events %d/%d · qualified %d · routed %d · unqualified %d · dead letters %s",
		elapsed.Round(time.Second), *s.phase.Load(), s.fed.Load(), s.gen.Options().Events, q, r, u, dead)
}

// summary collects the outcome once the pipeline has stopped.
func (s *demoSession) summary(elapsed time.Duration, interrupted bool) *demoSummary {
	out, first := s.watch.outcome()
	out.Events = s.fed.Load()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if dl, err := s.deadLetters(ctx); err == nil {
		out.DeadLetters = dl
	} else {
		s.log.Warn().Err(err).Msg("demo: counting dead letters")
	}
	sum := &demoSummary{demoOutcome: out, Seed: s.o.Seed, Accounts: s.o.Accounts,
		Planned: s.gen.Options().Events, Interrupted: interrupted, Elapsed: elapsed.Seconds()}
	if first > 0 {
		sum.FirstLead = first.Seconds()
	}
	for _, q := range s.rules.Routing.Queues {
		sum.QueueOrder = append(sum.QueueOrder, q.Name)
	}
	return sum
}

func (sm *demoSummary) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sm)
}

// writeText prints the summary: totals, then leads per queue (with reps),
// per grade and per segment.
func (sm *demoSummary) writeText(w io.Writer) {
	what := "Summary"
	if sm.Interrupted {
		what = fmt.Sprintf("Summary (interrupted: %d of %d events fed)", sm.Events, sm.Planned)
	}
	fmt.Fprintf(w, "\n%s: seed %d, %d accounts, %d events in %s", what, sm.Seed, sm.Accounts, sm.Events,
		roughly(time.Duration(sm.Elapsed*float64(time.Second))))
	if sm.FirstLead > 0 {
		fmt.Fprintf(w, "; first qualified lead after %.1fs", sm.FirstLead)
	}
	fmt.Fprintf(w, "\n  qualified %d · routed %d · unqualified %d · dead letters %d",
		sm.Qualified, sm.Routed, sm.Unqualified, sum(slices.Collect(maps.Values(sm.DeadLetters))))
	for _, r := range slices.Sorted(maps.Keys(sm.DeadLetters)) {
		fmt.Fprintf(w, " (%s %d)", r, sm.DeadLetters[r])
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "\n  QUEUE\tLEADS\tREPS\n")
	for _, q := range sm.queueOrder() {
		reps := sm.Queues[q]
		var parts []string
		for _, r := range slices.Sorted(maps.Keys(reps)) {
			parts = append(parts, fmt.Sprintf("%s %d", r, reps[r]))
		}
		fmt.Fprintf(tw, "  %s\t%5d\t%s\n", q, sum(slices.Collect(maps.Values(reps))), strings.Join(parts, ", "))
	}
	writeCounts(tw, "GRADE", sm.Grades, slices.Sorted(maps.Keys(sm.Grades)))
	writeCounts(tw, "SEGMENT", sm.Segments, sortedByCount(sm.Segments))
	_ = tw.Flush()
}

// queueOrder returns the queues in configuration order, then any other
// queue that leads went to.
func (sm *demoSummary) queueOrder() []string {
	order := slices.Clone(sm.QueueOrder)
	for _, q := range slices.Sorted(maps.Keys(sm.Queues)) {
		if !slices.Contains(order, q) {
			order = append(order, q)
		}
	}
	return order
}

// writeCounts adds a table of leads by key, in the given order, to tw.
func writeCounts(tw io.Writer, title string, counts map[string]int, order []string) {
	fmt.Fprintf(tw, "\n  %s\tLEADS\n", title)
	for _, k := range order {
		fmt.Fprintf(tw, "  %s\t%5d\n", k, counts[k])
	}
}

// roughly rounds d to a tenth of a second, or to the second from ten seconds.
func roughly(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}

// sortedByCount returns the keys of m by decreasing count, then by name.
func sortedByCount(m map[string]int) []string {
	return slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b))
	})
}

func sum[N int | uint64](xs []N) N {
	var t N
	for _, x := range xs {
		t += x
	}
	return t
}
