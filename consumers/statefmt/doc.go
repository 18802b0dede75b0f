// Package statefmt is the storage format of an account's state: the bytes
// that the store keeps for each account (store.Snapshot.State, the part
// after "<version>:<next check>:" of the P{A}:s key), encoding a
// qualify.Account. Encode writes the newest version, [Version]; Decode reads
// every version, and the JSON stored before version 1.
//
// The format is compact (a typical account of 5 leads, 20 signals and 10
// users takes 917 bytes, 15% of its JSON) and cheap to encode and
// decode on the hot path: the encoder's buffers and tables, and the
// decoder's, are pooled and reused, and a decoded account's strings share
// one allocation. Equal accounts encode to equal bytes.
//
// # Primitives
//
//	uvarint   unsigned LEB128, as encoding/binary.AppendUvarint (at most 10 bytes)
//	varint    zigzag-encoded signed integer as a uvarint (encoding/binary.AppendVarint)
//	str       uvarint byte length, then the bytes (UTF-8 is not checked)
//	sym       uvarint index into the state's symbol table
//	stamp     uvarint index into the state's stamp table
//	time      an instant t (ns since the Unix epoch) relative to the clock:
//	          with d = t - clock, the uvarint zigzag(d/1e9)<<2 | 0 when d is whole
//	          seconds, zigzag(d/1e6)<<2 | 1 when whole milliseconds, zigzag(d)<<2 | 2
//	          otherwise; when that value does not fit in 63 bits, the uvarint 3
//	          then t itself as 8 bytes, little-endian
//	number    a float64: an integral value below 2^53 in magnitude (not -0) as
//	          the uvarint zigzag(int64(v))<<1; any other as the uvarint 1, then
//	          its IEEE 754 bits as 8 bytes, little-endian
//
// # Layout
//
// A state is, in this order, with nothing after the last field:
//
//	version   1 byte: 1 to Version; Version+1 to 0x7a are later versions
//	          (see Versioning rule); 0x7b, '{', marks the JSON state of
//	          before version 1 (json.Marshal of qualify.Account)
//	clock     varint: Account.Clock, ns since the Unix epoch
//	symbols   uvarint n, then n symbol entries (below)
//	stamps    uvarint n, then n entries: time T, sym S (the event's
//	          source), id I (below): a qualify.Stamp
//	domain    str: Account.Domain ("" leaves the caller's domain)
//	owner     str: Account.Owner
//	firm      mask byte, bit 0 to 7: name, industry, country, growth stage,
//	          business model, employees, annual revenue, tech stack present;
//	          then each present text in that order as str value, stamp; each
//	          present number as number, stamp; the tech stack as uvarint m
//	          (0: a nil list; else m-1 values follow), m-1 str, stamp
//	leads     uvarint n, then n leads: str e-mail; mask byte (bits 0 to 4:
//	          first name, last name, title, department, country present; bit 5:
//	          qualified; bit 6: the e-mail is stored as its local part, the
//	          address is local + "@" + domain; bit 7: unused, 0); each
//	          present text as str value, stamp; sym role; varint rule;
//	          uvarint role key (uint32); varint seq
//	signals   uvarint n, then n signals: sym kind, stamp
//	users     uvarint n, then n users: str user, time last seen
//	usage     uvarint n, then n observations: sym event, varint count, stamp
//
// A symbol entry is, in versions 1 and 2, a str. From version 3 it is a
// uvarint k: 0 followed by a str, or k from 1 to 31 for builtin symbol k-1,
// which is not stored:
//
//	 1-6   "", "none", "decision_maker", "champion", "excluded", "evt-"
//	 7-14  "form." + each of the form kinds in the README's order
//	       (demo_request ... other)
//	15-31  "trigger." + each of the trigger kinds in the README's order
//	       (funding_round ... other)
//
// (the list is builtinSymbols; its order is part of the format).
//
// An id is, in version 1, a str. From version 2 it is a uvarint tag: 0
// followed by a str; 1 followed by the 16 bytes of a lower-case canonical
// UUID (read back as 8-4-4-4-12 lower-case hex digits); 2+k followed by a
// uvarint m and m bytes, for the id symbol k + the 2m lower-case hex digits
// of those bytes, high nibble first (the encoder uses it for an id ending in
// at least 8, and an even number of, lower-case hex digits after its last
// other character, such as "evt-" + 16 hex digits; k is that prefix).
//
// Symbols (stamp sources, id prefixes, signal kinds, roles, usage events)
// and stamps are interned: each distinct one is stored once, in the order
// the encoder first meets it while writing domain to usage, and referred to
// by index. Equal stamps (same T, S and I) share an entry: an event that
// set several fields is stored once. Signal kinds and usage events are
// symbols; users, e-mails and texts are plain str. Counts are checked
// against the bytes left, indexes against their table; a state that
// refers to an entry it does not have, is cut short or has bytes left over
// is malformed.
//
// # Versions
//
//	JSON  before version 1: json.Marshal(qualify.Account). Read, never written.
//	1     the layout above, with every id a str and every symbol entry a str;
//	      lead mask bit 6 is never set (the e-mail is stored whole).
//	2     ids tagged: UUIDs and prefix + hex-digit ids as bytes; a lead
//	      e-mail at the account's domain stored as its local part (bit 6).
//	3     symbol entries may name a builtin symbol instead of storing it.
//
// testdata/format<N>.bin holds, for every version N, the state of a fixed
// account as that version's encoder wrote it (from version 3 also
// format<N>-large.bin, an account past the encoder's small-table limits;
// json.json, the JSON state); the tests decode each to its account, and
// check that Encode still writes the newest ones byte for byte.
//
// # Versioning rule
//
// Every change to the layout is a new version: Version goes up by one, the
// encoder writes the new layout, and the reader keeps reading every older
// one (branching on the version byte, which it knows before reading
// anything else). There are no optional sections that an older reader
// could skip: an older release that applied events to an account without
// understanding a newer field would get it wrong even if it kept the bytes
// (a qualification snapshot not recorded, a churn status not updated), and
// one that dropped the field would destroy it at its next Encode.
//
// So a reader refuses a state of a newer version: Decode returns an error
// wrapping ErrNewerVersion and decodes nothing. During a rolling deploy
// that writes a new version, the older instances therefore never write an
// account a newer instance has written. The consumers package treats that
// error as transient and never dead-letters it: the input is negatively
// acknowledged with back-off, however many times it is delivered, until an
// instance of the newer release takes it; each refusal is logged at error
// level and counted (leadq_events_total, outcome "newer_state"). A re-check
// of such an account fails on the older instance and is claimed again after
// its lease. Rolling back to a release older than the newest version
// written leaves those accounts waiting for the newer release: roll
// forward.
//
// # Adding a field
//
// To add a field (say, the account's customer status) in version N:
//
//  1. Set Version to N. Write the field in Encode, usually after the last
//     field (or in the mask bit or section where it belongs).
//  2. Read it in Decode under r.format >= N; a state of an older version
//     leaves it at its zero value, the account as it was before the field
//     existed.
//  3. Give the test accounts the field for version N (goldenAccount and
//     goldenLarge in golden_test.go), run go test -run TestGolden -update
//     in this directory to write testdata/formatN.bin and
//     formatN-large.bin, and commit them. Older goldens are never
//     rewritten: they must keep decoding to their accounts.
//  4. Describe version N under Versions above.
//
// A new version's states are unreadable by older releases (see the
// versioning rule), so a release that changes the format takes one new
// version for all its new fields, not one per field.
package statefmt
