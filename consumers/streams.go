package consumers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/events"
)

// Defaults of StreamsConfig, applied by [StreamsConfig.WithDefaults].
const (
	DefaultStreamReplicas = 1

	DefaultInMaxAge      = 7 * 24 * time.Hour
	DefaultInMaxBytes    = 1 << 30 // 1 GiB
	DefaultInDuplicates  = 2 * time.Minute
	DefaultOutMaxAge     = 7 * 24 * time.Hour
	DefaultOutMaxBytes   = 1 << 30
	DefaultOutDuplicates = 10 * time.Minute
	DefaultDLQMaxAge     = 30 * 24 * time.Hour
	DefaultDLQMaxBytes   = 256 << 20 // 256 MiB
	DefaultDLQDuplicates = 2 * time.Minute
)

// ErrStreamConflict reports a stream of leadq's name that holds other
// subjects: another deployment's, or one made by hand. EnsureStreams does not
// take it over.
var ErrStreamConflict = errors.New("consumers: stream exists with other subjects")

// StreamsConfig describes the three JetStream streams leadq uses: input
// events (LEADQ_IN, <prefix>.in.>), outputs (LEADQ_OUT, <prefix>.out.>) and
// dead letters (LEADQ_DLQ, <prefix>.dlq.>). All are file-backed with limits
// retention. The zero value is the default configuration.
//
// Stream names follow the subject prefix, upper-cased with dots as
// underscores: prefix "leadq" gives LEADQ_IN, prefix "acme.leads" gives
// ACME_LEADS_IN. So deployments with different prefixes can share a NATS
// account without touching each other's streams.
type StreamsConfig struct {
	// Subjects holds the subject prefix; its tokens may use letters, digits,
	// '-' and '_'.
	Subjects events.Subjects
	// Replicas of each stream (1 to 5; 3 in a cluster); 0 means 1.
	Replicas int
	// In, Out and DLQ bound each stream; zero fields take the defaults.
	In, Out, DLQ StreamLimits
}

// StreamLimits bounds one stream. A zero field takes its default; a negative
// MaxAge or MaxBytes means unlimited.
type StreamLimits struct {
	// MaxAge is how long a message is kept.
	MaxAge time.Duration
	// MaxBytes caps the stream's size. When it is full the input stream
	// refuses new messages (publishers get an error and retry, nothing
	// accepted is dropped unprocessed); the output and dead-letter streams
	// drop their oldest messages.
	MaxBytes int64
	// Duplicates is the window in which JetStream drops a message whose
	// Nats-Msg-Id it has seen. On the output stream it must cover the time a
	// crashed processor takes to come back and re-publish its outbox.
	Duplicates time.Duration
}

// StreamNames are the names of leadq's streams.
type StreamNames struct {
	In, Out, DLQ string
}

// Names returns the stream names for c's subject prefix.
func (c StreamsConfig) Names() StreamNames {
	prefix := c.Subjects.Prefix
	if prefix == "" {
		prefix = events.DefaultPrefix
	}
	base := strings.ToUpper(strings.ReplaceAll(prefix, ".", "_"))
	return StreamNames{In: base + "_IN", Out: base + "_OUT", DLQ: base + "_DLQ"}
}

// WithDefaults returns c with every zero field set to its default.
func (c StreamsConfig) WithDefaults() StreamsConfig {
	if c.Replicas == 0 {
		c.Replicas = DefaultStreamReplicas
	}
	c.In = c.In.withDefaults(DefaultInMaxAge, DefaultInMaxBytes, DefaultInDuplicates)
	c.Out = c.Out.withDefaults(DefaultOutMaxAge, DefaultOutMaxBytes, DefaultOutDuplicates)
	c.DLQ = c.DLQ.withDefaults(DefaultDLQMaxAge, DefaultDLQMaxBytes, DefaultDLQDuplicates)
	return c
}

func (l StreamLimits) withDefaults(age time.Duration, size int64, dup time.Duration) StreamLimits {
	if l.MaxAge == 0 {
		l.MaxAge = age
	}
	if l.MaxBytes == 0 {
		l.MaxBytes = size
	}
	if l.Duplicates == 0 {
		l.Duplicates = dup
	}
	return l
}

// Validate reports the first invalid field of c (after defaults).
func (c StreamsConfig) Validate() error {
	c = c.WithDefaults()
	if err := validPrefix(c.Subjects.Prefix); err != nil {
		return err
	}
	if c.Replicas < 1 || c.Replicas > 5 {
		return fmt.Errorf("consumers: stream replicas %d: want 1 to 5", c.Replicas)
	}
	for _, s := range []struct {
		name string
		l    StreamLimits
	}{{"in", c.In}, {"out", c.Out}, {"dlq", c.DLQ}} {
		if s.l.Duplicates < 0 {
			return fmt.Errorf("consumers: %s stream: negative duplicates window %s", s.name, s.l.Duplicates)
		}
		if s.l.MaxAge > 0 && s.l.Duplicates > s.l.MaxAge {
			return fmt.Errorf("consumers: %s stream: duplicates window %s exceeds max age %s", s.name, s.l.Duplicates, s.l.MaxAge)
		}
	}
	return nil
}

func validPrefix(prefix string) error {
	if prefix == "" {
		return nil // events.DefaultPrefix
	}
	for _, tok := range strings.Split(prefix, ".") {
		if tok == "" || strings.IndexFunc(tok, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
		}) >= 0 {
			return fmt.Errorf("consumers: subject prefix %q: tokens may use only letters, digits, '-' and '_'", prefix)
		}
	}
	return nil
}

// StreamConfigs returns the JetStream configurations of the three streams,
// input first.
func (c StreamsConfig) StreamConfigs() []jetstream.StreamConfig {
	c = c.WithDefaults()
	names := c.Names()
	prefix := c.Subjects.Prefix
	if prefix == "" {
		prefix = events.DefaultPrefix
	}
	return []jetstream.StreamConfig{
		c.stream(names.In, c.Subjects.In(), c.In, jetstream.DiscardNew, "leadq input events ("+prefix+")"),
		c.stream(names.Out, c.Subjects.Out(), c.Out, jetstream.DiscardOld, "leadq qualified, routed and unqualified leads ("+prefix+")"),
		c.stream(names.DLQ, c.Subjects.DLQAll(), c.DLQ, jetstream.DiscardOld, "leadq dead letters ("+prefix+")"),
	}
}

func (c StreamsConfig) stream(name, subject string, l StreamLimits, discard jetstream.DiscardPolicy, desc string) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:        name,
		Description: desc,
		Subjects:    []string{subject},
		Retention:   jetstream.LimitsPolicy,
		Discard:     discard,
		Storage:     jetstream.FileStorage,
		Replicas:    c.Replicas,
		MaxAge:      max(l.MaxAge, 0),
		MaxBytes:    unlimited(l.MaxBytes),
		Duplicates:  l.Duplicates,
		MaxMsgs:     -1,
		MaxMsgSize:  -1, // too_large inputs must reach the dead-letter stream
	}
}

func unlimited(n int64) int64 {
	if n < 0 {
		return -1
	}
	return n
}

// EnsureStreams creates leadq's streams or updates them to cfg; run it on
// every start. It refuses (ErrStreamConflict) to change the subjects of an
// existing stream, and returns JetStream's error for a change JetStream does
// not allow in place, such as the storage type.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, cfg StreamsConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	for _, want := range cfg.StreamConfigs() {
		s, err := js.Stream(ctx, want.Name)
		switch {
		case errors.Is(err, jetstream.ErrStreamNotFound):
		case err != nil:
			return fmt.Errorf("consumers: looking up stream %s: %w", want.Name, err)
		case !slices.Equal(s.CachedInfo().Config.Subjects, want.Subjects):
			return fmt.Errorf("%w: %s has %v, leadq wants %v", ErrStreamConflict, want.Name, s.CachedInfo().Config.Subjects, want.Subjects)
		}
		if _, err := js.CreateOrUpdateStream(ctx, want); err != nil {
			return fmt.Errorf("consumers: creating or updating stream %s: %w", want.Name, err)
		}
	}
	return nil
}
