package synth

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		field string // "" when valid
	}{
		{"zero value", Options{}, ""},
		{"negative shares mean none", Options{FreeMailShare: -1, PartialShare: -1, HotShare: -1}, ""},
		{"full shares", Options{BadShare: 1, BinaryShare: 1, HotShare: 1}, ""},
		{"negative accounts", Options{Accounts: -1}, "Accounts"},
		{"too many accounts", Options{Accounts: MaxAccounts + 1}, "Accounts"},
		{"negative events", Options{Events: -5}, "Events"},
		{"negative span", Options{Span: -time.Hour}, "Span"},
		{"sub-millisecond span", Options{Span: time.Microsecond}, "Span"},
		{"few leads", Options{LeadsPerAccount: 0.5}, "LeadsPerAccount"},
		{"share above one", Options{BadShare: 1.5}, "BadShare"},
		{"NaN share", Options{BinaryShare: math.NaN()}, "BinaryShare"},
		{"negative jitter", Options{Jitter: -time.Second}, "Jitter"},
		{"wildcard prefix", Options{Prefix: "leadq.>"}, "Prefix"},
		{"empty token", Options{Prefix: "a..b"}, "Prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.field != "" && (err == nil || !strings.Contains(err.Error(), tt.field)):
				t.Fatalf("Validate() = %v, want an error naming %s", err, tt.field)
			}
		})
	}
}

func TestNewPanicsOnInvalidOptions(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New accepted Accounts = -1")
		}
	}()
	New(Options{Accounts: -1})
}

func TestDefaults(t *testing.T) {
	o := New(Options{}).Options()
	if o.Accounts != DefaultAccounts || o.Events != DefaultEventsPerAccount*DefaultAccounts ||
		!o.Start.Equal(DefaultStart) || o.Span != DefaultSpan || o.HotShare != DefaultHotShare ||
		o.Prefix != "leadq" {
		t.Errorf("defaults not applied: %+v", o)
	}
	if o := New(Options{HotShare: -1}).Options(); o.HotShare != 0 {
		t.Errorf("HotShare -1 gives %v, want 0", o.HotShare)
	}
	g := New(Options{Prefix: "acme.leadq", Events: 50})
	for it := range g.All() {
		if !strings.HasPrefix(it.Subject, "acme.leadq.in.") {
			t.Fatalf("subject %s does not use the prefix", it.Subject)
		}
	}
	if n := len(collect(New(Options{Events: 123}))); n != 123 {
		t.Errorf("Events 123 gave %d items", n)
	}
}
