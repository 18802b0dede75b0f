package events_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/events/synth"
)

// checkParse fails when the fast parser accepts data differently from
// encoding/json; it reports whether the fast parser took it.
func checkParse(t testing.TB, data []byte) bool {
	t.Helper()
	got, ok := events.ParseJSON(data)
	if !ok {
		return false
	}
	var want any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("fast parser accepts %q, encoding/json refuses it: %v", data, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\nfast parser   %#v\nencoding/json %#v", data, got, want)
	}
	return true
}

var parseCases = []struct {
	data string
	fast bool // the fast parser is expected to take it
}{
	{`{}`, true}, {`[]`, true}, {`null`, true}, {` true `, true}, {`false`, true},
	{`{"a":1,"a":2}`, true}, {`{"a":[1,-0,0.5,1e3,-2E-2,12345678901234567890]}`, true},
	{`{"s":"plain","e":"q\"b\\s\/n\nt\tr\rb\bf\f","u":"\u00e9\u4e2d","x":"é✓"}`, true},
	{`{"nested":{"a":{"b":[{"c":null}]}}}`, true}, {"\t{ \"a\" :\r\n[ ] }\n", true},
	{`{"a":1,}`, false}, {`[1,]`, false}, {`{"a"}`, false}, {`{a:1}`, false}, {`01`, false},
	{`1.`, false}, {`.5`, false}, {`-`, false}, {`1e`, false}, {`+1`, false}, {`1e400`, false},
	{`"\ud83d\ude00"`, false}, {`"\ud800"`, false}, {`"\x"`, false}, {"\"a\x01\"", false},
	{"\"\xff\"", false}, {`{"a":1} x`, false}, {`nul`, false}, {`tru`, false}, {``, false},
	{`"\u00"`, false}, {strings.Repeat("[", 100) + strings.Repeat("]", 100), false},
}

// TestParseJSONMatchesEncodingJSON: on valid documents the fast parser gives
// exactly encoding/json's values; whatever it declines (invalid documents,
// surrogates, deep nesting) is left to encoding/json.
func TestParseJSONMatchesEncodingJSON(t *testing.T) {
	for _, tt := range parseCases {
		if got := checkParse(t, []byte(tt.data)); got != tt.fast {
			t.Errorf("%q: fast parser took it: %v, want %v", tt.data, got, tt.fast)
		}
	}
}

// TestParseJSONTakesTheSyntheticStream: the fast parser takes every valid
// synthetic event, payload and data, as encoding/json parses them.
func TestParseJSONTakesTheSyntheticStream(t *testing.T) {
	g := synth.New(synth.Options{Seed: 5, Accounts: 100, Events: 3000, BinaryShare: 0.3})
	for it := range g.All() {
		if it.Bad != "" {
			continue
		}
		if !checkParse(t, it.Payload) {
			t.Errorf("%s: not taken: %s", it.ID, it.Payload)
		}
	}
}

// FuzzParseJSON: whatever the fast parser takes, encoding/json parses to
// the same values.
func FuzzParseJSON(f *testing.F) {
	for _, tt := range parseCases {
		f.Add([]byte(tt.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, data)
	})
}
