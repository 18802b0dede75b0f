package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/leadq/leadq/qualify"
)

// renderReport prints an explanation as sections of aligned tables.
func renderReport(w io.Writer, r *explainReport, v emailView) error {
	sections := []func(io.Writer, *explainReport, emailView) error{
		renderHeader, renderFit, renderReadiness, renderUsage, renderLeads, renderRouting,
	}
	for i, s := range sections {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return fmt.Errorf("writing output: %w", err)
			}
		}
		if err := s(w, r, v); err != nil {
			return err
		}
	}
	return nil
}

func renderHeader(w io.Writer, r *explainReport, _ emailView) error {
	t := newTable(w)
	name := r.Account
	if r.Name != "" {
		name += " (" + cell(r.Name) + ")"
	}
	t.row("account", name)
	at := fmtTime(r.EvaluatedAt)
	if r.RequestedAt.Before(r.AccountClock) {
		at += "  (--at is before the account clock; scores never move back)"
	}
	t.row("evaluated at", at)
	t.row("account clock", fmtTime(r.AccountClock))
	t.row("config version", cell(r.ConfigVersion))
	next := "none"
	if r.NextCheck != nil {
		next = fmtTime(*r.NextCheck)
	}
	t.row("state", fmt.Sprintf("version %d, next re-check %s", r.StateVersion, next))
	return t.flush()
}

func renderFit(w io.Writer, r *explainReport, _ emailView) error {
	icp := r.ICP
	status := ""
	if icp.Disqualified {
		status = ", DISQUALIFIED"
	}
	fmt.Fprintf(w, "ICP %s: fit %s, grade %s%s (qualifying grade: %s or better)\n",
		cell(icp.Name), fmtScore(icp.Fit), icp.Grade, status, r.MinGrade)
	t := newTable(w, "ATTRIBUTE", "VALUE", "RULE", "WEIGHT", "RESULT")
	for _, a := range icp.Attributes {
		t.row(string(a.Field), r.Firmographics.value(a.Field, r.Account), cell(a.Rule), fmtScore(a.Weight), string(a.Result))
	}
	if err := t.flush(); err != nil {
		return err
	}
	if len(r.Disqualifiers) > 0 {
		fmt.Fprintln(w)
		t = newTable(w, "DISQUALIFIER", "RESULT")
		for _, d := range r.Disqualifiers {
			t.row(cell(d.Rule), string(d.Result))
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	if len(r.ICPs) < 2 {
		return nil
	}
	fmt.Fprintln(w)
	t = newTable(w, "ICP", "FIT", "GRADE")
	for _, c := range r.ICPs {
		t.row(cell(c.Name), fmtScore(c.Fit), string(c.Grade))
	}
	return t.flush()
}

func renderReadiness(w io.Writer, r *explainReport, _ emailView) error {
	dims := []qualify.DimensionResult{r.Readiness.Ready, r.Readiness.Willing, r.Readiness.Able}
	t := newTable(w, "READINESS", "SCORE", "THRESHOLD", "PASSED")
	for _, d := range dims {
		t.row(d.Dimension.String(), fmtScore(d.Score), fmtScore(d.Threshold), yesNo(d.Passed))
	}
	t.row()
	t.row("CONTRIBUTION", "POINTS", "COUNTED", "FROM", "AT")
	n := 0
	for _, d := range dims {
		for _, s := range d.Signals {
			t.row(d.Dimension.String(), fmtScore(s.Points), fmtScore(s.Decayed), "signal "+cell(s.Kind), fmtTime(s.Time))
			n++
		}
		for _, a := range d.Attributes {
			t.row(d.Dimension.String(), fmtScore(a.Points), fmtScore(a.Points), "attribute "+cell(a.Rule), "-")
			n++
		}
		for _, u := range d.Usage {
			t.row(d.Dimension.String(), fmtScore(u.Points), fmtScore(u.Points), "usage "+cell(u.Name), "-")
			n++
		}
	}
	if n == 0 {
		t.row("none")
	}
	return t.flush()
}

func renderUsage(w io.Writer, r *explainReport, _ emailView) error {
	t := newTable(w, "USAGE RULE", "METRIC", "WINDOW", "VALUE", "AT LEAST", "DIMENSION", "POINTS", "PASSED")
	for _, u := range r.Usage {
		metric := string(u.Metric)
		if u.Event != "" {
			metric += " of " + cell(u.Event)
		}
		t.row(cell(u.Name), metric, u.Window, strconv.FormatInt(u.Value, 10), strconv.FormatInt(u.AtLeast, 10),
			u.Dimension.String(), fmtScore(u.Points), yesNo(u.Passed))
	}
	if len(r.Usage) == 0 {
		t.row("none")
	}
	return t.flush()
}

func renderLeads(w io.Writer, r *explainReport, v emailView) error {
	fmt.Fprintf(w, "A lead qualifies with grade %s or better, persona %s, no disqualifier and every readiness score at its threshold.\n",
		r.MinGrade, strings.Join(r.Personas, " or "))
	t := newTable(w, "LEAD", "TITLE", "PERSONA", "VERDICT", "FAILING CONDITION", "LAST PUBLISHED", "PERSONA RULE")
	for _, l := range r.Leads {
		x := l.Explanation
		t.row(cell(v.email(l.Email)), cell(x.Persona.Title), cell(x.Persona.Role), verdict(x.Qualified),
			cell(x.Reason), verdict(l.Published), cell(x.Persona.Rule))
	}
	if len(r.Leads) == 0 {
		t.row("none")
	}
	return t.flush()
}

func renderRouting(w io.Writer, r *explainReport, v emailView) error {
	t := newTable(w, "ROUTING", "SEGMENT", "REGION", "QUEUE", "REP", "HOW")
	for _, l := range r.Leads {
		rt := l.Routing
		if rt == nil {
			t.row(cell(v.email(l.Email)), "-", "-", "-", "-", "no queue takes it (routing.unmatched: drop)")
			continue
		}
		rep := cell(rt.Rep)
		if rt.Reason == string(qualify.ReasonRoundRobin) {
			rep = "next in turn"
		}
		t.row(cell(v.email(l.Email)), cell(rt.Segment), cell(rt.Region), cell(rt.Queue), rep, rt.Reason)
	}
	if len(r.Leads) == 0 {
		t.row("none")
	}
	return t.flush()
}

func verdict(qualified bool) string {
	if qualified {
		return "qualified"
	}
	return "not qualified"
}
