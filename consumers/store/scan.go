package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// DefaultScanCount is the number of keys a SCAN call examines when Scan or
// ScanPage is given a count of 0 or less.
const DefaultScanCount = 1000

// ScanCursor is where a scan of the accounts stands: the Redis node it reads
// (the address of a cluster primary; "" on a single Redis) and the SCAN
// cursor on that node. The zero value starts a scan. A cursor can be kept
// (it is JSON-serialisable) and given to ScanPage later, by another process,
// to resume: Redis's SCAN returns every key that exists for the whole scan
// at least once, and may return a key twice.
type ScanCursor struct {
	Node   string `json:"node,omitempty"`
	Cursor uint64 `json:"cursor"`
}

// ScanPage is one page of a scan of the accounts.
type ScanPage struct {
	// Accounts holds the accounts found, with Account, Version, State and
	// NextCheck set (no outbox: read it with Load). An account deleted
	// between the SCAN and the read is left out.
	Accounts []Snapshot
	// Next is where the next page starts; meaningless once Done.
	Next ScanCursor
	// Done reports that the scan has covered every node.
	Done bool
	// Progress is an estimate of the share of the keyspace covered, from 0
	// to 1, read from the SCAN cursor (Redis walks its hash table in
	// reverse-binary bucket order, so the reversed cursor is the share of
	// buckets visited). For a progress bar, not for counting.
	Progress float64
}

// Scan calls fn with every account in the store, a page at a time (count
// keys examined per SCAN call; DefaultScanCount when 0 or less), until the
// scan is done, fn fails or ctx ends. Each page costs two round trips: a
// SCAN (MATCH P{*}:s) and one pipeline of GETs. On a Redis Cluster every
// primary is scanned, one after the other. fn is called from one goroutine
// at a time and owns the slice; an account may be passed twice when the
// keyspace changes during the scan (see ScanCursor), so fn must be
// idempotent per account.
func (s *Store) Scan(ctx context.Context, count int, fn func([]Snapshot) error) error {
	var at ScanCursor
	for {
		page, err := s.ScanPage(ctx, at, count)
		if err != nil {
			return err
		}
		if len(page.Accounts) > 0 {
			if err := fn(page.Accounts); err != nil {
				return err
			}
		}
		if page.Done {
			return nil
		}
		at = page.Next
	}
}

// ScanPage reads one page of accounts from cursor from: one SCAN call on
// its node (count keys examined; DefaultScanCount when 0 or less) and the
// state of the account keys it returned, in one pipeline. A page may be
// empty without the scan being done.
func (s *Store) ScanPage(ctx context.Context, from ScanCursor, count int) (ScanPage, error) {
	if count <= 0 {
		count = DefaultScanCount
	}
	nodes, err := s.scanNodes(ctx)
	if err != nil {
		return ScanPage{}, err
	}
	i := slices.IndexFunc(nodes, func(n scanNode) bool { return n.addr == from.Node })
	if i < 0 && from.Node == "" && from.Cursor == 0 {
		i = 0
	}
	if i < 0 {
		return ScanPage{}, fmt.Errorf("store: scanning accounts: node %q is no longer a primary: start the scan again", from.Node)
	}
	keys, next, err := nodes[i].c.Scan(ctx, from.Cursor, s.accountPattern(), int64(count)).Result()
	if err != nil {
		return ScanPage{}, fmt.Errorf("store: scanning accounts on %s: %w", nodeName(nodes[i].addr), err)
	}
	page := ScanPage{Next: ScanCursor{Node: nodes[i].addr, Cursor: next}}
	page.Progress = (float64(i) + visited(next)) / float64(len(nodes))
	if next == 0 {
		page.Progress = float64(i+1) / float64(len(nodes))
		if i+1 < len(nodes) {
			page.Next = ScanCursor{Node: nodes[i+1].addr}
		} else {
			page.Next, page.Done = ScanCursor{}, true
		}
	}
	page.Accounts, err = s.readScanned(ctx, keys)
	return page, err
}

// readScanned reads the state of the account keys found by a SCAN, in one
// pipeline, without copying the state bytes out of the replies.
func (s *Store) readScanned(ctx context.Context, keys []string) ([]Snapshot, error) {
	type read struct {
		account string
		cmd     *redis.RawCmd
	}
	reads := make([]read, 0, len(keys))
	pipe := s.rdb.Pipeline()
	for _, k := range keys {
		if account, ok := s.accountOfStateKey(k); ok {
			r := read{account: account, cmd: redis.NewRawCmd(ctx, "get", k)}
			_ = pipe.Process(ctx, r.cmd)
			reads = append(reads, r)
		}
	}
	if len(reads) == 0 {
		return nil, nil
	}
	_, _ = pipe.Exec(ctx) // errors are in each command
	out := make([]Snapshot, 0, len(reads))
	for _, r := range reads {
		reply, err := r.cmd.Result()
		if err != nil {
			return nil, fmt.Errorf("store: reading account %s: %w", r.account, err)
		}
		raw, err := bulkReply(reply)
		if err != nil {
			return nil, fmt.Errorf("store: reading account %s: %w", r.account, err)
		}
		if raw == nil {
			continue // deleted since the SCAN
		}
		snap, err := parseStateBytes(raw)
		if err != nil {
			return nil, fmt.Errorf("store: reading account %s: %w", r.account, err)
		}
		snap.Account = r.account
		out = append(out, snap)
	}
	return out, nil
}

// accountPattern is the SCAN MATCH pattern of the accounts' state keys,
// P{*}:s, with the prefix's glob characters escaped.
func (s *Store) accountPattern() string {
	var b strings.Builder
	for _, r := range s.opts.Prefix {
		if strings.ContainsRune(`*?[]\^-`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteString("{*}:s")
	return b.String()
}

// accountOfStateKey returns the account of a state key P{A}:s.
func (s *Store) accountOfStateKey(key string) (string, bool) {
	rest, ok := strings.CutPrefix(key, s.opts.Prefix+"{")
	if !ok {
		return "", false
	}
	account, ok := strings.CutSuffix(rest, "}:s")
	if !ok || checkName("account", account) != nil {
		return "", false
	}
	return account, true
}

// scanNode is a node whose keys a scan walks.
type scanNode struct {
	addr string // "" for a single Redis
	c    redis.Cmdable
}

// scanNodes returns the nodes to scan: the client itself, or every primary
// of a cluster in address order.
func (s *Store) scanNodes(ctx context.Context) ([]scanNode, error) {
	cc, ok := s.rdb.(*redis.ClusterClient)
	if !ok {
		return []scanNode{{c: s.rdb}}, nil
	}
	var mu sync.Mutex
	var nodes []scanNode
	err := cc.ForEachMaster(ctx, func(_ context.Context, c *redis.Client) error {
		mu.Lock()
		defer mu.Unlock()
		nodes = append(nodes, scanNode{addr: c.Options().Addr, c: c})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: listing the cluster's primaries: %w", err)
	}
	if len(nodes) == 0 {
		return nil, errors.New("store: the cluster has no primary")
	}
	slices.SortFunc(nodes, func(a, b scanNode) int { return strings.Compare(a.addr, b.addr) })
	return nodes, nil
}

// visited estimates the share of a node's hash table that a SCAN has
// covered when it returns cursor: the cursor's bits reversed, over 2^64.
func visited(cursor uint64) float64 {
	return float64(bits.Reverse64(cursor)) / math.Exp2(64)
}

func nodeName(addr string) string {
	if addr == "" {
		return "redis"
	}
	return addr
}
