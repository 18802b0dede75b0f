package versions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Activation is the value of the active key: which version runs, since
// when, who chose it, and what ran before.
type Activation struct {
	Version  string    `json:"version"`
	At       time.Time `json:"activated_at"`
	By       string    `json:"activated_by,omitempty"`
	Previous string    `json:"previous,omitempty"`
}

// maxActivateTries bounds the compare-and-set retries of Activate when
// other activations race with it.
const maxActivateTries = 10

// Active returns the active version, or ErrNoActive.
func (s *Store) Active(ctx context.Context) (Activation, error) {
	a, _, err := s.active(ctx)
	return a, err
}

// active returns the active version and its revision (0 and ErrNoActive
// when there is none).
func (s *Store) active(ctx context.Context) (Activation, uint64, error) {
	e, err := s.kv.Get(ctx, ActiveKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Activation{}, 0, ErrNoActive
	}
	if err != nil {
		return Activation{}, 0, fmt.Errorf("versions: reading the active version: %w", err)
	}
	a, err := ParseActivation(e.Value())
	return a, e.Revision(), err
}

// ParseActivation decodes the value of the active key (as a watch of it
// delivers).
func ParseActivation(value []byte) (Activation, error) {
	var a Activation
	if err := json.Unmarshal(value, &a); err != nil || a.Version == "" {
		return Activation{}, fmt.Errorf("versions: malformed active key %.80q", value)
	}
	return a, nil
}

// Activate makes a pushed version the active one, recording when and by
// whom, and returns the activation it replaced (zero when none). It
// reports changed false, and writes nothing, when version is already
// active; ErrUnknownVersion when it was never pushed. Concurrent
// activations are serialised by a compare-and-set on the active key.
func (s *Store) Activate(ctx context.Context, version, by string, at time.Time) (previous Activation, changed bool, err error) {
	if _, err := s.Get(ctx, version); err != nil {
		return Activation{}, false, err
	}
	for range maxActivateTries {
		cur, rev, err := s.active(ctx)
		if err != nil && !errors.Is(err, ErrNoActive) {
			return Activation{}, false, err
		}
		if cur.Version == version {
			return cur, false, nil
		}
		next, _ := json.Marshal(Activation{Version: version, At: at.UTC(), By: by, Previous: cur.Version})
		if rev == 0 {
			_, err = s.kv.Create(ctx, ActiveKey, next)
		} else {
			_, err = s.kv.Update(ctx, ActiveKey, next, rev)
		}
		switch {
		case err == nil:
			return cur, true, nil
		case !errors.Is(err, jetstream.ErrKeyExists) && !errors.Is(err, jetstream.ErrKeyRevisionMismatch):
			return Activation{}, false, fmt.Errorf("versions: activating %q: %w", version, err)
		}
	}
	return Activation{}, false, fmt.Errorf("versions: activating %q: the active version kept changing", version)
}

// Activations returns the recorded activations in the order they were
// made (the last History of them).
func (s *Store) Activations(ctx context.Context) ([]Activation, error) {
	entries, err := s.kv.History(ctx, ActiveKey)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("versions: reading the activations: %w", err)
	}
	out := make([]Activation, 0, len(entries))
	for _, e := range entries {
		if e.Operation() != jetstream.KeyValuePut {
			continue
		}
		if a, err := ParseActivation(e.Value()); err == nil {
			out = append(out, a)
		}
	}
	return out, nil
}

// WatchActive watches the active key: the watcher delivers its current
// value (when there is one), a nil entry, then every change.
func (s *Store) WatchActive(ctx context.Context) (jetstream.KeyWatcher, error) {
	w, err := s.kv.Watch(ctx, ActiveKey, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("versions: watching the active version: %w", err)
	}
	return w, nil
}
