package store

import "testing"

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

func TestParseState(t *testing.T) {
	tests := []struct {
		raw     string
		version int64
		nextMs  int64 // 0: none
		state   string
		null    bool // no state at all (never committed)
		wantErr bool
	}{
		{raw: "", null: true},
		{raw: "3:0:abc", version: 3, state: "abc"},
		{raw: "12:1700000000000:", version: 12, nextMs: 1700000000000},
		{raw: "7:5:a:b", version: 7, nextMs: 5, state: "a:b"},
		{raw: "x:0:a", wantErr: true},
		{raw: "1:0", wantErr: true},
		{raw: "1", wantErr: true},
	}
	for _, tt := range tests {
		for name, parse := range map[string]func(string) (Snapshot, error){
			"parseState":      parseState,
			"parseStateBytes": func(s string) (Snapshot, error) { return parseStateBytes([]byte(s)) },
		} {
			got, err := parse(tt.raw)
			if (err != nil) != tt.wantErr {
				t.Errorf("%s(%q): error %v, want error %v", name, tt.raw, err, tt.wantErr)
				continue
			}
			if tt.wantErr {
				continue
			}
			if got.Version != tt.version || unixMs(got.NextCheck) != tt.nextMs ||
				string(got.State) != tt.state || (got.State == nil) != tt.null {
				t.Errorf("%s(%q) = version %d, next %d, state %q (nil %v)", name, tt.raw,
					got.Version, unixMs(got.NextCheck), got.State, got.State == nil)
			}
		}
	}
}
