package serve

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/leadq/leadq/cmd/leadq/internal/httpserver"
)

// waitingReason is what /readyz says until a configuration is active.
const waitingReason = "waiting for an active configuration (leadq config push/activate)"

// gate is the readiness of serve: not ready, with a reason, until the
// processor exists; then the processor's own.
type gate struct {
	p      atomic.Pointer[httpserver.Readiness]
	reason atomic.Pointer[string]
}

func newGate() *gate {
	g := &gate{}
	g.wait(waitingReason)
	return g
}

// wait sets why serve is not ready yet.
func (g *gate) wait(reason string) { g.reason.Store(&reason) }

// open hands readiness to the processor.
func (g *gate) open(r httpserver.Readiness) { g.p.Store(&r) }

// Ready reports the processor's readiness once there is one.
func (g *gate) Ready(ctx context.Context) error {
	if r := g.p.Load(); r != nil {
		return (*r).Ready(ctx)
	}
	return errors.New(*g.reason.Load())
}
