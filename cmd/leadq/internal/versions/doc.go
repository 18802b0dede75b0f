// Package versions keeps leadq's configuration versions in a JetStream
// key-value bucket, where `leadq config push` stores them, `leadq config
// activate` picks the one every `leadq serve` runs, and serve watches that
// choice (README, Changing the rules).
//
// # The bucket
//
// The bucket is named after the subject prefix like the streams are:
// LEADQ_CONFIG for the prefix "leadq", ACME_LEADS_CONFIG for "acme.leads"
// (see consumers.StreamsConfig.Names). It is file-backed and keeps 64
// revisions of each key. Its keys:
//
//	v.<encoded version>  the configuration YAML exactly as pushed; written once
//	active               JSON {"version", "activated_at", "activated_by", "previous"}
//
// A pushed version never changes: pushing the same version with the same
// bytes again is a no-op, with other bytes it is refused (ErrContentDiffers).
// The history of the "active" key is the record of activations.
//
// # Version keys
//
// A version may hold any character, a key only letters, digits and
// "-/_=.", with no empty dot-separated token. A version is encoded byte by
// byte: ASCII letters, digits, '-' and '_' stay as they are; '.' stays
// unless it is the first or last byte or follows another '.'; every other
// byte, '=' included, becomes '=' and two upper-case hex digits. So
// "2026-11-22.1" is the key "v.2026-11-22.1" and "Q4 rules/v2" is
// "v.Q4=20rules=2Fv2". The encoding is one-to-one (DecodeVersion reverses it).
package versions
