package consumers

import (
	"reflect"
	"testing"

	"github.com/leadq/leadq/qualify"
)

// TestStateDecodeReusesNothing: the tables a decode reuses from an earlier
// one start empty, so a state referring to a symbol or stamp it does not
// have is refused even right after a state that had them.
func TestStateDecodeReusesNothing(t *testing.T) {
	full := encodeState(typicalAccount())
	cases := map[string][]byte{
		// clock, no symbols, no stamps, domain, owner, firm, no leads; a
		// signal of symbol 0 at stamp 0; no users, no usage.
		"missing symbol": {stateFormat, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
		// as above with one symbol: the stamp is missing.
		"missing stamp": {stateFormat, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0},
	}
	for name, b := range cases {
		for range 3 {
			if err := decodeState(full, &qualify.Account{}); err != nil {
				t.Fatal(err)
			}
			if err := decodeState(b, &qualify.Account{}); err == nil {
				t.Errorf("%s: decoded", name)
			}
		}
	}
	// Decodes in a row give the same account.
	first := &qualify.Account{}
	if err := decodeState(full, first); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again := &qualify.Account{}
		if err := decodeState(full, again); err != nil || !reflect.DeepEqual(first, again) {
			t.Fatalf("decoding again: %v", err)
		}
	}
}

// TestStateDecodeSpareCapacity: decoded signals, users and usage have room
// for the entry qualify.Apply inserts next, without a reallocation.
func TestStateDecodeSpareCapacity(t *testing.T) {
	a := &qualify.Account{}
	if err := decodeState(encodeState(typicalAccount()), a); err != nil {
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
