package demo

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// demoOutcome is what a demo run produced: the part of its summary that the
// same flags reproduce exactly.
type demoOutcome struct {
	Events      int64                     `json:"events"`
	Qualified   int                       `json:"qualified"`
	Routed      int                       `json:"routed"`
	Unqualified int                       `json:"unqualified"`
	DeadLetters map[string]uint64         `json:"dead_letters"` // by reason
	Queues      map[string]map[string]int `json:"queues"`       // routed leads by queue and rep
	Grades      map[string]int            `json:"grades"`       // qualified leads by grade
	Segments    map[string]int            `json:"segments"`     // routed leads by segment
}

func newDemoOutcome() demoOutcome {
	return demoOutcome{DeadLetters: map[string]uint64{}, Queues: map[string]map[string]int{},
		Grades: map[string]int{}, Segments: map[string]int{}}
}

// demoWatcher reads the output stream from its start with an ordered
// consumer, tallies the outputs and shows each lead as it qualifies (once its
// routed event has told where it goes) or stops qualifying.
type demoWatcher struct {
	js     jetstream.JetStream
	stream string
	view   *demoView
	log    zerolog.Logger
	seen   atomic.Uint64 // stream sequence of the last output read

	mu      sync.Mutex
	tally   demoOutcome
	pending map[string]*events.QualifiedData // by the id of the routed event expected
	started time.Time                        // when feeding started
	first   time.Duration                    // time to the first qualified lead
	cc      jetstream.ConsumeContext
}

func newDemoWatcher(js jetstream.JetStream, stream string, view *demoView, log zerolog.Logger) *demoWatcher {
	return &demoWatcher{js: js, stream: stream, view: view, log: log,
		tally: newDemoOutcome(), pending: map[string]*events.QualifiedData{}}
}

// start starts reading; started is when feeding starts.
func (w *demoWatcher) start(ctx context.Context, started time.Time) error {
	w.started = started
	c, err := w.js.OrderedConsumer(ctx, w.stream, jetstream.OrderedConsumerConfig{})
	if err != nil {
		return fmt.Errorf("demo: reading stream %s: %w", w.stream, err)
	}
	if w.cc, err = c.Consume(w.handle); err != nil {
		return fmt.Errorf("demo: reading stream %s: %w", w.stream, err)
	}
	return nil
}

// stop stops reading and waits for the handler to return; then it shows the
// qualified leads no routed event followed (a configuration with
// `unmatched: drop`).
func (w *demoWatcher) stop() {
	if w.cc != nil {
		w.cc.Stop()
		<-w.cc.Closed()
		w.cc = nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for id, q := range w.pending {
		w.view.line(formatQualified(q, nil))
		delete(w.pending, id)
	}
}

// handle is the consumer's callback; it runs on one goroutine at a time.
func (w *demoWatcher) handle(m jetstream.Msg) {
	out, err := events.DecodeOutput(&nats.Msg{Subject: m.Subject(), Header: m.Headers(), Data: m.Data()})
	if err != nil {
		w.log.Warn().Err(err).Str("subject", m.Subject()).Msg("demo: unreadable output")
	} else {
		w.record(out)
	}
	if md, err := m.Metadata(); err == nil {
		w.seen.Store(md.Sequence.Stream)
	}
}

func (w *demoWatcher) record(out events.Output) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch d := out.Data.(type) {
	case *events.QualifiedData:
		if w.tally.Qualified++; w.tally.Qualified == 1 {
			w.first = time.Since(w.started)
		}
		w.tally.Grades[d.Grade]++
		w.pending[qualify.RoutedID(out.ID)] = d
	case *events.RoutedData:
		w.tally.Routed++
		if w.tally.Queues[d.Queue] == nil {
			w.tally.Queues[d.Queue] = map[string]int{}
		}
		w.tally.Queues[d.Queue][d.Rep]++
		w.tally.Segments[cmp.Or(d.Segment, "(none)")]++
		w.view.line(formatQualified(w.pending[out.ID], d))
		delete(w.pending, out.ID)
	case *events.UnqualifiedData:
		w.tally.Unqualified++
		w.view.line(formatUnqualified(d))
	}
}

// counts returns the running counts of qualified, routed and unqualified
// leads.
func (w *demoWatcher) counts() (qualified, routed, unqualified int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.tally.Qualified, w.tally.Routed, w.tally.Unqualified
}

// outcome returns the tallies so far and the time to the first qualified
// lead (zero: none yet).
func (w *demoWatcher) outcome() (demoOutcome, time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	o := w.tally
	o.Queues = make(map[string]map[string]int, len(w.tally.Queues))
	for q, reps := range w.tally.Queues {
		o.Queues[q] = maps.Clone(reps)
	}
	o.Grades, o.Segments = maps.Clone(w.tally.Grades), maps.Clone(w.tally.Segments)
	o.DeadLetters = map[string]uint64{}
	return o, w.first
}
