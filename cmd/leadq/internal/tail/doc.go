// Package tail is `leadq tail`: it prints the pipeline's output events as
// they are published (or replays what the output stream holds), one readable
// line each or their CloudEvent JSON, changing nothing in the stream.
package tail
