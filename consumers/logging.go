package consumers

import (
	"strings"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
)

// Logs never hold a raw e-mail address (README, Guarantees): events are named by id,
// type and account domain, leads by a masked address (see maskEmail).
// Per-event logs are sampled, one in Config.LogSample; retry warnings are
// rate-limited to errBurst a second, so a Redis outage cannot flood the log.

const errBurst = 10

var nop = zerolog.Nop()

// jobLog returns a child logger naming the input.
func (p *Processor) jobLog(j *job) *zerolog.Logger {
	c := p.log.With().Uint64("deliveries", j.delivered)
	if j.ev != nil {
		c = c.Str("event_id", j.ev.ID).Str("type", j.ev.Type)
	} else {
		c = c.Str("subject", j.msg.Subject())
	}
	if j.account != "" {
		c = c.Str("account", j.account)
	}
	if j.ev != nil && j.ev.Lead != nil {
		c = c.Str("lead", maskEmail(j.ev.Lead.Lead.Email))
	}
	l := c.Logger()
	return &l
}

// sampledLog is jobLog for one in LogSample inputs, a no-op logger otherwise.
func (p *Processor) sampledLog(j *job) *zerolog.Logger {
	if p.sampleN.Add(1)%uint64(p.cfg.LogSample) != 0 {
		return &nop
	}
	return p.jobLog(j)
}

// errLog is jobLog for at most errBurst calls a second, a no-op otherwise.
func (p *Processor) errLog(j *job) *zerolog.Logger {
	if !p.errLimit.allow(time.Now()) {
		return &nop
	}
	return p.jobLog(j)
}

// limiter allows n events per second.
type limiter struct {
	second atomic.Int64
	count  atomic.Int64
}

func (l *limiter) allow(now time.Time) bool {
	s := now.Unix()
	if old := l.second.Load(); old != s && l.second.CompareAndSwap(old, s) {
		l.count.Store(0)
	}
	return l.count.Add(1) <= errBurst
}

// maskEmail keeps the first character of the local part and the domain:
// "jane.doe@acme.io" → "j***@acme.io".
func maskEmail(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return "***"
	}
	return email[:1] + "***" + email[at:]
}
