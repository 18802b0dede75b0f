package jsonbench

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/schemas"
)

// Decoded is what a library decoder produced: the event and its account, as
// events.Decode would make them.
type Decoded struct {
	Event   *events.Event
	Account string
}

// Options are the decoding options with events.Decode's defaults applied.
type Options struct {
	Now       time.Time
	MaxFuture time.Duration
	FreeMail  events.FreeMail
}

// NewOptions applies events.Decode's defaults to o.
func NewOptions(o events.DecodeOptions) Options {
	opts := Options{Now: o.Now, MaxFuture: o.MaxFuture, FreeMail: o.FreeMail}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.MaxFuture <= 0 {
		opts.MaxFuture = events.DefaultMaxFuture
	}
	if opts.FreeMail == nil {
		opts.FreeMail = events.DefaultFreeMail()
	}
	return opts
}

// Decode is the library in place of the typed decoder of events.Decode: valid UTF-8,
// the envelope or the headers, the typed data, the schema rules of the common
// case on the structs, normalisation and the account. ok is false where
// events.Decode would take its generic path (including every rejection).
func (c Codec) Decode(msg *nats.Msg, opts Options) (d Decoded, ok bool) {
	if !utf8.Valid(msg.Data) {
		return d, false
	}
	a, data, ok := c.attrs(msg)
	if !ok {
		return d, false
	}
	x, ok := a.context(msg.Header, opts.Now, opts.MaxFuture)
	if !ok {
		return d, false
	}
	e := &x.ev
	switch e.Type {
	case events.TypeLeadCaptured:
		e.Lead = &events.LeadCaptured{}
		ok = c.Data(data, e.Lead) == nil && checkLead(e.Lead)
	case events.TypeTriggerDetected:
		e.Trigger = &events.TriggerDetected{}
		ok = c.Data(data, e.Trigger) == nil && checkTrigger(e.Trigger)
	case events.TypeUsageRecorded:
		e.Usage = &events.UsageRecorded{Count: 1}
		ok = c.Data(data, e.Usage) == nil && checkUsage(e.Usage)
	}
	if !ok {
		return d, false
	}
	return Decoded{Event: e, Account: account(e, opts.FreeMail)}, true
}

// attrs reads the attributes and the data of either content mode.
func (c Codec) attrs(msg *nats.Msg) (attrs, []byte, bool) {
	if !isStructured(msg.Header) {
		a, ok := binaryAttrs(msg.Header)
		return a, msg.Data, ok
	}
	var env Envelope
	if c.Envelope(msg.Data, &env) != nil || env.Data == nil {
		return attrs{}, nil, false
	}
	return attrs{spec: env.SpecVersion, id: env.ID, source: env.Source, typ: env.Type, time: env.Time,
		subject: env.Subject, contentType: env.DataContentType, tp: env.TraceParent}, env.Data, true
}

// account is the account of a decoded event: the lead's company domain, else
// its e-mail's domain without leading www. labels; none for free mail.
func account(e *events.Event, free events.FreeMail) string {
	switch {
	case e.Trigger != nil:
		return e.Trigger.Account.Domain
	case e.Usage != nil:
		return e.Usage.Account.Domain
	}
	d := ""
	if e.Lead.Company != nil && e.Lead.Company.Domain != "" {
		d = e.Lead.Company.Domain
	} else if at := strings.LastIndexByte(e.Lead.Lead.Email, '@'); at >= 0 {
		d = e.Lead.Lead.Email[at+1:]
		for {
			rest, ok := strings.CutPrefix(d, "www.")
			if !ok || strings.IndexByte(rest, '.') < 0 {
				break
			}
			d = rest
		}
	}
	if free.Contains(d) {
		return ""
	}
	return d
}

// Typed holds the data of each input type, to decode into again and again.
type Typed struct {
	Lead    events.LeadCaptured
	Trigger events.TriggerDetected
	Usage   events.UsageRecorded
}

// DecodeOnly is the library's part alone: the envelope (structured mode) and
// the data into the struct of its type, with no check of the attributes and
// no schema rule. It reports whether the library succeeded.
func (c Codec) DecodeOnly(msg *nats.Msg, typ string, into *Typed) bool {
	data := msg.Data
	if isStructured(msg.Header) {
		var env Envelope
		if c.Envelope(msg.Data, &env) != nil {
			return false
		}
		data = env.Data
	}
	switch typ {
	case events.TypeLeadCaptured:
		into.Lead = events.LeadCaptured{}
		return c.Data(data, &into.Lead) == nil
	case events.TypeTriggerDetected:
		into.Trigger = events.TriggerDetected{}
		return c.Data(data, &into.Trigger) == nil
	case events.TypeUsageRecorded:
		into.Usage = events.UsageRecorded{Count: 1}
		return c.Data(data, &into.Usage) == nil
	}
	return false
}

// DecodeSchema is Decode with the data checked by the JSON Schema instead of
// the hand-written rules: the library decodes the data once into generic
// values for the schema and once into the typed struct.
func (c Codec) DecodeSchema(msg *nats.Msg, opts Options) (d Decoded, ok bool) {
	if !utf8.Valid(msg.Data) {
		return d, false
	}
	a, data, ok := c.attrs(msg)
	if !ok {
		return d, false
	}
	x, ok := a.context(msg.Header, opts.Now, opts.MaxFuture)
	if !ok {
		return d, false
	}
	var doc any
	if c.Data(data, &doc) != nil || len(schemas.Validate(x.ev.Type, doc)) > 0 {
		return d, false
	}
	e := &x.ev
	switch e.Type {
	case events.TypeLeadCaptured:
		e.Lead = &events.LeadCaptured{}
		ok = c.Data(data, e.Lead) == nil && normaliseLead(e.Lead)
	case events.TypeTriggerDetected:
		e.Trigger = &events.TriggerDetected{}
		ok = c.Data(data, e.Trigger) == nil && normaliseAccount(&e.Trigger.Account) && normaliseCompany(e.Trigger.Company)
	case events.TypeUsageRecorded:
		e.Usage = &events.UsageRecorded{Count: 1}
		ok = c.Data(data, e.Usage) == nil && normaliseAccount(&e.Usage.Account)
	}
	if !ok {
		return d, false
	}
	return Decoded{Event: e, Account: account(e, opts.FreeMail)}, true
}

// The normalisations of data that passed its JSON Schema.

func normaliseLead(l *events.LeadCaptured) bool {
	email, err := events.NormalizeEmail(l.Lead.Email)
	l.Lead.Email = email
	if l.Form != nil && l.Form.Kind == "" {
		l.Form.Kind = events.FormKindOther
	}
	return err == nil && normaliseCompany(l.Company)
}

func normaliseAccount(a *events.AccountRef) bool {
	d, err := events.NormalizeDomain(a.Domain)
	a.Domain = d
	return err == nil
}

func normaliseCompany(c *events.Company) bool {
	if c == nil || strings.TrimSpace(c.Domain) == "" {
		return true
	}
	d, err := events.NormalizeDomain(c.Domain)
	c.Domain = d
	return err == nil
}
