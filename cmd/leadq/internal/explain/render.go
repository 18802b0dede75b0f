package explain

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/leadq/leadq/cmd/leadq/internal/render"
	"github.com/leadq/leadq/events"
	"github.com/leadq/leadq/qualify"
)

// renderReport prints an explanation as sections of aligned tables.
func renderReport(w io.Writer, r *explainReport, v render.Emails) error {
	sections := []func(io.Writer, *explainReport, render.Emails) error{
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

func renderHeader(w io.Writer, r *explainReport, _ render.Emails) error {
	t := render.NewTable(w)
	name := r.Account
	if r.Name != "" {
		name += " (" + render.Cell(r.Name) + ")"
	}
	t.Row("account", name)
	at := render.Time(r.EvaluatedAt)
	if r.RequestedAt.Before(r.AccountClock) {
		at += "  (--at is before the account clock; scores never move back)"
	}
	t.Row("evaluated at", at)
	t.Row("account clock", render.Time(r.AccountClock))
	t.Row("config version", render.Cell(r.ConfigVersion))
	next := "none"
	if r.NextCheck != nil {
		next = render.Time(*r.NextCheck)
	}
	t.Row("state", fmt.Sprintf("version %d, next re-check %s", r.StateVersion, next))
	return t.Flush()
}

func renderFit(w io.Writer, r *explainReport, _ render.Emails) error {
	icp := r.ICP
	status := ""
	if icp.Disqualified {
		status = ", DISQUALIFIED"
	}
	fmt.Fprintf(w, "ICP %s: fit %s, grade %s%s (qualifying grade: %s or better)\n",
		render.Cell(icp.Name), render.Score(icp.Fit), icp.Grade, status, r.MinGrade)
	t := render.NewTable(w, "ATTRIBUTE", "VALUE", "RULE", "WEIGHT", "RESULT")
	for _, a := range icp.Attributes {
		t.Row(string(a.Field), firmValue(&r.Firmographics, a.Field, r.Account), render.Cell(a.Rule), render.Score(a.Weight), string(a.Result))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	if len(r.Disqualifiers) > 0 {
		fmt.Fprintln(w)
		t = render.NewTable(w, "DISQUALIFIER", "RESULT")
		for _, d := range r.Disqualifiers {
			t.Row(render.Cell(d.Rule), string(d.Result))
		}
		if err := t.Flush(); err != nil {
			return err
		}
	}
	if len(r.ICPs) < 2 {
		return nil
	}
	fmt.Fprintln(w)
	t = render.NewTable(w, "ICP", "FIT", "GRADE")
	for _, c := range r.ICPs {
		t.Row(render.Cell(c.Name), render.Score(c.Fit), string(c.Grade))
	}
	return t.Flush()
}

func renderReadiness(w io.Writer, r *explainReport, _ render.Emails) error {
	dims := []qualify.DimensionResult{r.Readiness.Ready, r.Readiness.Willing, r.Readiness.Able}
	t := render.NewTable(w, "READINESS", "SCORE", "THRESHOLD", "PASSED")
	for _, d := range dims {
		t.Row(d.Dimension.String(), render.Score(d.Score), render.Score(d.Threshold), render.YesNo(d.Passed))
	}
	t.Row()
	t.Row("CONTRIBUTION", "POINTS", "COUNTED", "FROM", "AT")
	n := 0
	for _, d := range dims {
		for _, s := range d.Signals {
			t.Row(d.Dimension.String(), render.Score(s.Points), render.Score(s.Decayed), "signal "+render.Cell(s.Kind), render.Time(s.Time))
			n++
		}
		for _, a := range d.Attributes {
			t.Row(d.Dimension.String(), render.Score(a.Points), render.Score(a.Points), "attribute "+render.Cell(a.Rule), "-")
			n++
		}
		for _, u := range d.Usage {
			t.Row(d.Dimension.String(), render.Score(u.Points), render.Score(u.Points), "usage "+render.Cell(u.Name), "-")
			n++
		}
	}
	if n == 0 {
		t.Row("none")
	}
	return t.Flush()
}

func renderUsage(w io.Writer, r *explainReport, _ render.Emails) error {
	t := render.NewTable(w, "USAGE RULE", "METRIC", "WINDOW", "VALUE", "AT LEAST", "DIMENSION", "POINTS", "PASSED")
	for _, u := range r.Usage {
		metric := string(u.Metric)
		if u.Event != "" {
			metric += " of " + render.Cell(u.Event)
		}
		t.Row(render.Cell(u.Name), metric, u.Window, strconv.FormatInt(u.Value, 10), strconv.FormatInt(u.AtLeast, 10),
			u.Dimension.String(), render.Score(u.Points), render.YesNo(u.Passed))
	}
	if len(r.Usage) == 0 {
		t.Row("none")
	}
	return t.Flush()
}

func renderLeads(w io.Writer, r *explainReport, v render.Emails) error {
	fmt.Fprintf(w, "A lead qualifies with grade %s or better, persona %s, no disqualifier and every readiness score at its threshold.\n",
		r.MinGrade, strings.Join(r.Personas, " or "))
	t := render.NewTable(w, "LEAD", "TITLE", "PERSONA", "VERDICT", "FAILING CONDITION", "LAST PUBLISHED", "PERSONA RULE")
	for _, l := range r.Leads {
		x := l.Explanation
		t.Row(render.Cell(v.Email(l.Email)), render.Cell(x.Persona.Title), render.Cell(x.Persona.Role), verdict(x.Qualified),
			render.Cell(x.Reason), verdict(l.Published), render.Cell(x.Persona.Rule))
	}
	if len(r.Leads) == 0 {
		t.Row("none")
	}
	return t.Flush()
}

func renderRouting(w io.Writer, r *explainReport, v render.Emails) error {
	t := render.NewTable(w, "ROUTING", "SEGMENT", "REGION", "QUEUE", "REP", "HOW")
	for _, l := range r.Leads {
		rt := l.Routing
		if rt == nil {
			t.Row(render.Cell(v.Email(l.Email)), "-", "-", "-", "-", "no queue takes it (routing.unmatched: drop)")
			continue
		}
		rep := render.Cell(rt.Rep)
		if rt.Reason == string(qualify.ReasonRoundRobin) {
			rep = "next in turn"
		}
		t.Row(render.Cell(v.Email(l.Email)), render.Cell(rt.Segment), render.Cell(rt.Region), render.Cell(rt.Queue), rep, rt.Reason)
	}
	if len(r.Leads) == 0 {
		t.Row("none")
	}
	return t.Flush()
}

// firmValue prints the account's value of an attribute field; "-" when
// unknown.
func firmValue(c *events.Company, field qualify.Field, domain string) string {
	switch field {
	case qualify.FieldIndustry:
		return render.Cell(c.Industry)
	case qualify.FieldEmployees:
		if c.Employees == nil {
			return "-"
		}
		return strconv.FormatInt(*c.Employees, 10)
	case qualify.FieldAnnualRevenue:
		if c.AnnualRevenue == nil {
			return "-"
		}
		return strconv.FormatFloat(*c.AnnualRevenue, 'f', -1, 64)
	case qualify.FieldCountry:
		return render.Cell(c.Country)
	case qualify.FieldGrowthStage:
		return render.Cell(c.GrowthStage)
	case qualify.FieldBusinessModel:
		return render.Cell(c.BusinessModel)
	case qualify.FieldTechStack:
		if c.TechStack == nil {
			return "-"
		}
		return "[" + strings.Map(render.DropControl, strings.Join(c.TechStack, ", ")) + "]"
	case qualify.FieldDomain:
		return domain
	}
	return "-"
}

func verdict(qualified bool) string {
	if qualified {
		return "qualified"
	}
	return "not qualified"
}
