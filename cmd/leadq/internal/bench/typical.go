package bench

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
	"github.com/leadq/leadq/qualify"
)

// The typical account of the memory target: 5 leads (each with a form), 20
// signals (the 5 forms and 15 triggers) and 10 product users, 35 inputs.
const (
	typicalLeads    = 5
	typicalTriggers = 15
	typicalUsers    = 10
	typicalInputs   = typicalLeads + typicalTriggers + typicalUsers
)

var typicalSources = [...]string{"https://crm.example/hubspot", "https://intent.example/bombora", "https://app.example/segment"}

var typicalTitles = [typicalLeads]string{"VP Marketing", "Head of Sales Operations", "Engineering Manager", "Data Analyst", "CTO"}

// typicalProbe builds o.Typical typical accounts through the running
// pipeline and measures their Redis memory: MEMORY USAGE of each account's
// own keys, and the growth of used_memory (which adds its entries in the
// global timer and outbox indexes and the round-robin turns it took).
func (env *benchEnv) typicalProbe(ctx context.Context, o options, rules *qualify.Config, res *benchResult, w *consumerWatch, rec *outputRecorder, prog *benchProgress) error {
	hook := &rttHook{}
	s0, err := env.sample(ctx, hook)
	if err != nil {
		return err
	}
	prog.printf("typical-account probe: %d accounts of %d leads, %d signals, %d users", o.Typical, typicalLeads, typicalLeads+typicalTriggers, typicalUsers)
	forms, triggers := signalKinds(rules)
	next := typicalInputsOf(o.Typical, forms, triggers, env.subjects, time.Now().Add(-3*time.Hour).Truncate(time.Second))
	if _, err := env.runPhase(ctx, benchPhase{name: "typical", tag: tagTypical, next: next, window: o.Window}, w, rec, prog); err != nil {
		return err
	}
	s1, err := env.sample(ctx, hook)
	if err != nil {
		return err
	}
	var own, state int64
	for i := range o.Typical {
		k := o.Pipeline.KeyPrefix + "{" + typicalDomain(i) + "}:"
		for _, suffix := range []string{"s", "o", "q", "e"} {
			n, err := env.admin.MemoryUsage(ctx, k+suffix, 0).Result()
			if err != nil && err != redis.Nil {
				return fmt.Errorf("bench: MEMORY USAGE %s: %w", k+suffix, err)
			}
			own += n
		}
		l, _ := env.admin.StrLen(ctx, k+"s").Result()
		state += l
	}
	t := float64(o.Typical)
	res.TypicalAccountBytes = round(float64(own)/t, 0)
	res.TypicalStateBytes = round(float64(state)/t, 0)
	res.TypicalUsedMemory = round(float64(s1.redisMem-s0.redisMem)/t, 0)
	return nil
}

// signalKinds lists the form and trigger kinds the configuration scores.
func signalKinds(rules *qualify.Config) (forms, triggers []string) {
	for _, s := range rules.Readiness.Signals {
		if k, ok := strings.CutPrefix(s.Kind, "form."); ok {
			forms = append(forms, k)
		} else if k, ok := strings.CutPrefix(s.Kind, "trigger."); ok {
			triggers = append(triggers, k)
		}
	}
	return forms, triggers
}

func typicalDomain(i int) string { return fmt.Sprintf("typical-%05d.leadq-bench.io", i) }

// typicalInputsOf returns the probe's inputs, the accounts interleaved so
// that they spread over the workers; the k-th input of every account is at
// base + k minutes.
func typicalInputsOf(accounts int, forms, triggers []string, subj events.Subjects, base time.Time) func() (synth.Item, bool) {
	if len(forms) == 0 {
		forms = []string{"other"}
	}
	if len(triggers) == 0 {
		triggers = []string{"other"}
	}
	i := 0
	return func() (synth.Item, bool) {
		if i >= accounts*typicalInputs {
			return synth.Item{}, false
		}
		a, k := i%accounts, i/accounts
		i++
		dom, at := typicalDomain(a), base.Add(time.Duration(k)*time.Minute)
		var typ, subject, data string
		switch {
		case k < typicalLeads:
			typ, subject = events.TypeLeadCaptured, subj.Lead()
			data = fmt.Sprintf(`{"lead":{"email":"person%d@%s","first_name":"P","last_name":"Erson","title":%q},`+
				`"company":{"domain":%q,"name":"Typical","industry":"software","employees":300,"annual_revenue":40000000,`+
				`"country":"DE","growth_stage":"scaleup","business_model":"b2b","tech_stack":["slack","jira"]},`+
				`"form":{"id":"f-%d","kind":%q}}`, k, dom, typicalTitles[k], dom, k, forms[k%len(forms)])
		case k < typicalLeads+typicalTriggers:
			typ, subject = events.TypeTriggerDetected, subj.Trigger()
			data = fmt.Sprintf(`{"account":{"domain":%q},"kind":%q}`, dom, triggers[k%len(triggers)])
		default:
			typ, subject = events.TypeUsageRecorded, subj.Usage()
			data = fmt.Sprintf(`{"account":{"domain":%q},"user":"u-%d","event":"report.exported","count":1}`, dom, k)
		}
		// Ids and sources like the synthetic stream's (and most producers').
		payload := fmt.Sprintf(`{"specversion":"1.0","id":"evt-%016x","source":%q,"type":%q,`+
			`"time":%q,"datacontenttype":"application/json","data":%s}`,
			fnv64([]byte(dom+"/"+strconv.Itoa(k))), typicalSources[k%len(typicalSources)], typ, at.UTC().Format(time.RFC3339), data)
		return synth.Item{Subject: subject, Type: typ, Payload: []byte(payload)}, true
	}
}
