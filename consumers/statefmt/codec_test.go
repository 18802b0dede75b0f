package statefmt

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/leadq/leadq/qualify"
)

// TestRoundTrip: decoding the binary encoding of an account gives
// what a JSON round trip gives, for random accounts with every field,
// extreme instants and numbers, nil and empty lists.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		a := randomAccount(r)
		b := Encode(a)
		got := &qualify.Account{}
		if err := Decode(b, got); err != nil {
			t.Fatalf("account %d: %v", i, err)
		}
		if want := jsonRoundTrip(t, a); !reflect.DeepEqual(got, want) {
			t.Fatalf("account %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
	// Past linearMax symbols and stamps the encoder looks them up by map.
	big := typicalAccount()
	for i := range 300 {
		big.Signals = append(big.Signals, qualify.Signal{Kind: fmt.Sprintf("trigger.k%d", i%90),
			At: qualify.Stamp{T: big.Clock - qualify.UnixNano(i), S: fmt.Sprintf("src-%d", i%70), I: fmt.Sprintf("id-%d", i%150)}})
	}
	got := &qualify.Account{}
	if err := Decode(Encode(big), got); err != nil || !reflect.DeepEqual(got, jsonRoundTrip(t, big)) {
		t.Fatalf("large account: %v", err)
	}
}

// TestReadsJSON: states stored as JSON by earlier versions are read,
// and an empty stored domain leaves the caller's.
func TestReadsJSON(t *testing.T) {
	a := typicalAccount()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	got := &qualify.Account{}
	if err := Decode(b, got); err != nil || !reflect.DeepEqual(got, jsonRoundTrip(t, a)) {
		t.Fatalf("JSON state: %v\n got %+v", err, got)
	}
	noDomain := &qualify.Account{Domain: "kept.io"}
	if err := Decode(Encode(&qualify.Account{Clock: 5}), noDomain); err != nil || noDomain.Domain != "kept.io" {
		t.Fatalf("empty stored domain: %v, domain %q", err, noDomain.Domain)
	}
}

// TestRejectsGarbage: truncated, extended or unknown states are errors.
func TestRejectsGarbage(t *testing.T) {
	good := Encode(typicalAccount())
	cases := map[string][]byte{
		"empty":          nil,
		"unknown format": append([]byte{9}, good[1:]...),
		"trailing bytes": append(append([]byte{}, good...), 0),
		"bad JSON":       []byte("{nope"),
	}
	for n := 1; n < len(good); n += 7 {
		cases[fmt.Sprintf("truncated at %d", n)] = good[:n]
	}
	for name, b := range cases {
		if err := Decode(b, &qualify.Account{}); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// TestIsCompact: the typical account of the memory target (5 leads,
// 20 signals, 10 users) takes well under half its JSON.
func TestIsCompact(t *testing.T) {
	a := typicalAccount()
	j, _ := json.Marshal(a)
	b := Encode(a)
	if len(b)*2 > len(j) {
		t.Fatalf("binary state %d bytes, JSON %d", len(b), len(j))
	}
	t.Logf("typical account: binary %d bytes, JSON %d", len(b), len(j))
}

// TestHex8: the eight-digit conversion agrees with the digit by digit one.
func TestHex8(t *testing.T) {
	for _, s := range []string{"00000000", "ffffffff", "0123abcd", "9a8b7c6d", "deadbeef", "a0b1c2d3e4f5a6b7"} {
		var want []byte
		for i := 0; i+1 < len(s); i += 2 {
			want = append(want, hexValue[s[i]]<<4|hexValue[s[i+1]])
		}
		if got := appendHex(nil, s); string(got) != string(want) {
			t.Errorf("%s: % x, want % x", s, got, want)
		}
	}
}

// TestRefusesNewerVersion: a state of a version above Version (a newer
// release wrote it) is refused with ErrNewerVersion and leaves the account
// as it was; first bytes that are no version are malformed.
func TestRefusesNewerVersion(t *testing.T) {
	good := Encode(typicalAccount())
	for v := Version + 1; v < jsonMark; v++ {
		b := append([]byte{byte(v)}, good[1:]...)
		a := &qualify.Account{Domain: "kept.io"}
		err := Decode(b, a)
		if !errors.Is(err, ErrNewerVersion) || !reflect.DeepEqual(a, &qualify.Account{Domain: "kept.io"}) {
			t.Fatalf("version %d: %v, account %+v", v, err, a)
		}
	}
	for _, first := range []byte{0, jsonMark + 1, 0xff} {
		b := append([]byte{first}, good[1:]...)
		if err := Decode(b, &qualify.Account{}); !errors.Is(err, ErrMalformed) {
			t.Errorf("first byte %#x: %v, want ErrMalformed", first, err)
		}
	}
}
