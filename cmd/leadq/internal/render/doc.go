// Package render prints what the operator commands (publish, tail, explain,
// dlq) show people: aligned tables, cells safe from control characters,
// instants, scores rounded as outputs are, and e-mail addresses masked
// unless asked for.
package render
