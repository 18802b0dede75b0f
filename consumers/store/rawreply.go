package store

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// bulkReply reads a raw RESP bulk-string reply (LoadBatch's GET): its bytes,
// in the reply's own buffer, nil for a missing key, or the error replied.
func bulkReply(reply []byte) ([]byte, error) {
	head, body, ok := bytes.Cut(reply, []byte("\r\n"))
	if !ok || len(head) == 0 {
		return nil, fmt.Errorf("store: malformed reply %.40q", reply)
	}
	switch head[0] {
	case '_': // RESP3 null
		return nil, nil
	case '-':
		return nil, errors.New(string(head[1:]))
	case '$':
		n, err := strconv.Atoi(string(head[1:]))
		switch {
		case err == nil && n == -1: // RESP2 null
			return nil, nil
		case err != nil || n < 0 || len(body) != n+2:
			return nil, fmt.Errorf("store: malformed reply %.40q", reply)
		}
		return body[:n:n], nil
	}
	return nil, fmt.Errorf("store: unexpected reply %.40q", reply)
}

// parseStateBytes is parseState of a state string in raw, whose memory the
// snapshot's State then shares (no copy).
func parseStateBytes(raw []byte) (Snapshot, error) {
	if len(raw) == 0 {
		return Snapshot{}, nil
	}
	v, rest, ok1 := bytes.Cut(raw, []byte(":"))
	n, state, ok2 := bytes.Cut(rest, []byte(":"))
	version, err1 := strconv.ParseInt(string(v), 10, 64)
	next, err2 := strconv.ParseInt(string(n), 10, 64)
	if !ok1 || !ok2 || err1 != nil || err2 != nil {
		return Snapshot{}, fmt.Errorf("store: malformed state header %.40q", raw)
	}
	return Snapshot{Version: version, State: state[:len(state):len(state)], NextCheck: fromMs(next)}, nil
}
