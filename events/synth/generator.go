package synth

import (
	"cmp"
	"iter"
	"math/bits"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/leadq/leadq/events"
)

// Salts separate the random streams and hashes derived from one seed.
const (
	saltStream  = 0x5eed_0001
	saltDecor   = 0x5eed_0002
	saltAccount = 0x5eed_0003
	saltLead    = 0x5eed_0004
	saltID      = 0x5eed_0005
	saltBadID   = 0x5eed_0006
	saltPreID   = 0x5eed_0007
	saltHot     = 0x5eed_0008
	saltHeatAt  = 0x5eed_0009
	saltProduct = 0x5eed_000a
)

// productShare is the share of (not hot) accounts using the product.
const productShare = 0.4

// maxCache bounds the account cache: markets up to this size are cached whole,
// larger ones through a direct-mapped cache (accounts are re-derived on a miss).
const maxCache = 1 << 15

// Generator produces a deterministic synthetic market and its event stream. It
// is not safe for concurrent use.
type Generator struct {
	opts             Options
	key              uint64     // hash of the seed
	r                *rand.Rand // the stream: who acts, how, with what details
	dr               *rand.Rand // decorations: bad items, binary mode, jitter
	apcg, lpcg       rand.PCG   // reseeded to derive an account or a lead
	ar, lr           *rand.Rand
	cache            []account
	cacheMask        uint32
	heap             []event // scheduled events, by (at, seq)
	heats            []heat  // heat-ups of hot accounts, by time
	seq              uint64
	startMs, spanMs  int64
	returned         int    // items returned by Next
	good, bad        uint64 // good and bad items produced
	lastMs           int64  // event time of the last good item, before jitter
	held             Item   // a good item waiting behind a bad one
	holding          bool
	buf              []byte
	subjects         [3]string
	day              int64
	dayText, scratch []byte
}

// New returns a generator for opts. It panics if opts.Validate reports an
// error: check options from users with Validate first.
func New(opts Options) *Generator {
	if err := opts.Validate(); err != nil {
		panic(err)
	}
	o := opts.withDefaults()
	key := mix64(uint64(o.Seed))
	g := &Generator{
		opts:    o,
		key:     key,
		r:       rand.New(rand.NewPCG(key, saltStream)),
		dr:      rand.New(rand.NewPCG(key, saltDecor)),
		startMs: o.Start.UnixMilli(),
		spanMs:  o.Span.Milliseconds(),
		lastMs:  o.Start.UnixMilli(),
		day:     -1,
		buf:     make([]byte, 0, 2048),
	}
	g.ar, g.lr = rand.New(&g.apcg), rand.New(&g.lpcg)
	size := 1 << bits.Len32(uint32(min(o.Accounts, maxCache)-1))
	g.cache, g.cacheMask = make([]account, size), uint32(size-1)
	subj := events.Subjects{Prefix: o.Prefix}
	g.subjects = [...]string{subj.Lead(), subj.Trigger(), subj.Usage()}
	for i := range uint32(o.Accounts) {
		if hot, at := g.heat(i); hot {
			g.heats = append(g.heats, heat{at: at, acct: i})
		}
	}
	slices.SortFunc(g.heats, func(a, b heat) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.acct, b.acct))
	})
	return g
}

// heat is when a hot account heats up. Heat-ups are known from the start and
// kept sorted apart from the heap, which so stays small.
type heat struct {
	at   int64
	acct uint32
}

// Options returns the generator's options with defaults applied.
func (g *Generator) Options() Options { return g.opts }

// Next returns the next item, or false once Options.Events items were
// returned.
func (g *Generator) Next() (Item, bool) {
	if g.returned >= g.opts.Events {
		return Item{}, false
	}
	g.returned++
	if g.holding {
		g.holding = false
		return g.finish(g.held), true
	}
	it := g.nextGood()
	if g.opts.BadShare > 0 && g.dr.Float64() < g.opts.BadShare {
		g.held, g.holding = it, true
		return g.spoil(it), true
	}
	return g.finish(it), true
}

// All returns the remaining items as an iterator.
func (g *Generator) All() iter.Seq[Item] {
	return func(yield func(Item) bool) {
		for {
			it, ok := g.Next()
			if !ok || !yield(it) {
				return
			}
		}
	}
}

// nextGood produces the next valid event: a scheduled one when it is due by
// the clock of this item, else a new background activity.
func (g *Generator) nextGood() Item {
	t := g.clock(g.good)
	g.good++
	for {
		if len(g.heats) > 0 && g.heats[0].at <= t && (len(g.heap) == 0 || g.heats[0].at <= g.heap[0].at) {
			g.expandHeat(g.heats[0])
			g.heats = g.heats[1:]
			continue
		}
		if len(g.heap) == 0 || g.heap[0].at > t {
			break
		}
		ev := g.pop()
		return g.render(&ev)
	}
	ev := g.background(t)
	return g.render(&ev)
}

// clock returns the event time (Unix ms) of the n-th good item: the span is
// cut into Options.Events equal slots, and the item falls at random in its own.
func (g *Generator) clock(n uint64) int64 {
	e := uint64(g.opts.Events)
	span := uint64(g.spanMs)
	hi, lo := bits.Mul64(span, n)
	off, _ := bits.Div64(hi%e, lo, e)
	t := g.startMs + int64(off)
	if w := int64(span / e); w > 1 {
		t += g.r.Int64N(w)
	}
	return min(t, g.startMs+g.spanMs)
}

// account returns account i, derived on a cache miss.
func (g *Generator) account(i uint32) *account {
	a := &g.cache[i&g.cacheMask]
	if a.tag != i+1 {
		g.apcg.Seed(g.key^saltAccount, uint64(i))
		g.derive(a, i, g.ar)
	}
	return a
}

// heat tells whether account i heats up, and when (Unix ms): early enough in
// the span for its episode to play out.
func (g *Generator) heat(i uint32) (bool, int64) {
	if g.unit(i, saltHot) >= g.opts.HotShare {
		return false, 0
	}
	return true, g.startMs + int64(g.unit(i, saltHeatAt)*0.85*float64(g.spanMs))
}

// unit hashes account i with a salt to a number in [0, 1).
func (g *Generator) unit(i uint32, salt uint64) float64 {
	return float64(mix64(g.key^salt^mix64(uint64(i)))>>11) / (1 << 53)
}

// Accounts returns the number of accounts of the market.
func (g *Generator) Accounts() int { return g.opts.Accounts }

// Account describes account i (0 ≤ i < Accounts()) as enrichment knows it:
// zero values are unknown fields.
func (g *Generator) Account(i int) Account {
	if i < 0 || i >= g.opts.Accounts {
		panic("synth: account index " + itoa(int64(i)) + " out of range")
	}
	a := g.account(uint32(i))
	out := Account{Domain: a.domain, Name: a.name, Leads: int(a.leads), Hot: a.hot}
	if a.product {
		out.Users = int(a.users)
	}
	if a.hot {
		out.HeatAt = time.UnixMilli(a.heatAt).UTC()
	}
	k := a.known
	out.Industry = pick(k&fIndustry != 0, a.industry)
	out.Country = pick(k&fCountry != 0, a.country)
	out.GrowthStage = pick(k&fStage != 0, a.stage)
	out.BusinessModel = pick(k&fModel != 0, a.model)
	out.Employees = pick(k&fEmployees != 0, a.employees)
	out.AnnualRevenue = pick(k&fRevenue != 0, a.revenue)
	if k&fTech != 0 {
		for t := range tools {
			if a.tech&(1<<t) != 0 {
				out.TechStack = append(out.TechStack, tools[t].name)
			}
		}
	}
	return out
}

func pick[T any](ok bool, v T) T {
	if ok {
		return v
	}
	var zero T
	return zero
}

// Account is a company of the synthetic market, with the firmographics that
// its events carry (zero values are unknown to enrichment).
type Account struct {
	Domain, Name, Industry   string
	Employees, AnnualRevenue int64
	Country, GrowthStage     string
	BusinessModel            string
	TechStack                []string
	Leads                    int       // people at the account
	Users                    int       // product users (0: does not use the product)
	Hot                      bool      // heats up once: a burst of intent signals
	HeatAt                   time.Time // when it heats up, if Hot
}

// mix64 is the SplitMix64 finalizer: a bijection of uint64 that spreads bits.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
