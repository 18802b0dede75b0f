package events_test

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/leadq/leadq/events"
)

// headerText renders headers as "Name: value" lines, the fuzz input format.
func headerText(h nats.Header) string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	var sb strings.Builder
	for _, k := range names {
		for _, v := range h[k] {
			sb.WriteString(k + ": " + v + "\n")
		}
	}
	return sb.String()
}

// parseHeaderText is the inverse of headerText; lines without ": " are skipped.
func parseHeaderText(s string) nats.Header {
	if s == "" {
		return nil
	}
	h := nats.Header{}
	for _, line := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			h.Add(k, v)
		}
	}
	return h
}

func FuzzDecode(f *testing.F) {
	for _, typ := range []struct{ typ, data string }{{lead, leadData}, {trig, triggerData}, {usage, usageData}} {
		s := structuredMsg(f, with(attrs(typ.typ), "traceparent", "00-aa-bb-01"), typ.data)
		f.Add("", s.Data)
		f.Add("Content-Type: application/cloudevents+json\n", s.Data)
		b := binaryMsg(attrs(typ.typ), typ.data)
		f.Add(headerText(b.Header), b.Data)
	}
	for _, bad := range badInputs() {
		if bad.reason == events.ReasonTooLarge {
			continue // keep the corpus small
		}
		msg := bad.msg(f)
		f.Add(headerText(msg.Header), msg.Data)
	}
	opts := decodeOpts()
	opts.MaxSize = 16 << 10
	f.Fuzz(func(t *testing.T, headers string, payload []byte) {
		msg := &nats.Msg{Subject: "leadq.in.fuzz", Header: parseHeaderText(headers), Data: payload}
		e, err := events.Decode(msg, opts)
		if err != nil {
			checkRejection(t, msg, err)
			return
		}
		checkEvent(t, e, opts)
	})
}

func checkRejection(t *testing.T, msg *nats.Msg, err error) {
	t.Helper()
	var rej *events.Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("error %v (%T) is not a *Rejection", err, err)
	}
	if !rej.Reason.Valid() || rej.Reason == events.ReasonPoison {
		t.Fatalf("reason %q is not a decoding reason", rej.Reason)
	}
	if strings.ContainsAny(err.Error(), "\r\n") {
		t.Fatalf("error %q spans lines", err)
	}
	dl := events.DeadLetter(msg, events.Subjects{}, rej)
	if dl.Subject != "leadq.dlq."+string(rej.Reason) || string(dl.Data) != string(msg.Data) {
		t.Fatalf("dead letter %q does not carry the original", dl.Subject)
	}
}

func checkEvent(t *testing.T, e *events.Event, opts events.DecodeOptions) {
	t.Helper()
	if e.ID == "" || e.Source == "" || e.Time.IsZero() || e.Time.After(opts.Now.Add(events.DefaultMaxFuture)) {
		t.Fatalf("bad attributes: id %q source %q time %v", e.ID, e.Source, e.Time)
	}
	switch {
	case e.Type == events.TypeLeadCaptured && e.Lead != nil && e.Trigger == nil && e.Usage == nil:
		if n, err := events.NormalizeEmail(e.Lead.Lead.Email); err != nil || n != e.Lead.Lead.Email {
			t.Fatalf("e-mail %q is not normalised: %q, %v", e.Lead.Lead.Email, n, err)
		}
		if e.Lead.Form != nil && e.Lead.Form.Kind == "" {
			t.Fatal("form without kind")
		}
	case e.Type == events.TypeTriggerDetected && e.Lead == nil && e.Trigger != nil && e.Usage == nil:
	case e.Type == events.TypeUsageRecorded && e.Lead == nil && e.Trigger == nil && e.Usage != nil:
		if e.Usage.Count < 1 {
			t.Fatalf("count %d", e.Usage.Count)
		}
	default:
		t.Fatalf("type %s with data lead=%v trigger=%v usage=%v", e.Type, e.Lead, e.Trigger, e.Usage)
	}
	if acct := e.Account(); acct != "" {
		if n, err := events.NormalizeDomain(acct); err != nil || n != acct {
			t.Fatalf("account %q is not normalised: %q, %v", acct, n, err)
		}
	} else if e.Lead == nil {
		t.Fatal("trigger or usage event without an account")
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Jane.Doe@Acme.io", " jörg@Bücher.example. ", "www.www.acme.io", "a@b", "ａｃｍｅ.io", "xn--bcher-kva.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := events.NormalizeDomain(s); err == nil {
			if again, err := events.NormalizeDomain(d); err != nil || again != d {
				t.Fatalf("NormalizeDomain(%q) = %q, then %q, %v", s, d, again, err)
			}
		}
		if m, err := events.NormalizeEmail(s); err == nil {
			if again, err := events.NormalizeEmail(m); err != nil || again != m {
				t.Fatalf("NormalizeEmail(%q) = %q, then %q, %v", s, m, again, err)
			}
			if strings.Count(m, "@") != 1 || m != strings.ToLower(m) {
				t.Fatalf("NormalizeEmail(%q) = %q", s, m)
			}
		}
	})
}
