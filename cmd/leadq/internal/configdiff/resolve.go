package configdiff

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/cmd/leadq/internal/logs"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
	"github.com/leadq/leadq/qualify"
)

// side is one of the two configurations compared.
type side struct {
	cfg    *qualify.Config
	source string // "file PATH", "pushed version" or "active version"
}

// pair is what a diff compares: the active side (or --against) and the
// candidate.
type pair struct {
	active, candidate side
}

// resolve loads the candidate and the configuration it is compared with,
// connecting to NATS only when a version is named or the active one is
// needed, and returns what closes that connection.
func (o *options) resolve(ctx context.Context, candidate string, stderr io.Writer) (pair, func(), error) {
	var p pair
	var b *versions.Store
	closeNATS := func() {}
	bucket := func() (*versions.Store, error) { // opened once, on first need
		if b != nil {
			return b, nil
		}
		var err error
		b, closeNATS, err = o.openBucket(ctx, stderr)
		return b, err
	}
	var err error
	if p.candidate, err = load(ctx, candidate, bucket, stderr); err == nil {
		if o.Against != "" {
			p.active, err = load(ctx, o.Against, bucket, stderr)
		} else {
			p.active, err = loadActive(ctx, bucket)
		}
	}
	if err != nil {
		closeNATS()
		return pair{}, nil, err
	}
	return p, closeNATS, nil
}

// openBucket connects to NATS and opens the bucket of versions.
func (o *options) openBucket(ctx context.Context, stderr io.Writer) (*versions.Store, func(), error) {
	if err := o.Streams.Validate(); err != nil {
		return nil, nil, err
	}
	nc, err := o.Streams.NATS.Connect("leadq config diff", logs.Warnings(stderr))
	if err != nil {
		return nil, nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("opening JetStream: %w", err)
	}
	b, err := versions.Open(ctx, js, o.Streams.SubjectPrefix)
	if errors.Is(err, versions.ErrNoBucket) {
		err = fmt.Errorf("no configuration was pushed yet (no bucket %s): compare two files with --against FILE",
			versions.Bucket(o.Streams.SubjectPrefix))
	}
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return b, nc.Close, nil
}

// load reads a file when one exists at arg, else a pushed version.
func load(ctx context.Context, arg string, bucket func() (*versions.Store, error), stderr io.Writer) (side, error) {
	if fi, err := os.Stat(arg); err == nil && fi.Mode().IsRegular() {
		cfg, warnings, err := rules.Load(arg)
		for _, w := range warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		return side{cfg: cfg, source: "file " + arg}, err
	}
	b, err := bucket()
	if err != nil {
		return side{}, err
	}
	v, err := b.Get(ctx, arg)
	if err != nil {
		return side{}, fmt.Errorf("config diff: %q is neither a file nor a pushed version: %w", arg, err)
	}
	cfg, _, err := rules.Parse("version "+arg, v.YAML)
	return side{cfg: cfg, source: "pushed version"}, err
}

// loadActive reads the active version.
func loadActive(ctx context.Context, bucket func() (*versions.Store, error)) (side, error) {
	b, err := bucket()
	if err != nil {
		return side{}, err
	}
	a, err := b.Active(ctx)
	if errors.Is(err, versions.ErrNoActive) {
		return side{}, errors.New("config diff: no version is active yet: compare with --against FILE|VERSION")
	}
	if err != nil {
		return side{}, err
	}
	v, err := b.Get(ctx, a.Version)
	if err != nil {
		return side{}, err
	}
	cfg, _, err := rules.Parse("version "+a.Version, v.YAML)
	return side{cfg: cfg, source: "active version"}, err
}
