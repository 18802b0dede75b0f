// Package progress reports the progress of a long operator command (publish)
// on standard error: a bar redrawn in place on a terminal, a line every few
// seconds in a log, and messages the bar never overwrites.
package progress
