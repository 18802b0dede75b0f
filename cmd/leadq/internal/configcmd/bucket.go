package configcmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
)

// bucketOptions are the settings of the commands that work with the
// configuration versions in JetStream (push, activate, list, show,
// status): the NATS connection and subject prefix of serve, and --json.
type bucketOptions struct {
	Streams connect.StreamOptions
	JSON    bool
}

// register adds the --nats-* flags, --subject-prefix and --json to cmd.
func (o *bucketOptions) register(cmd *cobra.Command) {
	o.Streams.Register(cmd.Flags())
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the result as JSON")
}

// bucket is an open bucket of versions and what closes it.
type bucket struct {
	*versions.Store
	close func()
}

// open connects to NATS and opens the bucket of versions, creating it with
// replicas when replicas > 0 and it does not exist. The context it returns
// ends on SIGINT or SIGTERM. The caller closes the bucket.
func (o *bucketOptions) open(ctx context.Context, client string, replicas int, stderr io.Writer) (context.Context, *bucket, error) {
	ctx, sess, err := o.Streams.Open(ctx, client, "", stderr)
	if err != nil {
		return nil, nil, err
	}
	var s *versions.Store
	if replicas > 0 {
		s, err = versions.Ensure(ctx, sess.JS, o.Streams.SubjectPrefix, replicas)
	} else {
		s, err = versions.Open(ctx, sess.JS, o.Streams.SubjectPrefix)
	}
	if errors.Is(err, versions.ErrNoBucket) {
		err = fmt.Errorf("no configuration was pushed yet (no bucket %s; `leadq config push FILE` creates it, or check --subject-prefix)",
			versions.Bucket(o.Streams.SubjectPrefix))
	}
	if err != nil {
		sess.Close()
		return nil, nil, err
	}
	return ctx, &bucket{Store: s, close: sess.Close}, nil
}

// operator names who runs the command, for the record of activations:
// user@host.
func operator() string {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		name += "@" + h
	}
	return name
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}
