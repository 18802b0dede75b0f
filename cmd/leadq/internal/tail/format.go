package tail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leadq/leadq/cmd/leadq/internal/render"
	"github.com/leadq/leadq/events"
)

// outputPrinter prints output events for `leadq tail`, readably or as JSON.
// A message that is not a valid output is reported on errw and skipped.
type outputPrinter struct {
	w, errw io.Writer
	json    bool
	view    render.Emails
}

// print prints one message; printed is false for a message it skipped.
func (p *outputPrinter) print(m jetstream.Msg) (printed bool, err error) {
	msg := &nats.Msg{Subject: m.Subject(), Header: m.Headers(), Data: m.Data()}
	if p.json {
		b, err := structuredJSON(msg)
		if err != nil {
			p.skip(m, err)
			return false, nil
		}
		return true, checkWrite(fmt.Fprintf(p.w, "%s\n", b))
	}
	out, err := events.DecodeOutput(msg)
	if err != nil {
		p.skip(m, err)
		return false, nil
	}
	return true, checkWrite(fmt.Fprintln(p.w, p.line(out)))
}

func (p *outputPrinter) skip(m jetstream.Msg, err error) {
	var seq uint64
	if md, e := m.Metadata(); e == nil {
		seq = md.Sequence.Stream
	}
	fmt.Fprintf(p.errw, "skipping message %d on %s: %v\n", seq, render.Cell(m.Subject()), err)
}

// line renders one output event on one line:
//
//	2026-11-06T08:00:00Z  qualified    j***@acme.io  acme.io  grade=A fit=100 persona=decision_maker ready=50 willing=71.76 able=100
//	2026-11-06T08:00:00Z  routed       j***@acme.io  acme.io  queue=sdr-smb-emea rep=ana reason=round_robin segment=smb region=emea
func (p *outputPrinter) line(out events.Output) string {
	var kind, lead, account, detail string
	switch d := out.Data.(type) {
	case *events.QualifiedData:
		kind, lead, account, detail = "qualified", d.Lead.Email, d.Account.Domain, verdictDetail(d)
	case *events.UnqualifiedData:
		kind, lead, account = "unqualified", d.Lead.Email, d.Account.Domain
		detail = verdictDetail(&d.QualifiedData) + " reason=" + strconv.Quote(d.Reason)
	case *events.RoutedData:
		kind, lead, account = "routed", d.Lead.Email, d.Account.Domain
		detail = fmt.Sprintf("queue=%s rep=%s reason=%s segment=%s region=%s",
			render.Cell(d.Queue), render.Cell(d.Rep), render.Cell(d.Reason), render.Cell(d.Segment), render.Cell(d.Region))
	}
	return fmt.Sprintf("%s  %-11s  %s  %s  %s", render.Time(out.Time), kind, render.Cell(p.view.Email(lead)), render.Cell(account), detail)
}

// verdictDetail is the part of a qualified or unqualified line after the account.
func verdictDetail(d *events.QualifiedData) string {
	r := d.Readiness
	return fmt.Sprintf("grade=%s fit=%s persona=%s ready=%s willing=%s able=%s",
		render.Cell(d.Grade), render.Score(d.Fit), render.Cell(d.Lead.Role), render.Score(r.Ready), render.Score(r.Willing), render.Score(r.Able))
}

// structuredJSON returns an output message as one line of CloudEvent JSON:
// the payload of a structured-mode message compacted, or the event format
// rebuilt from the ce- headers (percent-decoded) and the data of a
// binary-mode one.
func structuredJSON(msg *nats.Msg) ([]byte, error) {
	if isStructuredMsg(msg.Header) {
		var buf bytes.Buffer
		if err := json.Compact(&buf, msg.Data); err != nil {
			return nil, fmt.Errorf("payload is not JSON: %w", err)
		}
		return buf.Bytes(), nil
	}
	ce := make(map[string]any, len(msg.Header)+1)
	for k, vs := range msg.Header {
		if len(k) <= 3 || !strings.EqualFold(k[:3], "ce-") || len(vs) == 0 {
			continue
		}
		v, err := url.PathUnescape(vs[0])
		if err != nil {
			return nil, fmt.Errorf("header %s: %w", k, err)
		}
		ce[strings.ToLower(k[3:])] = v
	}
	if _, ok := ce["datacontenttype"]; !ok && msg.Header.Get(events.HeaderContentType) != "" {
		ce["datacontenttype"] = msg.Header.Get(events.HeaderContentType)
	}
	if json.Valid(msg.Data) {
		ce["data"] = json.RawMessage(msg.Data)
	} else {
		ce["data_base64"] = msg.Data // []byte marshals as base64
	}
	return json.Marshal(ce)
}

// isStructuredMsg tells the content mode as events.Decode does: structured
// when Content-Type starts with application/cloudevents or no header starts
// with ce-.
func isStructuredMsg(h nats.Header) bool {
	if strings.HasPrefix(strings.ToLower(h.Get(events.HeaderContentType)), "application/cloudevents") {
		return true
	}
	for k := range h {
		if len(k) >= 3 && strings.EqualFold(k[:3], "ce-") {
			return false
		}
	}
	return true
}
