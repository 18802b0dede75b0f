// Package publish is `leadq publish`: it checks NDJSON input events (or bare
// event data it wraps in CloudEvents) as the pipeline will, and publishes
// them to their input subjects with deduplicating message ids.
package publish
