package consumers_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leadq/leadq/deploy/testbench"
	"github.com/leadq/leadq/events"
)

// TestIntegrationNATSCLIPublishes checks that CloudEvents published by a client
// we did not write — the nats CLI (natscli v0.4.0, pinned in deploy/tools) —
// decode as intended, in both content modes.
func TestIntegrationNATSCLIPublishes(t *testing.T) {
	natsCLI := natsCLIPath(t)
	tests := []struct {
		name    string
		subject func(events.Subjects) string
		body    string
		headers []string
		wantID  string
		want    any
	}{
		{
			name:    "binary mode with -H ce- headers",
			subject: events.Subjects.Lead,
			body:    `{"lead":{"email":"Ana.Silva@Example-Corp.com","title":"Head of Sales"},"form":{"kind":"pricing"}}`,
			headers: []string{
				"ce-specversion:1.0", "ce-id:cli%201", "ce-source:https://crm.example/cli", "ce-type:" + events.TypeLeadCaptured,
				"ce-time:2026-11-06T07:30:00Z", "ce-datacontenttype:application/json", "traceparent:" + traceParent,
			},
			wantID: "cli 1",
			want: &events.LeadCaptured{
				Lead: events.Person{Email: "ana.silva@example-corp.com", Title: "Head of Sales"},
				Form: &events.Form{Kind: "pricing"},
			},
		},
		{
			name:    "structured mode with a Content-Type header",
			subject: events.Subjects.Usage,
			body: `{"specversion":"1.0","id":"cli-2","source":"https://crm.example/cli","type":"` + events.TypeUsageRecorded + `",` +
				`"time":"2026-11-06T07:30:00Z","traceparent":"` + traceParent + `","data":{"account":{"domain":"acme.io"},"user":"u-9","event":"login"}}`,
			headers: []string{"Content-Type:application/cloudevents+json"},
			wantID:  "cli-2",
			want:    &events.UsageRecorded{Account: events.AccountRef{Domain: "acme.io"}, User: "u-9", Event: "login", Count: 1},
		},
		{
			name:    "structured mode without headers",
			subject: events.Subjects.Trigger,
			body: `{"specversion":"1.0","id":"cli-3","source":"https://crm.example/cli","type":"` + events.TypeTriggerDetected + `",` +
				`"time":"2026-11-06T07:30:00Z","traceparent":"` + traceParent + `","data":{"account":{"domain":"Acme.io"},"kind":"tender"}}`,
			wantID: "cli-3",
			want:   &events.TriggerDetected{Account: events.AccountRef{Domain: "acme.io"}, Kind: "tender"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStreams(t)
			args := []string{"--server", s.URL, "pub", "--jetstream", tt.subject(s.subjects), tt.body}
			for _, h := range tt.headers {
				args = append(args, "-H", h)
			}
			runCLI(t, natsCLI, args...)

			m := fetchOne(t, s.consumer(t, 1))
			ev, err := events.Decode(natsMsg(m), events.DecodeOptions{Now: benchNow})
			if err != nil {
				t.Fatalf("Decode of the CLI's message (headers %v, payload %q): %v", m.Headers(), m.Data(), err)
			}
			wantTime := time.Date(2026, 11, 6, 7, 30, 0, 0, time.UTC)
			if ev.ID != tt.wantID || ev.Source != "https://crm.example/cli" || !ev.Time.Equal(wantTime) || ev.TraceParent != traceParent {
				t.Errorf("attributes id=%q source=%q time=%v traceparent=%q; want %q https://crm.example/cli %v %q",
					ev.ID, ev.Source, ev.Time, ev.TraceParent, tt.wantID, wantTime, traceParent)
			}
			if got := decodedData(ev); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("data\n got %s\nwant %s", jsonString(got), jsonString(tt.want))
			}
		})
	}
}

func runCLI(t *testing.T, natsCLI string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(testContext(t), natsCLI, args...)
	home := t.TempDir() // no user contexts or settings
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "NATS_CONTEXT=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nats %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

var natsCLI struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// natsCLIPath builds the nats CLI of the deploy/tools module once per test
// binary and returns its path. When it cannot be built (the module proxy is
// out of reach), the test is skipped — or fails under CI.
func natsCLIPath(t *testing.T) string {
	t.Helper()
	natsCLI.once.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			natsCLI.err = err
			return
		}
		cmd := exec.Command(goBin, "tool", "-n", "nats")
		cmd.Dir = filepath.Join("..", "deploy", "tools")
		natsCLI.out, natsCLI.err = cmd.Output()
		if exit, ok := natsCLI.err.(*exec.ExitError); ok {
			natsCLI.out = exit.Stderr // the go command's reason, e.g. the proxy's answer
		}
		natsCLI.path = strings.TrimSpace(string(natsCLI.out))
	})
	if natsCLI.err != nil {
		msg := "building the nats CLI (cd deploy/tools && go tool -n nats): %v\n%s"
		if testbench.Required() {
			t.Fatalf(msg, natsCLI.err, natsCLI.out)
		}
		t.Skipf(msg, natsCLI.err, natsCLI.out)
	}
	return natsCLI.path
}
