package schemas

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// seeds are documents of every schema, valid and not, for the fuzz corpus and
// the inlining check.
var seeds = []string{
	`{"lead":{"email":"Jane.Doe@Acme.io","title":"VP"},"company":{"domain":"acme.io","employees":300,"annual_revenue":4e7,"tech_stack":["slack"]},"form":{"kind":"demo_request"}}`,
	`{"lead":{"email":"x"},"company":{"employees":-1,"domain":null,"tech_stack":[1]},"form":{"kind":"zzz"}}`,
	`{"account":{"domain":"acme.io"},"kind":"funding_round","details":{"round":"B"}}`,
	`{"account":{"domain":"acme.io"},"user":"u","event":"report.exported","count":0}`,
	`{"lead":{"email":"a@b.io","role":"x"},"account":{"domain":"b.io"},"evaluated_at":"2026-11-06T08:00:00Z","config_version":"1","icp":"x","fit":100,"grade":"A","readiness":{"ready":1,"willing":2,"able":3},"explanation":{},"reason":"r"}`,
	`{"lead":{"email":"a@b.io"},"account":{"domain":"b.io"},"queue":"q","rep":"r","reason":"round_robin","config_version":"1"}`,
	`{"version":"1","icps":[{"name":"a","attributes":[{"field":"industry","weight":1},{"field":"employees","between":[1,null],"in":["b"],"weight":0}]}],"qualify":{"min_grade":"B","personas":["x"]},"routing":{"queues":[{"name":"a b","reps":["x"]}]}}`,
	`[]`, `null`, `"x"`, `{}`,
}

// checkInlining asserts the inlined and the plain schemas report the same.
func checkInlining(t *testing.T, plain *set, data []byte) {
	t.Helper()
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return
	}
	for _, name := range Names() {
		got := Validate(name, doc)
		want := plain.validate(name, doc)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: inlined schema reports %v, the plain one %v", name, got, want)
		}
		for _, v := range got {
			if v.Message == "" || (v.Pointer != "" && !strings.HasPrefix(v.Pointer, "/")) {
				t.Fatalf("%s: bad violation %#v", name, v)
			}
		}
	}
}

func plainSchemas(t testing.TB) *set {
	t.Helper()
	plain, err := compile(files, false)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

func TestInliningKeepsTheMeaning(t *testing.T) {
	plain := plainSchemas(t)
	for _, s := range append(seeds, specConfigJSON(t)) {
		checkInlining(t, plain, []byte(s))
	}
}

// specConfigJSON returns testdata/config.yaml as JSON.
func specConfigJSON(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestInlineFailsOnBrokenReferences(t *testing.T) {
	in := &inliner{docs: map[string]any{baseURL + "a.json": map[string]any{"$ref": "b.json#/x"}}}
	if _, err := in.inline(in.docs[baseURL+"a.json"], baseURL+"a.json", 0); err == nil {
		t.Error("unknown document accepted")
	}
	in.docs[baseURL+"b.json"] = map[string]any{"$ref": "a.json"}
	if _, err := in.inline(in.docs[baseURL+"a.json"], baseURL+"a.json", 0); err == nil {
		t.Error("missing fragment accepted")
	}
	cyc := &inliner{docs: map[string]any{baseURL + "c.json": map[string]any{"$defs": map[string]any{"x": map[string]any{"$ref": "#/$defs/x"}}}}}
	if _, err := cyc.inline(cyc.docs[baseURL+"c.json"], baseURL+"c.json", 0); err == nil {
		t.Error("reference cycle accepted")
	}
}

// FuzzValidateJSON feeds arbitrary JSON to every schema: no panics, well-formed
// violations, and the inlined schemas agree with the plain ones.
func FuzzValidateJSON(f *testing.F) {
	for _, s := range append(seeds, specConfigJSON(f)) {
		f.Add([]byte(s))
	}
	plain := plainSchemas(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		// Any JSON text parses, numbers beyond float64 (1E1000) included:
		// they are kept as json.Number, which json.Unmarshal into any refuses.
		parses := json.Valid(data)
		for _, name := range Names() {
			if _, err := ValidateJSON(name, data); (err == nil) != parses {
				t.Fatalf("%s: ValidateJSON error %v, but json.Valid: %v", name, err, parses)
			}
		}
		checkInlining(t, plain, data)
	})
}
