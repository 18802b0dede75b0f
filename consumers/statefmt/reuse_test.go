package statefmt

import (
	"reflect"
	"testing"

	"github.com/leadq/leadq/qualify"
)

// TestDecodeReusesNothing: the tables a decode reuses from an earlier
// one start empty, so a state referring to a symbol or stamp it does not
// have is refused even right after a state that had them.
func TestDecodeReusesNothing(t *testing.T) {
	full := Encode(typicalAccount())
	cases := map[string][]byte{
		// clock, no symbols, no stamps, domain, owner, firm, no leads; a
		// signal of symbol 0 at stamp 0; no users, no usage.
		"missing symbol": {Version, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
		// as above with one symbol: the stamp is missing.
		"missing stamp": {Version, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
	}
	for name, b := range cases {
		for range 3 {
			if err := Decode(full, &qualify.Account{}); err != nil {
				t.Fatal(err)
			}
			if err := Decode(b, &qualify.Account{}); err == nil {
				t.Errorf("%s: decoded", name)
			}
		}
	}
	// Decodes in a row give the same account.
	first := &qualify.Account{}
	if err := Decode(full, first); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again := &qualify.Account{}
		if err := Decode(full, again); err != nil || !reflect.DeepEqual(first, again) {
			t.Fatalf("decoding again: %v", err)
		}
	}
}

// TestDecodeSpareCapacity: decoded signals, users and usage have room
// for the entry qualify.Apply inserts next, without a reallocation.
func TestDecodeSpareCapacity(t *testing.T) {
	a := &qualify.Account{}
	if err := Decode(Encode(typicalAccount()), a); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string][2]int{
		"signals": {len(a.Signals), cap(a.Signals)},
		"users":   {len(a.Users), cap(a.Users)},
		"usage":   {len(a.Usage), cap(a.Usage)},
	} {
		if c[0] == 0 || c[1] < c[0]+spareSlots {
			t.Errorf("%s: len %d cap %d, want %d spare", name, c[0], c[1], spareSlots)
		}
	}
}
