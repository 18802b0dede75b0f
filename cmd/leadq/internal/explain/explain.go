package explain

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/connect"
	"github.com/leadq/leadq/cmd/leadq/internal/render"
	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/consumers/store"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// options is everything `leadq explain` can be told.
type options struct {
	ConfigPath string
	Redis      connect.RedisOptions
	KeyPrefix  string
	Account    string
	At         string
	JSON       bool
	ShowEmails bool
}

// explainHelp is the --help text of the command.
const explainHelp = `Reads an account's state from Redis, evaluates it with the configuration at an instant
and prints why each lead qualifies or not: the ICP fit per attribute (matched, unmatched or
unknown, with its weight and the account's value), the disqualifiers, each lead's persona,
each readiness dimension with its signals (points and decayed points), static attributes
and usage rules against its threshold, the verdict with the first failing condition, the
routing (segment, region, queue, owner rep) and the next scheduled re-check.

With EMAIL only that lead is shown; its account is the e-mail's domain unless --account
names another (a lead whose company.domain differs from its e-mail's, or one at a
free-mail domain). With DOMAIN every lead of the account is shown.

--at evaluates at another instant (RFC 3339, a UTC date, or "now"); the default is the
account clock, the instant of the state's last event or re-check. An instant before the
clock is taken as the clock: scores never move back in time. Nothing is written.

E-mail addresses are masked (j***@acme.io) unless --show-emails; --json prints the
explanation as JSON (unmasked), with the explanation object of each lead as published in
lead.qualified and lead.unqualified events.`

// NewCommand returns `leadq explain`.
func NewCommand() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "explain EMAIL|DOMAIN",
		Short: "Explain why an account's leads qualify or not",
		Long:  explainHelp,
		Example: `  leadq explain acme.io --config leadq.yaml
  leadq explain jane.doe@acme.io --at 2026-11-12T12:00:00Z --config leadq.yaml
  leadq explain jane@gmail.com --account acme.io --at now --json --config leadq.yaml`,
		Args: cli.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runExplain(c.Context(), &o, args[0], c.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.ConfigPath, "config", "", "configuration file (YAML), the one serve runs with")
	o.Redis.Register(fs)
	fs.StringVar(&o.KeyPrefix, "key-prefix", "leadq:", "prefix of every Redis key, as given to serve")
	fs.StringVar(&o.Account, "account", "", "account domain of the lead, when it is not the e-mail's domain")
	fs.StringVar(&o.At, "at", "", `instant to evaluate at: RFC 3339, a UTC date, or "now" (default: the account clock)`)
	fs.BoolVar(&o.JSON, "json", false, "print the explanation as JSON")
	fs.BoolVar(&o.ShowEmails, "show-emails", false, "print e-mail addresses unmasked")
	cli.BindEnv(cmd)
	return cmd
}

// explainTarget is what to explain: an account, and one lead of it or all.
type explainTarget struct {
	account string
	email   string // "" for every lead
}

// target reads the EMAIL|DOMAIN argument and --account.
func (o *options) target(arg string) (explainTarget, error) {
	var t explainTarget
	domain := arg
	if strings.Contains(arg, "@") {
		email, err := events.NormalizeEmail(arg)
		if err != nil {
			return t, cli.Usagef("%q: %v", arg, err)
		}
		t.email, domain = email, email[strings.LastIndexByte(email, '@')+1:]
		if o.Account == "" && events.DefaultFreeMail().Contains(domain) {
			return t, cli.Usagef("%s is a free-mail domain: name the lead's account (its company.domain) with --account", domain)
		}
	} else if o.Account != "" {
		return t, cli.Usagef("--account goes with an e-mail argument")
	}
	if o.Account != "" {
		domain = o.Account
	}
	account, err := events.NormalizeDomain(domain)
	if err != nil {
		return t, cli.Usagef("%q: %v", domain, err)
	}
	t.account = account
	return t, nil
}

func runExplain(ctx context.Context, o *options, arg string, stdout io.Writer) error {
	if o.ConfigPath == "" {
		return cli.Usagef("explain: --config (or LEADQ_CONFIG) is required")
	}
	t, err := o.target(arg)
	if err != nil {
		return err
	}
	at, err := o.instant(time.Now())
	if err != nil {
		return err
	}
	if err := o.storeOptions().Validate(); err != nil {
		return cli.Usagef("--key-prefix: %v", err)
	}
	cfg, _, err := rules.Load(o.ConfigPath)
	if err != nil {
		return err
	}
	acct, snap, err := o.load(ctx, t)
	if err != nil {
		return err
	}
	if at.IsZero() {
		at = acct.Clock.Time()
	}
	r := buildReport(cfg, acct, snap, at, t.email)
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
		return nil
	}
	return renderReport(stdout, r, render.Emails{Show: o.ShowEmails})
}

// load reads the account (and checks the lead) from Redis.
func (o *options) load(ctx context.Context, t explainTarget) (*qualify.Account, store.Snapshot, error) {
	rdb, err := o.Redis.Connect(ctx)
	if err != nil {
		return nil, store.Snapshot{}, err
	}
	defer rdb.Close()
	st, err := store.New(rdb, o.storeOptions())
	if err != nil {
		return nil, store.Snapshot{}, err
	}
	snap, err := st.Load(ctx, t.account, "")
	if err != nil {
		return nil, snap, fmt.Errorf("loading account %s: %w", t.account, err)
	}
	if snap.Version == 0 {
		return nil, snap, fmt.Errorf("account %s not found in Redis (key prefix %q)", t.account, o.KeyPrefix)
	}
	acct, err := consumers.DecodeState(snap.State)
	if err != nil {
		return nil, snap, fmt.Errorf("decoding account %s at version %d: %w", t.account, snap.Version, err)
	}
	if _, ok := acct.Lead(t.email); t.email != "" && !ok {
		return nil, snap, fmt.Errorf("account %s has no lead %s (%d leads; explain the domain to list them)",
			t.account, render.MaskEmail(t.email), len(acct.Leads))
	}
	return acct, snap, nil
}

// storeOptions are the state store's options; explain only reads, so the
// applied TTL is irrelevant (the default).
func (o *options) storeOptions() store.Options {
	return store.Options{Prefix: o.KeyPrefix, AppliedTTL: 7 * 24 * time.Hour}
}

// instant is --at; zero when not given (the account clock).
func (o *options) instant(now time.Time) (time.Time, error) {
	if o.At == "" {
		return time.Time{}, nil
	}
	at, err := cli.ParseInstant(o.At, now)
	if err != nil {
		return time.Time{}, cli.Usagef("--at: %v", err)
	}
	return at, nil
}
