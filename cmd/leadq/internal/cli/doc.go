// Package cli holds what every leadq command shares on its command line:
// usage errors and the exit codes they map to, positional-argument checks,
// the LEADQ_* environment variable of each flag, flag defaults, and the
// instants and durations given as flag values.
package cli
