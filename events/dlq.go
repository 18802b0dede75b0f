package events

import (
	"github.com/nats-io/nats.go"
)

// Dead-letter headers added to the original message.
const (
	HeaderError         = "leadq-error"
	HeaderSourceSubject = "leadq-source-subject"
)

// maxErrorHeader bounds the leadq-error header.
const maxErrorHeader = 512

// DeadLetter returns the message to publish on the dead-letter subject of rej's
// reason: the original payload and headers unchanged, plus leadq-error (the
// rejection on one line) and leadq-source-subject (the subject msg arrived on).
// msg itself is not modified. A nil rej counts as malformed.
func DeadLetter(msg *nats.Msg, subjects Subjects, rej *Rejection) *nats.Msg {
	if rej == nil {
		rej = rejectf(ReasonMalformed, "unknown")
	}
	var h nats.Header
	var data []byte
	var subject string
	if msg != nil {
		h = make(nats.Header, len(msg.Header)+2)
		for k, v := range msg.Header {
			h[k] = append([]string(nil), v...)
		}
		data, subject = msg.Data, msg.Subject
	} else {
		h = make(nats.Header, 2)
	}
	h.Set(HeaderError, truncate(oneLine(rej.Error()), maxErrorHeader))
	h.Set(HeaderSourceSubject, subject)
	return &nats.Msg{Subject: subjects.DLQ(rej.Reason), Header: h, Data: data}
}
