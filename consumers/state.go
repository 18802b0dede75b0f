package consumers

import (
	"fmt"

	"github.com/leadq/leadq/consumers/statefmt"
	"github.com/leadq/leadq/qualify"
)

// DecodeState decodes an account's state as the processor stores it
// (store.Snapshot.State, in the format of package statefmt), for tools that
// read accounts from Redis such as leadq explain.
func DecodeState(state []byte) (*qualify.Account, error) {
	a := &qualify.Account{}
	if err := statefmt.Decode(state, a); err != nil {
		return nil, fmt.Errorf("consumers: decoding account state: %w", err)
	}
	return a, nil
}
