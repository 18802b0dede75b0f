package schemas_test

import (
	"fmt"

	"github.com/leadq/leadq/schemas"
)

func ExampleValidateJSON() {
	data := []byte(`{"lead": {"first_name": "Jane"},
	                 "company": {"employees": -3, "tech_stack": "slack"},
	                 "form": {"kind": "chat"}}`)
	violations, err := schemas.ValidateJSON(schemas.LeadCaptured, data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range violations {
		fmt.Println(v)
	}
	// Output:
	// /company/employees: must be at least 0
	// /company/tech_stack: must be array or null, not string
	// /form/kind: must be one of "demo_request", "pricing", "contact_sales", "trial_signup", "content_download", "webinar", "newsletter", "other", null
	// /lead/email: is required
}

func ExampleValidate() {
	config := map[string]any{
		"version": "2026-11-22.1",
		"icps": []any{map[string]any{
			"name":       "saas",
			"attributes": []any{map[string]any{"field": "industry", "weight": 10}},
		}},
		"grades":    map[string]any{"A": 80, "B": 60, "C": 40},
		"readiness": map[string]any{"thresholds": map[string]any{"ready": 40, "willing": 40, "able": 40}},
		"qualify":   map[string]any{"min_grade": "B", "personas": []any{"champion"}},
		"routing":   map[string]any{"queues": []any{map[string]any{"name": "sdr", "reps": []any{"ana"}}}},
	}
	for _, v := range schemas.Validate(schemas.Config, config) {
		fmt.Println(v)
	}
	// Output:
	// /icps/0/attributes/0: needs exactly one of: in, not_in, between, any, all, matches
}
