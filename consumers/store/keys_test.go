package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// crc16 is the CRC16-CCITT (XModem) of Redis Cluster key slots.
func crc16(b []byte) uint16 {
	var crc uint16
	for _, c := range b {
		crc ^= uint16(c) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// keySlot is Redis Cluster's HASH_SLOT: the hash tag when there is a
// non-empty one ({...}, first '{' to the next '}'), else the whole key.
func keySlot(key string) uint16 {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			key = key[i+1 : i+1+j]
		}
	}
	return crc16([]byte(key)) % 16384
}

func TestKeySlot(t *testing.T) {
	tests := []struct {
		key  string
		want uint16
	}{
		{"123456789", 0x31C3 % 16384}, // the XModem check value
		{"foo", 12182},                // CLUSTER KEYSLOT foo
		{"{user1000}.following", keySlot("user1000")},
		{"foo{}{bar}", keySlot("foo{}{bar}")}, // empty tag: the whole key
	}
	for _, tt := range tests {
		if got := keySlot(tt.key); got != tt.want {
			t.Errorf("keySlot(%q) = %d, want %d", tt.key, got, tt.want)
		}
	}
}

// TestKeysShareSlots runs every operation, then checks that each key in
// Redis hashes to the slot of its owner: the account, the timers or outboxes
// set, or the queue. Each script's keys are thus in one slot (Cluster safe).
func TestKeysShareSlots(t *testing.T) {
	ctx := context.Background()
	s, rdb, _ := newTestStore(t, Options{Prefix: "lq:"})
	accounts := []string{"acme.io", "b.example", "xn--bcher-kva.example"}
	for _, acct := range accounts {
		mustCommit(t, s, acct, Commit{Version: 0, EventKey: "src/1", NextCheck: t0, Outbox: entries("x", "y")})
		if err := s.Ack(ctx, acct, "x"); err != nil {
			t.Fatal(err)
		}
	}
	claim(t, s, t0, time.Minute, 1)
	mustCommit(t, s, "acme.io", Commit{Version: 1, NextCheck: t0}) // pending proposal under a claim
	turn(t, s, "sdr-smb-emea", "tr-1")

	p := s.opts.Prefix
	keys, err := rdb.Keys(ctx, p+"*").Result() // every key starts with the prefix
	if err != nil {
		t.Fatal(err)
	}
	owners := map[string]string{p + "timers": p + "timers", p + "outboxes": p + "outboxes",
		p + "rr:{sdr-smb-emea}": "sdr-smb-emea"}
	for _, a := range accounts {
		owners[p+"{"+a+"}:"] = a
	}
	for _, k := range keys {
		owner := ""
		for p, o := range owners {
			if strings.HasPrefix(k, p) {
				owner = o
			}
		}
		if owner == "" {
			t.Errorf("key %q has no known owner", k)
		} else if keySlot(k) != keySlot(owner) {
			t.Errorf("key %q in slot %d, its owner %q in %d", k, keySlot(k), owner, keySlot(owner))
		}
	}
	if len(keys) < 4*len(accounts)+8 {
		t.Fatalf("only %d keys: %v", len(keys), keys)
	}
}
