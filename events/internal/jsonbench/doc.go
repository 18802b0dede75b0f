// Package jsonbench measures decoding leadq's input CloudEvents with JSON
// libraries straight into the typed data of package events, against
// events.Decode (issue 10). It is a module of its own so that the libraries
// it measures (segmentio/encoding, bytedance/sonic, and goccy/go-json's v1
// API) stay out of leadq's go.mod and binary.
//
// Each [Codec] is one library, set up as strictly as it allows (names matched
// case-sensitively where it can, unknown envelope members refused, strings
// copied). Three decoders per library:
//
//   - [Codec.DecodeOnly]: the library's own part, the envelope and the data
//     into the typed structs of package events, no check.
//   - [Codec.Decode]: the library in place of the typed decoder of
//     events.Decode: valid UTF-8, the attributes checked as events.Decode
//     checks them, the data decoded, the schema rules of the common case
//     checked on the structs, e-mails and domains normalised, the account
//     resolved. It gives the same event as events.Decode on the synthetic
//     stream (TestDecodeAgrees).
//   - [Codec.DecodeSchema]: the same with the JSON Schema (package schemas)
//     checking the data, decoded a second time into generic values for it.
//
// TestLibraryDifferences records where each library reads JSON differently
// from the JSON Schema path of events.Decode. The figures, and those of the
// hand-written one-pass parser that goccy/go-json/v2 replaced in
// events.Decode, are in the package documentation of events (doc.go), with
// the commands that reproduce them. Run from this directory:
//
//	go test -run '^$' -bench . -benchmem -count 8 -timeout 60m | tee bench.txt
package jsonbench
