package main

import (
	"strings"
	"testing"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
	"github.com/leadq/leadq/cmd/leadq/internal/clitest"
)

// TestPublishTailExplainDLQHelp checks that every operator command explains
// itself and names the LEADQ_* variable of each of its flags.
func TestPublishTailExplainDLQHelp(t *testing.T) {
	for _, tc := range []struct {
		cmd  []string
		want []string
	}{
		{[]string{"publish"}, []string{"NDJSON", "--strict", "LEADQ_NATS_URL", "LEADQ_TYPE", "LEADQ_STRICT", "LEADQ_SUBJECT_PREFIX"}},
		{[]string{"tail"}, []string{"ordered consumer", "LEADQ_JSON", "LEADQ_SINCE", "LEADQ_ALL", "LEADQ_SHOW_EMAILS"}},
		{[]string{"explain"}, []string{"account clock", "LEADQ_CONFIG", "LEADQ_REDIS_URL", "LEADQ_AT", "LEADQ_ACCOUNT"}},
		{[]string{"dlq"}, []string{"list", "show", "replay"}},
		{[]string{"dlq", "list"}, []string{"LEADQ_LAST", "LEADQ_REASON"}},
		{[]string{"dlq", "show"}, []string{"payload", "LEADQ_NATS_URL"}},
		{[]string{"dlq", "replay"}, []string{"leadq-original-", "LEADQ_DRY_RUN", "LEADQ_SEQ", "LEADQ_ALL_REASONS"}},
	} {
		r := clitest.Run(t, newRootCmd(), "", append(tc.cmd, "--help")...)
		r.WantCode(t, cli.ExitOK)
		for _, w := range tc.want {
			if !strings.Contains(r.Stdout, w) {
				t.Errorf("%v --help does not mention %s", tc.cmd, w)
			}
		}
	}
}
