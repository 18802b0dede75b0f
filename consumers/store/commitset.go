package store

import "crypto/sha256"

// commitSet is the calls of one commit and the memory of their arguments,
// so that a commit costs one allocation (CommitBatch: one for all) rather
// than one per call, slice and boxed argument.
type commitSet struct {
	index, commit, timer call
	calls                [3]*call // the first n: in pipeline order
	n                    int
	keys                 [4]string
	account              string
	version, newVersion  int64
	next, nowMs          int64
	marker               digest
	commitArgv           [5]any
	indexArgv            [2]any
	timerArgv            [3]any
}

// list returns the calls in pipeline order.
func (cs *commitSet) list() []*call { return cs.calls[:cs.n] }

// commitCalls sets cs to the script calls of one commit. nowMs is this
// host's clock, against which commit.lua checks and sets applied-marker
// expiries (see doc.go). The arguments point into cs and into c's outbox
// entries, which must not change until the calls have run.
func (s *Store) commitCalls(cs *commitSet, account string, c Commit, nowMs int64) {
	cs.account, cs.version, cs.newVersion = account, c.Version, c.Version+1
	cs.next, cs.nowMs = unixMs(c.NextCheck), nowMs
	s.accountKeysInto(&cs.keys, account)
	value := stateValue(cs.newVersion, cs.next, c.State)
	args := cs.commitArgv[:0]
	if len(c.Outbox) > 0 {
		args = make([]any, 0, len(cs.commitArgv)+2*len(c.Outbox))
	}
	var mark any = ""
	if c.EventKey != "" {
		cs.marker = markerDigest(c.EventKey)
		mark = &cs.marker
	}
	args = append(args, &cs.version, (*rawArg)(value), mark, &cs.nowMs, &s.ttlMs)
	for i := range c.Outbox {
		args = append(args, &c.Outbox[i].ID, (*rawArg)(&c.Outbox[i].Msg))
	}
	cs.n = 0
	if len(c.Outbox) > 0 {
		// Before the commit: on one connection Redis runs them in order, so
		// a commit that ran has always been indexed.
		cs.calls[cs.n] = s.indexAdd(&cs.index, &cs.indexArgv, &cs.account, &cs.newVersion)
		cs.n++
	}
	cs.commit = call{script: s.scripts.commit, keys: cs.keys[:], args: args, buf: value}
	cs.calls[cs.n] = &cs.commit
	cs.n++
	if cs.next > 0 {
		// After the commit, so a re-check claiming the account once the
		// proposal is visible also reads the committed state.
		cs.calls[cs.n] = s.timerAdd(&cs.timer, &cs.timerArgv, &cs.account, &cs.next, &cs.newVersion)
		cs.n++
	}
}

// digest is a marker (see marker) as a command argument that is boxed
// without allocating.
type digest [8]byte

// markerDigest is marker(eventKey), eventKey not "".
func markerDigest(eventKey string) digest {
	d := sha256.Sum256([]byte(eventKey))
	return digest(d[:8])
}

// MarshalBinary returns the digest's bytes.
func (d *digest) MarshalBinary() ([]byte, error) { return d[:], nil }
