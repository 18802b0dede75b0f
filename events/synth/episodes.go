package synth

import "github.com/leadq/leadq/qualify"

const (
	minute = int64(60_000)
	hour   = 60 * minute
	day    = 24 * hour
)

// burstUsers: how many users of an account are active together in a burst.
var burstUsers = newTable("1=45 2=30 3=15 4=7 5=3")

// background starts a new activity at time t: a random account captures a
// lead, is the subject of a trigger or, if it uses the product, has a burst of
// usage (whose further events are scheduled).
func (g *Generator) background(t int64) event {
	r := g.r
	i := r.Uint32N(uint32(g.opts.Accounts))
	a := g.account(i)
	x := r.IntN(100)
	switch {
	case x < 50 && a.product:
		return g.usageBurst(i, a, t, 1+burstUsers.pick(r), &usageMix)
	case x < 85:
		return event{at: t, acct: i, kind: kindLead, who: pickLead(r, a), sub: pickForm(g, formMix.pick(r))}
	default:
		return event{at: t, acct: i, kind: kindTrigger, sub: uint8(triggerMix.pick(r))}
	}
}

// pickForm returns the index of a form of kind k (index in
// qualify.FormKinds), or noForm for k past the kinds ("none").
func pickForm(g *Generator, k int) uint8 {
	if k >= len(qualify.FormKinds) {
		return noForm
	}
	fs := formsByKind[k]
	return fs[g.r.IntN(len(fs))]
}

// usageBurst returns the first event of a burst of n users of account a
// within minutes of t, and schedules the others. Each user does one to three
// things.
func (g *Generator) usageBurst(i uint32, a *account, t int64, n int, mix *table) event {
	r := g.r
	n = min(n, int(a.users))
	u0 := int32(float64(a.users) * r.Float64() * r.Float64()) // early users are the active ones
	first := event{}
	for m := range n {
		at := t + r.Int64N(10*minute)
		if m == 0 {
			at = t
		}
		for k := range 1 + r.IntN(3) {
			ev := g.usageEvent(i, (u0+int32(m))%a.users, at, mix)
			if m == 0 && k == 0 {
				first = ev
			} else {
				g.push(ev)
			}
			at += 5_000 + r.Int64N(3*minute)
		}
	}
	return first
}

// usageEvent draws what user u does and how many times.
func (g *Generator) usageEvent(i uint32, u int32, at int64, mix *table) event {
	r := g.r
	k := mix.pick(r)
	count := int32(1)
	switch mix.names[k] {
	case "api.called":
		count = int32(between(r, 5, 500))
	case "dashboard.viewed", "search.performed":
		count = int32(between(r, 1, 5))
	case "report.viewed":
		count = int32(between(r, 1, 3))
	}
	return event{at: at, acct: i, kind: kindUsage, who: u, count: count, sub: uint8(k)}
}

// expandHeat schedules the episode of an account heating up: a catalyst, a
// trial sign-up, the team trying the product in two bursts, content, then a
// pricing or demo request by the primary contact, sometimes a second trigger.
func (g *Generator) expandHeat(h heat) {
	r := g.r
	i := h.acct
	a := g.account(i)
	t := max(h.at, g.lastMs)
	g.push(event{at: t, acct: i, kind: kindTrigger, sub: uint8(heatTriggerMix.pick(r))})
	trialist := int32(0)
	if a.leads > 1 {
		trialist = 1 + r.Int32N(a.leads-1)
	}
	g.push(g.heatLead(i, trialist, t+between(r, hour, 12*hour), "trial_signup"))
	for _, w := range [][2]int64{{6 * hour, 36 * hour}, {40 * hour, 90 * hour}} {
		first := g.usageBurst(i, a, t+between(r, w[0], w[1]), 3+r.IntN(4), &heatUsageMix)
		g.push(first)
	}
	if r.IntN(10) < 6 {
		g.push(g.heatLead(i, 0, t+between(r, 12*hour, 48*hour), "content_download"))
	}
	decisive := "demo_request"
	if r.IntN(10) < 4 {
		decisive = "pricing"
	}
	g.push(g.heatLead(i, 0, t+between(r, 50*hour, 110*hour), decisive))
	if r.IntN(10) < 2 {
		g.push(event{at: t + between(r, day, 6*day), acct: i, kind: kindTrigger, sub: uint8(heatTriggerMix.pick(r))})
	}
}

// heatLead is a lead.captured of lead j of account i through a form of kind.
func (g *Generator) heatLead(i uint32, j int32, at int64, kind string) event {
	return event{at: at, acct: i, kind: kindLead, who: j, sub: pickForm(g, indexOf(qualify.FormKinds, kind))}
}
