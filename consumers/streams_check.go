package consumers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nats-io/nats.go/jetstream"
)

// Drift is one difference between a stream's configuration on the server and
// the one leadq wants.
type Drift struct {
	// Stream is the stream's name.
	Stream string
	// Field is the configuration field, as JetStream names it in JSON
	// ("max_age", "subjects"...), or "stream" for a missing stream.
	Field string
	// Want and Got are the wanted and the actual value.
	Want, Got string
}

// String returns the drift on one line, e.g.
// "stream LEADQ_IN: max_age is 1h0m0s, want 168h0m0s".
func (d Drift) String() string {
	return fmt.Sprintf("stream %s: %s is %s, want %s", d.Stream, d.Field, d.Got, d.Want)
}

// CheckStreams compares leadq's streams on the server with cfg and returns
// every difference in the fields leadq sets (none when all is as wanted); a
// missing stream is a Drift with Field "stream". It changes nothing: run it
// to alert on, or before, EnsureStreams.
func CheckStreams(ctx context.Context, js jetstream.JetStream, cfg StreamsConfig) ([]Drift, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var drifts []Drift
	for _, want := range cfg.StreamConfigs() {
		s, err := js.Stream(ctx, want.Name)
		if errors.Is(err, jetstream.ErrStreamNotFound) {
			drifts = append(drifts, Drift{Stream: want.Name, Field: "stream", Want: "present", Got: "missing"})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("consumers: looking up stream %s: %w", want.Name, err)
		}
		drifts = append(drifts, compareStream(want, s.CachedInfo().Config)...)
	}
	return drifts, nil
}

// compareStream lists the fields leadq sets whose values differ.
func compareStream(want, got jetstream.StreamConfig) []Drift {
	fields := []struct {
		name      string
		want, got any
	}{
		{"subjects", want.Subjects, got.Subjects},
		{"retention", want.Retention, got.Retention},
		{"discard", want.Discard, got.Discard},
		{"storage", want.Storage, got.Storage},
		{"num_replicas", want.Replicas, got.Replicas},
		{"max_age", want.MaxAge, got.MaxAge},
		{"max_bytes", want.MaxBytes, got.MaxBytes},
		{"max_msgs", want.MaxMsgs, got.MaxMsgs},
		{"max_msg_size", want.MaxMsgSize, got.MaxMsgSize},
		{"duplicate_window", want.Duplicates, got.Duplicates},
	}
	var drifts []Drift
	for _, f := range fields {
		w, g := format(f.want), format(f.got)
		if w != g {
			drifts = append(drifts, Drift{Stream: want.Name, Field: f.name, Want: w, Got: g})
		}
	}
	return drifts
}

func format(v any) string {
	switch v := v.(type) {
	case []string:
		return "[" + strings.Join(slices.Sorted(slices.Values(v)), " ") + "]"
	case fmt.Stringer:
		return v.String()
	default:
		return fmt.Sprint(v)
	}
}
