package logs

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
)

func TestRedactURLHidesPasswords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"redis://localhost:6379/0", "redis://localhost:6379/0"},
		{"rediss://app:s3cret@redis.example:6380/2", "rediss://app:xxxxx@redis.example:6380/2"},
		{"nats://a:pw@n1:4222, nats://b:pw@n2:4222", "nats://a:xxxxx@n1:4222,nats://b:xxxxx@n2:4222"},
		{"redis://%zz@host", "<unparsable URL>"},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoggerOptions(t *testing.T) {
	var buf bytes.Buffer
	log, err := (&Options{Level: "warn", Format: "json"}).Logger(&buf)
	if err != nil {
		t.Fatal(err)
	}
	log.Info().Msg("hidden")
	log.Warn().Msg("shown")
	if out := buf.String(); strings.Contains(out, "hidden") || !strings.Contains(out, `"message":"shown"`) {
		t.Errorf("warn-level JSON log = %q", out)
	}
	for _, o := range []Options{{Level: "loud", Format: "json"}, {Level: "", Format: "json"}, {Level: "info", Format: "xml"}} {
		if _, err := o.Logger(&buf); cli.ExitCode(err) != cli.ExitUsage {
			t.Errorf("%+v: error %v, want a usage error", o, err)
		}
	}
}
