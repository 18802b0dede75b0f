// Package dlq is `leadq dlq`: `list`, `show` and `replay` of the dead
// letters, the inputs the pipeline could never process, which it keeps in
// the dead-letter stream with the reason.
package dlq
