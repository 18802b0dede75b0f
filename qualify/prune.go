package qualify

import (
	"slices"
	"strings"
)

// expiry is the instant a signal of rule r stops counting and is pruned.
func expiry(r *SignalRule, t UnixNano) UnixNano {
	return t + signalHalfLives*UnixNano(r.HalfLife)
}

// addSignal records the signal of rule ri made by the event of st, unless
// it is already known or already expired.
func (a *Account) addSignal(cfg *Config, ri int32, st Stamp) bool {
	r := &cfg.Readiness.Signals[ri]
	if expiry(r, st.T) <= a.Clock {
		return false
	}
	i, found := slices.BinarySearchFunc(a.Signals, st, func(s Signal, t Stamp) int { return s.At.Compare(t) })
	if found {
		return false
	}
	a.Signals = slices.Insert(a.Signals, i, Signal{Kind: r.Kind, At: st})
	if n := len(a.Signals) - MaxSignals; n > 0 {
		a.Signals = a.Signals[n:] // no copy: append reallocates when needed
	}
	return true
}

// addUsage records the user's activity and, for event names counted by a
// usage rule, the observation itself (keyed by its event, so counting is
// idempotent).
func (a *Account) addUsage(cfg *Config, ev *Event, st Stamp) bool {
	if cfg.maxWindow == 0 || st.T <= a.Clock-cfg.maxWindow {
		return false
	}
	ch := a.seeUser(ev.User, st.T)
	if _, ok := cfg.usageEvents[ev.UsageEvent]; !ok {
		return ch
	}
	i, found := slices.BinarySearchFunc(a.Usage, st, func(o UsageObs, t Stamp) int { return o.At.Compare(t) })
	if found {
		return ch
	}
	a.Usage = slices.Insert(a.Usage, i, UsageObs{Event: ev.UsageEvent, Count: max(ev.Count, 1), At: st})
	if n := len(a.Usage) - MaxObservations; n > 0 {
		a.Usage = a.Usage[n:]
	}
	return true
}

// seeUser keeps the latest activity time of user.
func (a *Account) seeUser(user string, t UnixNano) bool {
	i, found := slices.BinarySearchFunc(a.Users, user, func(u UserSeen, s string) int { return strings.Compare(u.User, s) })
	if found {
		if a.Users[i].Last >= t {
			return false
		}
		a.Users[i].Last = t
		return true
	}
	a.Users = slices.Insert(a.Users, i, UserSeen{User: user, Last: t})
	for len(a.Users) > MaxUsers {
		a.evictOldestUser()
	}
	return true
}

// evictOldestUser drops the user with the smallest (Last, User).
func (a *Account) evictOldestUser() {
	oldest := 0
	for i, u := range a.Users {
		o := a.Users[oldest]
		if u.Last < o.Last || (u.Last == o.Last && u.User < o.User) {
			oldest = i
		}
	}
	a.Users = slices.Delete(a.Users, oldest, oldest+1)
}

// prune drops what the clock has left behind: signals at 10 half-lives or
// more (and signals no rule scores), users and observations outside every
// usage window.
func (a *Account) prune(cfg *Config) {
	cut := a.Clock - signalHalfLives*cfg.minHalfLife
	n := 0
	for n < len(a.Signals) && a.Signals[n].At.T <= cut {
		n++
	}
	if n > 0 { // only this prefix can hold expired signals
		a.pruneSignals(cfg, n)
	}
	wcut := a.Clock - cfg.maxWindow
	a.Users = slices.DeleteFunc(a.Users, func(u UserSeen) bool { return u.Last <= wcut })
	n = 0
	for n < len(a.Usage) && a.Usage[n].At.T <= wcut {
		n++
	}
	a.Usage = a.Usage[n:]
	a.compact()
}

// pruneSignals drops the expired signals among the first n.
func (a *Account) pruneSignals(cfg *Config, n int) {
	expired := func(s Signal) bool {
		ri, ok := cfg.ruleIndex(s.Kind)
		return !ok || expiry(&cfg.Readiness.Signals[ri], s.At.T) <= a.Clock
	}
	k := 0 // commonly the expired signals are simply the oldest ones
	for k < n && expired(a.Signals[k]) {
		k++
	}
	a.Signals = a.Signals[k:]
	if n -= k; n > 0 {
		kept := slices.DeleteFunc(a.Signals[:n], expired)
		a.Signals = append(kept, a.Signals[n:]...)
	}
}

// compact turns empty slices into nil, so equal states encode equally.
func (a *Account) compact() {
	if len(a.Signals) == 0 {
		a.Signals = nil
	}
	if len(a.Users) == 0 {
		a.Users = nil
	}
	if len(a.Usage) == 0 {
		a.Usage = nil
	}
}
