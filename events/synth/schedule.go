package synth

// event is one event to produce, scheduled or immediate. Its details that do
// not affect qualification (company blocks, trigger details, sources) are drawn
// when it is rendered.
type event struct {
	at    int64  // event time, Unix ms
	seq   uint64 // push order: ties in time keep it, so output is deterministic
	acct  uint32 // account index
	who   int32  // lead index (lead) or user index (usage)
	count int32  // usage count
	kind  uint8  // kindLead, kindTrigger or kindUsage
	sub   uint8  // form index (or noForm), trigger kind or usage event index
}

func (g *Generator) nextSeq() uint64 {
	g.seq++
	return g.seq
}

// The heap of scheduled events is a binary min-heap on (at, seq), kept by
// hand: container/heap would box every event in an interface.

func (a *event) less(b *event) bool {
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

// push schedules ev.
func (g *Generator) push(ev event) {
	ev.seq = g.nextSeq()
	g.heap = append(g.heap, ev)
	h := g.heap
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].less(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

// pop removes and returns the earliest scheduled event.
func (g *Generator) pop() event {
	h := g.heap
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	g.heap = h[:last]
	g.down(0)
	return top
}

func (g *Generator) down(i int) {
	h := g.heap
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].less(&h[l]) {
			m = r
		}
		if !h[m].less(&h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
