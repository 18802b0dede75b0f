package connect

import (
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/cmd/leadq/internal/logs"
)

// NATSOptions are the connection settings of NATS, shared by every command
// that talks to it. User and password may also be given in the URL.
type NATSOptions struct {
	URL      string
	User     string
	Password string
	Token    string
	NKeySeed string
	Creds    string
	CAFile   string
	CertFile string
	KeyFile  string
}

// Register adds the --nats-* flags to fs.
func (o *NATSOptions) Register(fs *pflag.FlagSet) {
	fs.StringVar(&o.URL, "nats-url", nats.DefaultURL, "NATS server URL(s), comma-separated")
	fs.StringVar(&o.User, "nats-user", "", "NATS user name")
	fs.StringVar(&o.Password, "nats-password", "", "NATS password")
	fs.StringVar(&o.Token, "nats-token", "", "NATS authentication token")
	fs.StringVar(&o.NKeySeed, "nats-nkey", "", "file holding an NKey seed to authenticate with")
	fs.StringVar(&o.Creds, "nats-creds", "", "NATS credentials file (JWT and NKey seed)")
	fs.StringVar(&o.CAFile, "nats-ca", "", "CA certificate file to verify the NATS server (enables TLS)")
	fs.StringVar(&o.CertFile, "nats-cert", "", "client certificate file for NATS mutual TLS")
	fs.StringVar(&o.KeyFile, "nats-key", "", "client key file for NATS mutual TLS")
}

// Validate reports contradictory settings before any connection is tried.
func (o *NATSOptions) Validate() error {
	if o.URL == "" {
		return errors.New("--nats-url is empty")
	}
	n := 0
	for _, s := range []string{o.User, o.Token, o.NKeySeed, o.Creds} {
		if s != "" {
			n++
		}
	}
	if n > 1 {
		return errors.New("choose one NATS authentication: --nats-user, --nats-token, --nats-nkey or --nats-creds")
	}
	if (o.CertFile == "") != (o.KeyFile == "") {
		return errors.New("--nats-cert and --nats-key go together")
	}
	return nil
}

// Connect dials NATS as the client called name, retrying in the background
// while the server is down, and logs disconnections and reconnections.
func (o *NATSOptions) Connect(name string, log zerolog.Logger) (*nats.Conn, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(500 * time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err == nil { // a deliberate Close or Drain
				return
			}
			log.Warn().Err(err).Msg("nats disconnected")
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Info().Str("server", c.ConnectedUrlRedacted()).Msg("nats reconnected")
		}),
		nats.ErrorHandler(func(_ *nats.Conn, s *nats.Subscription, err error) {
			ev := log.Warn().Err(err)
			if s != nil {
				ev = ev.Str("subject", s.Subject)
			}
			ev.Msg("nats asynchronous error")
		}),
	}
	switch {
	case o.User != "":
		opts = append(opts, nats.UserInfo(o.User, o.Password))
	case o.Token != "":
		opts = append(opts, nats.Token(o.Token))
	case o.Creds != "":
		opts = append(opts, nats.UserCredentials(o.Creds))
	case o.NKeySeed != "":
		opt, err := nats.NkeyOptionFromSeed(o.NKeySeed)
		if err != nil {
			return nil, fmt.Errorf("reading NATS nkey seed: %w", err)
		}
		opts = append(opts, opt)
	}
	if o.CAFile != "" {
		opts = append(opts, nats.RootCAs(o.CAFile))
	}
	if o.CertFile != "" {
		opts = append(opts, nats.ClientCert(o.CertFile, o.KeyFile))
	}
	nc, err := nats.Connect(o.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w", logs.RedactURL(o.URL), err)
	}
	return nc, nil
}
