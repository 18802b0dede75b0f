package configdiff

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/leadq/leadq/cmd/leadq/internal/render"
)

// report is what a diff prints; its JSON form is the --json output.
type report struct {
	Active          versionRef `json:"active"` // or --against
	Candidate       versionRef `json:"candidate"`
	Accounts        int64      `json:"accounts"`
	Leads           int64      `json:"leads"`
	Unreadable      int64      `json:"unreadable_accounts"`
	QualifiedBefore int64      `json:"qualified_leads_active"`
	QualifiedAfter  int64      `json:"qualified_leads_candidate"`
	Changes         changes    `json:"changes"`
	Seconds         float64    `json:"seconds"`
}

// versionRef names one side of the diff.
type versionRef struct {
	Version string `json:"version"`
	Source  string `json:"source"` // "file PATH", "pushed version" or "active version"
}

// changes holds the counts of each kind of change.
type changes struct {
	BecomeQualified change `json:"become_qualified"`
	StopQualifying  change `json:"stop_qualifying"`
	GradeChanged    change `json:"grade_changed"`
	ICPChanged      change `json:"icp_changed"`
	QueueChanged    change `json:"queue_changed"`
}

// change is one kind of change: how many leads, in how many accounts, and
// the first examples.
type change struct {
	Leads    int64     `json:"leads"`
	Accounts int64     `json:"accounts"`
	Examples []Example `json:"examples"`
}

func newReport(p pair, t *tally, took time.Duration) *report {
	r := &report{
		Active:    versionRef{Version: p.active.cfg.Version, Source: p.active.source},
		Candidate: versionRef{Version: p.candidate.cfg.Version, Source: p.candidate.source},
		Accounts:  t.accounts, Leads: t.leads, Unreadable: t.unreadable,
		QualifiedBefore: t.qualifiedBefore, QualifiedAfter: t.qualifiedAfter,
		Seconds: took.Seconds(),
	}
	for k, c := range r.kinds() {
		*c = change{Leads: t.count[k].leads, Accounts: t.count[k].accounts, Examples: t.examples[k]}
		if c.Examples == nil {
			c.Examples = []Example{}
		}
	}
	return r
}

// kinds returns the changes in kind order.
func (r *report) kinds() []*change {
	c := &r.Changes
	return []*change{&c.BecomeQualified, &c.StopQualifying, &c.GradeChanged, &c.ICPChanged, &c.QueueChanged}
}

// kindTitles are the kinds as the text report names them.
var kindTitles = [numKinds]string{"become qualified", "stop qualifying", "change grade", "change ICP", "change queue"}

// render prints the report for a reader.
func (r *report) render(w io.Writer, showEmails bool) error {
	fmt.Fprintf(w, "candidate %s (%s) against %s (%s)\n", r.Candidate.Version, r.Candidate.Source, r.Active.Version, r.Active.Source)
	took := time.Duration(r.Seconds * float64(time.Second))
	if took > 10*time.Second {
		took = took.Round(time.Second)
	}
	fmt.Fprintf(w, "%s accounts and %s leads read in %s; nothing was written\n",
		group(r.Accounts), group(r.Leads), took.Round(time.Millisecond))
	fmt.Fprintf(w, "qualified leads: %s now, %s under the candidate\n\n", group(r.QualifiedBefore), group(r.QualifiedAfter))
	t := render.NewTable(w, "LEADS THAT WOULD", "LEADS", "ACCOUNTS")
	for k, c := range r.kinds() {
		t.Row(kindTitles[k], group(c.Leads), group(c.Accounts))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	emails := render.Emails{Show: showEmails}
	for k, c := range r.kinds() {
		if len(c.Examples) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s (%d of %s):\n", kindTitles[k], len(c.Examples), group(c.Leads))
		t := render.NewTable(w)
		for _, ex := range c.Examples {
			t.Row("  "+render.Cell(ex.Account), render.Cell(emails.Email(ex.Email)), render.Cell(ex.Before), "->", render.Cell(ex.After))
		}
		if err := t.Flush(); err != nil {
			return err
		}
		if ex := c.Examples[0]; ex.Why != "" {
			fmt.Fprintf(w, "  under %s, %s: %s\n", r.Candidate.Version, emails.Email(ex.Email), render.Cell(ex.Why))
		}
	}
	return nil
}

// rate prints the progress status: accounts compared and their rate.
func rate(accounts int64, elapsed time.Duration) string {
	s := group(accounts) + " accounts"
	if secs := elapsed.Seconds(); secs >= 1 {
		s += fmt.Sprintf(", %s/s", group(int64(float64(accounts)/secs)))
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// score prints a score rounded to two decimals.
func score(x float64) string { return render.Score(x) }

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}
