package store

import (
	"bytes"
	"testing"
)

func TestBulkReply(t *testing.T) {
	tests := []struct {
		reply   string
		want    string
		null    bool
		wantErr bool
	}{
		{reply: "$5\r\n1:0:x\r\n", want: "1:0:x"},
		{reply: "$0\r\n\r\n", want: ""},
		{reply: "$-1\r\n", null: true},
		{reply: "_\r\n", null: true},
		{reply: "$4\r\na\r\nb\r\n", want: "a\r\nb"},
		{reply: "-WRONGTYPE Operation\r\n", wantErr: true},
		{reply: "$9\r\n1:0:x\r\n", wantErr: true},
		{reply: "$x\r\n", wantErr: true},
		{reply: ":1\r\n", wantErr: true},
		{reply: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := bulkReply([]byte(tt.reply))
		if (err != nil) != tt.wantErr || (got == nil) != (tt.null || tt.wantErr) || string(got) != tt.want {
			t.Errorf("bulkReply(%q) = %q, %v", tt.reply, got, err)
		}
	}
}

func TestParseStateBytesMatchesParseState(t *testing.T) {
	for _, raw := range []string{"", "3:0:abc", "12:1700000000000:", "7:5:a:b", "x:0:a", "1:0", "1"} {
		want, werr := parseState(raw)
		got, gerr := parseStateBytes([]byte(raw))
		if (werr != nil) != (gerr != nil) || got.Version != want.Version || !got.NextCheck.Equal(want.NextCheck) ||
			!bytes.Equal(got.State, want.State) || (got.State == nil) != (want.State == nil) {
			t.Errorf("%q: parseStateBytes = %+v, %v; parseState = %+v, %v", raw, got, gerr, want, werr)
		}
	}
}
