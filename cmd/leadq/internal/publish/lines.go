package publish

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// lineReader reads NDJSON lines of bounded length, counting line numbers and
// bytes.
type lineReader struct {
	r      *bufio.Reader
	limit  int
	n      int   // number of the line last returned, from 1
	offset int64 // bytes read so far
}

func newLineReader(r io.Reader, limit int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), limit: limit}
}

// next returns the next line without its line ending. A line longer than the
// limit is skipped to its end and reported with tooLong (and no content).
// It returns io.EOF after the last line.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	var buf []byte
	read := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.offset += int64(len(chunk))
		read = read || len(chunk) > 0
		if !tooLong {
			if len(buf)+len(chunk) > lr.limit+2 { // + "\r\n"
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !(errors.Is(err, io.EOF) && read) {
			return nil, false, err
		}
		lr.n++
		return bytes.TrimRight(buf, "\r\n"), tooLong, nil
	}
}

// wrapOptions say how bare data becomes a CloudEvent.
type wrapOptions struct {
	Type, Source, IDField, TimeField string
}

// cloudEvent is the structured JSON format of an input event.
type cloudEvent struct {
	SpecVersion     string          `json:"specversion"`
	ID              string          `json:"id"`
	Source          string          `json:"source"`
	Type            string          `json:"type"`
	Time            string          `json:"time"`
	DataContentType string          `json:"datacontenttype"`
	Data            json.RawMessage `json:"data"`
}

// wrapData wraps one line of bare event data in a CloudEvent: id from
// o.IDField or a hash of the line (so the same line gets the same id on every
// run), time from o.TimeField or now.
func wrapData(line []byte, o wrapOptions, now time.Time) ([]byte, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil || doc == nil || dec.More() {
		return nil, errors.New("malformed: not one JSON object")
	}
	sum := sha256.Sum256(bytes.TrimSpace(line))
	ce := cloudEvent{SpecVersion: "1.0", ID: hex.EncodeToString(sum[:16]), Source: o.Source, Type: o.Type,
		Time: now.UTC().Format(time.RFC3339Nano), DataContentType: "application/json", Data: line}
	var err error
	if o.IDField != "" {
		if ce.ID, err = field(doc, o.IDField, "--id-field"); err != nil {
			return nil, err
		}
	}
	if o.TimeField != "" {
		if ce.Time, err = field(doc, o.TimeField, "--time-field"); err != nil {
			return nil, err
		}
		if _, err := time.Parse(time.RFC3339Nano, ce.Time); err != nil {
			return nil, fmt.Errorf("%s %s: %q is not an RFC 3339 time", "--time-field", o.TimeField, ce.Time)
		}
	}
	return json.Marshal(ce)
}

// field returns the string or number at a dotted path of doc.
func field(doc map[string]any, path, flag string) (string, error) {
	var v any = doc
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return "", fmt.Errorf("%s %s: no such field", flag, path)
		}
		if v, ok = m[k]; !ok {
			return "", fmt.Errorf("%s %s: no such field", flag, path)
		}
	}
	switch x := v.(type) {
	case string:
		if x != "" {
			return x, nil
		}
	case json.Number:
		return x.String(), nil
	}
	return "", fmt.Errorf("%s %s: not a non-empty string or a number", flag, path)
}
