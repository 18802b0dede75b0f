package versions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/events"
)

// History is how many revisions of each key the bucket keeps (JetStream's
// maximum): the last 64 activations.
const History = 64

var (
	// ErrNoBucket reports that the bucket does not exist: nothing was pushed
	// yet (or the subject prefix is not the deployment's).
	ErrNoBucket = errors.New("versions: no configuration bucket")
	// ErrUnknownVersion reports a version that was never pushed.
	ErrUnknownVersion = errors.New("versions: unknown version")
	// ErrContentDiffers reports a push of a version already pushed with
	// other content.
	ErrContentDiffers = errors.New("versions: version already pushed with different content")
	// ErrNoActive reports that no version was ever activated.
	ErrNoActive = errors.New("versions: no active version")
)

// Store is the bucket of configuration versions.
type Store struct {
	kv jetstream.KeyValue
}

// Bucket is the name of the bucket of a subject prefix ("" is the default
// prefix): LEADQ_CONFIG for "leadq".
func Bucket(prefix string) string {
	in := consumers.StreamsConfig{Subjects: events.Subjects{Prefix: prefix}}.Names().In
	return strings.TrimSuffix(in, "_IN") + "_CONFIG"
}

// Open returns the bucket of the subject prefix, or ErrNoBucket.
func Open(ctx context.Context, js jetstream.JetStream, prefix string) (*Store, error) {
	kv, err := js.KeyValue(ctx, Bucket(prefix))
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, fmt.Errorf("%w %s", ErrNoBucket, Bucket(prefix))
	}
	if err != nil {
		return nil, fmt.Errorf("versions: opening bucket %s: %w", Bucket(prefix), err)
	}
	return &Store{kv: kv}, nil
}

// Ensure returns the bucket of the subject prefix, creating it with
// replicas when it does not exist (an existing bucket is left as it is).
func Ensure(ctx context.Context, js jetstream.JetStream, prefix string, replicas int) (*Store, error) {
	s, err := Open(ctx, js, prefix)
	if !errors.Is(err, ErrNoBucket) {
		return s, err
	}
	if prefix == "" {
		prefix = events.DefaultPrefix
	}
	kv, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      Bucket(prefix),
		Description: "leadq configuration versions (" + prefix + ")",
		History:     History,
		Storage:     jetstream.FileStorage,
		Replicas:    max(replicas, 1),
	})
	if errors.Is(err, jetstream.ErrBucketExists) { // created meanwhile by another process
		return Open(ctx, js, prefix)
	}
	if err != nil {
		return nil, fmt.Errorf("versions: creating bucket %s: %w", Bucket(prefix), err)
	}
	return &Store{kv: kv}, nil
}

// Bucket is the store's bucket name.
func (s *Store) Bucket() string { return s.kv.Bucket() }

// Version is one pushed configuration.
type Version struct {
	// Name is the configuration's version: field.
	Name string `json:"version"`
	// Pushed is when it was pushed.
	Pushed time.Time `json:"pushed_at"`
	// YAML is the configuration exactly as pushed (nil from List).
	YAML []byte `json:"-"`
}

// Push stores yaml as version. It reports created false when the same
// version was already pushed with the same bytes (nothing changes), and
// ErrContentDiffers (with the stored version) when with other bytes.
func (s *Store) Push(ctx context.Context, version string, yaml []byte) (stored Version, created bool, err error) {
	if version == "" {
		return Version{}, false, errors.New("versions: pushing a configuration without a version")
	}
	key := VersionKey(version)
	if _, err := s.kv.Create(ctx, key, yaml); err == nil {
		stored, err = s.Get(ctx, version)
		return stored, true, err
	} else if !errors.Is(err, jetstream.ErrKeyExists) {
		return Version{}, false, fmt.Errorf("versions: pushing %q: %w", version, err)
	}
	stored, err = s.Get(ctx, version)
	if err != nil {
		return Version{}, false, err
	}
	if !bytes.Equal(stored.YAML, yaml) {
		return stored, false, &ContentError{Version: version, Pushed: stored.Pushed, Suggest: s.unused(ctx, version)}
	}
	return stored, false, nil
}

// ContentError is the refusal of a push of a version already pushed with
// other content; it matches ErrContentDiffers.
type ContentError struct {
	Version string
	Pushed  time.Time // when the version was pushed
	Suggest string    // a version not pushed yet, to set in the file instead
}

func (e *ContentError) Error() string {
	return fmt.Sprintf("versions: version %q is already pushed with different content (pushed %s); "+
		"a pushed version never changes: set a new version: in the file, for example %q",
		e.Version, e.Pushed.Format(time.RFC3339), e.Suggest)
}

// Unwrap makes the error match ErrContentDiffers.
func (e *ContentError) Unwrap() error { return ErrContentDiffers }

// unused suggests a version after version that was not pushed: its last
// number plus one ("2026-11-22.1" -> "2026-11-22.2"), or ".2" appended.
func (s *Store) unused(ctx context.Context, version string) string {
	next := version
	for range 100 {
		next = bump(next)
		if _, err := s.Get(ctx, next); errors.Is(err, ErrUnknownVersion) {
			break
		}
	}
	return next
}

// bump returns version with its trailing number plus one, or with ".2"
// appended when it does not end with a digit.
func bump(version string) string {
	i := len(version)
	for i > 0 && version[i-1] >= '0' && version[i-1] <= '9' {
		i--
	}
	if i == len(version) || len(version)-i > 9 {
		return version + ".2"
	}
	n, _ := strconv.Atoi(version[i:])
	return version[:i] + strconv.Itoa(n+1)
}

// Get returns a pushed version, or ErrUnknownVersion.
func (s *Store) Get(ctx context.Context, version string) (Version, error) {
	e, err := s.kv.Get(ctx, VersionKey(version))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Version{}, fmt.Errorf("%w %q", ErrUnknownVersion, version)
	}
	if err != nil {
		return Version{}, fmt.Errorf("versions: reading %q: %w", version, err)
	}
	return Version{Name: version, Pushed: e.Created().UTC(), YAML: e.Value()}, nil
}

// List returns every pushed version, oldest push first, without their YAML.
func (s *Store) List(ctx context.Context) ([]Version, error) {
	w, err := s.kv.Watch(ctx, versionsFilter, jetstream.MetaOnly(), jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("versions: listing: %w", err)
	}
	defer func() { _ = w.Stop() }()
	var out []Version
	for {
		var e jetstream.KeyValueEntry
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("versions: listing: %w", ctx.Err())
		case e = <-w.Updates():
		}
		if e == nil { // the initial values are all delivered
			break
		}
		name, err := DecodeVersion(e.Key())
		if err != nil {
			continue // not a key of ours
		}
		out = append(out, Version{Name: name, Pushed: e.Created().UTC()})
	}
	slices.SortStableFunc(out, func(a, b Version) int { return a.Pushed.Compare(b.Pushed) })
	return out, nil
}
