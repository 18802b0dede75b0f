// Package clock holds the time helpers that the pipeline, its tests and the
// leadq commands share: Manual, a clock that its owner sets (the processor's
// Config.Now in tests and in the demo), and Sleep, a wait that a context cuts
// short.
package clock
