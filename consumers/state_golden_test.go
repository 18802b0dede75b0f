package consumers

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"github.com/leadq/leadq/qualify"
)

// goldenTypical is the format-3 state of typicalAccount as the first
// format-3 encoder wrote it.
const goldenTypical = "" +
	"038080d081dbf5b2e53109000b63726d2f68756273706f74060307080f1613000f7265706f72742e6578706f72746564" +
	"1f000003080000000000000000fce0010003089e3779b97f4a7c15fcc1030003083c6ef372fe94f82afca205000308da" +
	"a66d2c7ddf743ffc830700030878dde6e5fd29f054fca746000308b8ab04fbe3a36348fcc6440003081a738b426458e7" +
	"33fce5420003087c3c1188e50e6b1efc8441000308de0497cf65c3ef09fca33f0003083fcd1e15e67972f4fcc23d0003" +
	"08a195a45c672ef6dffce13b000308035e2aa2e7e47acafc803a0003086526b0e96899feb5fc9f38000308c6ef372fe9" +
	"4f82a0fcbe3600030828b7bd766a05068bfcdd340003088a8043bceaba8a76fcfc32000308ec48ca036b700e61fc9b31" +
	"0003084e115049ec25924cfcba2f000308afd9d6906cdb1637fcd92d00030811a25cd6ed909a22fcf82b000308736ae3" +
	"1d6e461e0dfc972a000308d5336963eefba1f8fcb62800030836fbefaa6fb125e3fcd52600030898c475f0f066a9cefc" +
	"f424000308fa8cfc37711c2db9fcc9110003082e2ac13ef8e8d8d2fce80f0003088ff34785799e5cbdfc870e000308f1" +
	"bbcdcbfa53e0a8fca60c000308538454127b096493fcc50a000308b54cda58fbbee87efce4080003081715609f7c746c" +
	"691161636d652d616e616c79746963732e696f03616e61ff0e41636d6520416e616c79746963730008736f6674776172" +
	"650002444500077363616c657570000362326200b0090080d0a54c000305736c61636b046a697261000508706572736f" +
	"6e2e3067044a616e650003446f65000c5650204d61726b6574696e67000204b9e5ead30f0008706572736f6e2e314704" +
	"4a616e650103446f65010c5650204d61726b6574696e67010204b9e5ead30f0208706572736f6e2e3247044a616e6502" +
	"03446f65020c5650204d61726b6574696e67020204b9e5ead30f0008706572736f6e2e3347044a616e650303446f6503" +
	"0c5650204d61726b6574696e67030204b9e5ead30f0208706572736f6e2e3447044a616e650403446f65040c5650204d" +
	"61726b6574696e67040204b9e5ead30f001403050406050706080709030a040b050c060d070e030f0410051106120713" +
	"031404150516061707180a03752d300003752d31dc0303752d32bc0703752d339c0b03752d34fc0e03752d35dc120375" +
	"2d36bc1603752d379c1a03752d38fc1d03752d39dc210a08021908021a08021b08021c08021d08021e08020408020308" +
	"0202080201"

// goldenLargeSHA256 is the SHA-256 of the format-3 state of largeAccount as
// the first format-3 encoder wrote it.
const goldenLargeSHA256 = "b50d81b766182a2d43f415b3bf87754bb153ba0bb5637002d324642cc9b0e3fa"

// TestStateGoldenFormat3: a stored format-3 state still decodes to its
// account, and while stateFormat is 3 the encoder writes the same bytes.
func TestStateGoldenFormat3(t *testing.T) {
	b, err := hex.DecodeString(goldenTypical)
	if err != nil {
		t.Fatal(err)
	}
	got := &qualify.Account{}
	if err := decodeState(b, got); err != nil || !reflect.DeepEqual(got, jsonRoundTrip(t, typicalAccount())) {
		t.Fatalf("golden state: %v\n got %+v", err, got)
	}
	if stateFormat != 3 {
		return
	}
	if enc := hex.EncodeToString(encodeState(typicalAccount())); enc != goldenTypical {
		t.Errorf("typical account encodes to\n%s\nwant\n%s", enc, goldenTypical)
	}
	sum := sha256.Sum256(encodeState(largeAccount()))
	if s := hex.EncodeToString(sum[:]); !strings.EqualFold(s, goldenLargeSHA256) {
		t.Errorf("large account encodes to a state of SHA-256 %s, want %s", s, goldenLargeSHA256)
	}
}

// TestStateHex8: the eight-digit conversion agrees with the digit by digit one.
func TestStateHex8(t *testing.T) {
	for _, s := range []string{"00000000", "ffffffff", "0123abcd", "9a8b7c6d", "deadbeef", "a0b1c2d3e4f5a6b7"} {
		var want []byte
		for i := 0; i+1 < len(s); i += 2 {
			want = append(want, hexValue[s[i]]<<4|hexValue[s[i+1]])
		}
		if got := appendHex(nil, s); string(got) != string(want) {
			t.Errorf("%s: % x, want % x", s, got, want)
		}
	}
}
