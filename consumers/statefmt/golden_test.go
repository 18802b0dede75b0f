package statefmt

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/leadq/leadq/qualify"
)

var update = flag.Bool("update", false, "write the goldens of Version that are missing from testdata")

// goldenAccount is the account whose state testdata/format<v>.bin holds:
// the typical account, with the fields each version up to v added set.
// A new version that adds a field sets it here under v >= its number.
func goldenAccount(v int) *qualify.Account {
	return typicalAccount()
}

// goldenLarge is the account of testdata/format<v>-large.bin (from version
// 3): past linearMax symbols and stamps, the encoder's map path.
func goldenLarge(v int) *qualify.Account {
	return largeAccount()
}

// firstLargeGolden is the first version with a large golden.
const firstLargeGolden = 3

func goldenPath(v int, suffix string) string {
	return filepath.Join("testdata", fmt.Sprintf("format%d%s.bin", v, suffix))
}

// TestGoldenVersions: the state each version wrote of its account
// (testdata/format<v>.bin, and -large.bin) still decodes to that account.
// Every version from 1 to Version has its golden.
func TestGoldenVersions(t *testing.T) {
	for v := 1; v <= Version; v++ {
		t.Run(fmt.Sprintf("version %d", v), func(t *testing.T) {
			checkGolden(t, v, "", goldenAccount(v))
			if v >= firstLargeGolden {
				checkGolden(t, v, "-large", goldenLarge(v))
			}
		})
	}
}

func checkGolden(t *testing.T, v int, suffix string, want *qualify.Account) {
	t.Helper()
	path := goldenPath(v, suffix)
	b := readGolden(t, v, path, want)
	if b[0] != byte(v) {
		t.Fatalf("%s: version byte %d, want %d", path, b[0], v)
	}
	got := &qualify.Account{}
	if err := Decode(b, got); err != nil || !reflect.DeepEqual(got, jsonRoundTrip(t, want)) {
		t.Fatalf("%s: %v\n got %+v", path, err, got)
	}
}

// readGolden reads a golden of version v; one of Version that is missing
// is written from a's encoding with -update, else the test fails.
func readGolden(t *testing.T, v int, path string, a *qualify.Account) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && v == Version && *update:
		b = Encode(a)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", path, len(b))
	case errors.Is(err, fs.ErrNotExist) && v == Version:
		t.Fatalf("%s is missing: run go test -run TestGolden -update in consumers/statefmt and commit it", path)
	case err != nil:
		t.Fatal(err)
	}
	return b
}

// TestGoldenEncode: Encode writes the newest goldens byte for byte (for
// a new Version, -update writes them first).
func TestGoldenEncode(t *testing.T) {
	for suffix, a := range map[string]*qualify.Account{"": goldenAccount(Version), "-large": goldenLarge(Version)} {
		path := goldenPath(Version, suffix)
		want := readGolden(t, Version, path, a)
		if enc := Encode(a); !bytes.Equal(enc, want) {
			t.Errorf("%s: Encode writes %d bytes, the golden has %d; they differ from offset %d",
				path, len(enc), len(want), diffOffset(enc, want))
		}
	}
}

// TestGoldenJSON: the JSON state of before version 1 (as it stored the
// typical account) decodes to that account.
func TestGoldenJSON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "json.json"))
	if err != nil {
		t.Fatal(err)
	}
	got := &qualify.Account{}
	if err := Decode(b, got); err != nil || !reflect.DeepEqual(got, jsonRoundTrip(t, typicalAccount())) {
		t.Fatalf("JSON golden: %v\n got %+v", err, got)
	}
}

func diffOffset(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
