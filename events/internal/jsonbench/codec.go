package jsonbench

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"io"

	"github.com/bytedance/sonic"
	goccy "github.com/goccy/go-json"
	goccyjsontext "github.com/goccy/go-json/jsontext"
	goccy2 "github.com/goccy/go-json/v2"
	segment "github.com/segmentio/encoding/json"
)

// Envelope is the structured-mode JSON event format as a library decodes it:
// the attributes the typed decoder of events.Decode takes, and the data
// as raw JSON. A nil pointer is an absent (or null) attribute.
type Envelope struct {
	SpecVersion, ID, Source, Type, Time   string
	Subject, DataContentType, TraceParent *string
	Data                                  []byte
}

// envelope is Envelope with the raw-JSON type of one library.
type envelope[R ~[]byte] struct {
	SpecVersion     string  `json:"specversion"`
	ID              string  `json:"id"`
	Source          string  `json:"source"`
	Type            string  `json:"type"`
	Time            string  `json:"time"`
	Subject         *string `json:"subject"`
	DataContentType *string `json:"datacontenttype"`
	TraceParent     *string `json:"traceparent"`
	Data            R       `json:"data"`
}

func (e *envelope[R]) export(dst *Envelope) {
	*dst = Envelope{SpecVersion: e.SpecVersion, ID: e.ID, Source: e.Source, Type: e.Type, Time: e.Time,
		Subject: e.Subject, DataContentType: e.DataContentType, TraceParent: e.TraceParent, Data: e.Data}
}

// Codec is one JSON library, set up as strictly as it allows.
type Codec struct {
	// Name names the library in benchmark names and tables.
	Name string
	// Envelope decodes a structured-mode payload; members other than the
	// attributes of Envelope are an error where the library can tell.
	Envelope func(b []byte, env *Envelope) error
	// Data decodes JSON into v: typed data, or an *any for the JSON Schema.
	Data func(b []byte, v any) error
}

// Codecs are the libraries compared with events.Decode, encoding/json first.
var Codecs = []Codec{
	{Name: "encoding-json", Envelope: stdEnvelope, Data: stdjson.Unmarshal},
	{Name: "goccy", Envelope: goccyEnvelope, Data: goccy.Unmarshal},
	{Name: "goccy-v2", Envelope: goccy2Envelope, Data: func(b []byte, v any) error { return goccy2.Unmarshal(b, v) }},
	{Name: "segmentio", Envelope: segmentEnvelope, Data: segmentData},
	{Name: "sonic", Envelope: sonicEnvelope, Data: sonicData.Unmarshal},
}

var errTrailing = errors.New("jsonbench: data after the top-level value")

// stdEnvelope needs a Decoder: Unmarshal cannot refuse unknown members.
func stdEnvelope(b []byte, env *Envelope) error {
	var e envelope[stdjson.RawMessage]
	d := stdjson.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&e); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errTrailing
	}
	e.export(env)
	return nil
}

// goccyEnvelope is stdEnvelope with goccy/go-json's Decoder.
func goccyEnvelope(b []byte, env *Envelope) error {
	var e envelope[goccy.RawMessage]
	d := goccy.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&e); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errTrailing
	}
	e.export(env)
	return nil
}

// goccy2Envelope decodes with the encoding/json/v2 semantics of
// goccy/go-json/v2: names matched exactly, no name twice, valid UTF-8.
func goccy2Envelope(b []byte, env *Envelope) error {
	var e envelope[goccyjsontext.Value]
	if err := goccy2.Unmarshal(b, &e, goccy2.RejectUnknownMembers(true)); err != nil {
		return err
	}
	e.export(env)
	return nil
}

// The flags of segmentio/encoding: names matched exactly, raw data not copied.
const (
	segmentFlags         = segment.DontMatchCaseInsensitiveStructFields
	segmentEnvelopeFlags = segmentFlags | segment.DisallowUnknownFields | segment.DontCopyRawMessage
)

func segmentEnvelope(b []byte, env *Envelope) error {
	var e envelope[segment.RawMessage]
	if err := segmentParse(b, &e, segmentEnvelopeFlags); err != nil {
		return err
	}
	e.export(env)
	return nil
}

func segmentData(b []byte, v any) error { return segmentParse(b, v, segmentFlags) }

func segmentParse(b []byte, v any, flags segment.ParseFlags) error {
	rest, err := segment.Parse(b, v, flags)
	if err == nil && len(rest) != 0 {
		err = errTrailing
	}
	return err
}

// sonic is set up to match names exactly, reject control characters and
// invalid \u escapes, and copy strings (a decoded event outlives its message).
var (
	sonicData = sonic.Config{CaseSensitive: true, ValidateString: true, UseUnicodeErrors: true,
		CopyString: true}.Froze()
	sonicEnv = sonic.Config{CaseSensitive: true, ValidateString: true, UseUnicodeErrors: true,
		CopyString: true, DisallowUnknownFields: true}.Froze()
)

func sonicEnvelope(b []byte, env *Envelope) error {
	var e envelope[sonic.NoCopyRawMessage]
	if err := sonicEnv.Unmarshal(b, &e); err != nil {
		return err
	}
	e.export(env)
	return nil
}
