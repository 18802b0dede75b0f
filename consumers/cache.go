package consumers

import "github.com/leadq/leadq/qualify"

// accountCache keeps, per shard worker, the accounts it committed last,
// decoded, by version: the next input of a hot account whose stored version
// is still the one committed here skips decoding the state (the largest
// per-event cost after the Redis round trips). It is owned by one goroutine.
// An entry is dropped as soon as its account may differ from the stored
// version (a failed or conflicting commit, or a mutation not committed).
type accountCache struct {
	max     int
	entries map[string]cachedAccount
}

type cachedAccount struct {
	version int64
	acct    *qualify.Account
}

func newAccountCache(max int) *accountCache {
	return &accountCache{max: max, entries: make(map[string]cachedAccount, max)}
}

// get returns the account at version, if cached. The caller owns it until
// it puts it back or drops it.
func (c *accountCache) get(account string, version int64) (*qualify.Account, bool) {
	if c == nil {
		return nil, false
	}
	e, ok := c.entries[account]
	if !ok || e.version != version {
		return nil, false
	}
	return e.acct, true
}

// put records acct as the account's state at version.
func (c *accountCache) put(account string, version int64, acct *qualify.Account) {
	if c == nil || c.max <= 0 {
		return
	}
	if _, ok := c.entries[account]; !ok && len(c.entries) >= c.max {
		for k := range c.entries { // evict an arbitrary entry
			delete(c.entries, k)
			break
		}
	}
	c.entries[account] = cachedAccount{version: version, acct: acct}
}

// drop forgets an account.
func (c *accountCache) drop(account string) {
	if c != nil {
		delete(c.entries, account)
	}
}
