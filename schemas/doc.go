// Package schemas holds the JSON Schemas (draft 2020-12) of leadq's event data and
// configuration file, embedded in the binary, and validates decoded documents
// against them.
//
// The schemas are named by the CloudEvent type whose data they describe — the
// inputs io.leadq.lead.captured, io.leadq.trigger.detected and
// io.leadq.usage.recorded, the outputs io.leadq.lead.qualified,
// io.leadq.lead.routed and io.leadq.lead.unqualified — and "config" for the
// configuration file. The files themselves (lead.captured.json, ...,
// config.schema.json, and the shared common.json and output.json) document every
// field; they are the contract producers and consumers of leadq events rely on.
//
// Input event schemas accept unknown properties (producers may send more than
// leadq uses) and null for optional fields (null means unknown). Output schemas and
// the configuration schema accept no unknown properties. The explanation object
// of the qualified and unqualified outputs is loosely typed here; its inner shape
// is documented by package qualify.
//
// [Validate] and [ValidateJSON] report every problem as a [Violation]: the JSON
// pointer of the offending field and what is wrong with it, e.g.
// "/lead/email: is required". Messages never repeat the offending value, so they
// are safe to log even when the value is an e-mail address; a field with a
// pattern says the form it expects through its schema's description.
//
// The schemas are compiled once, on first use. Definitions shared through a bare
// $ref are inlined before compiling, which spares the validator a nested scope
// per reference on the hot path of decoding events and validates exactly the
// same documents (a differential fuzz test checks this).
package schemas
