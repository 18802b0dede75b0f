package versions

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/leadq/leadq/deploy/testbench"
)

// newStore returns the bucket of a test's own prefix on the test bench's
// NATS, deleted afterwards.
func newStore(t *testing.T) *Store {
	t.Helper()
	srv := testbench.NATS(t)
	ctx := context.Background()
	if _, err := Open(ctx, srv.JS, srv.Prefix); !errors.Is(err, ErrNoBucket) {
		t.Fatalf("Open before any push: %v, want ErrNoBucket", err)
	}
	s, err := Ensure(ctx, srv.JS, srv.Prefix, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.JS.DeleteKeyValue(context.Background(), s.Bucket()) })
	return s
}

func TestBucketFollowsThePrefix(t *testing.T) {
	for prefix, want := range map[string]string{"": "LEADQ_CONFIG", "leadq": "LEADQ_CONFIG", "acme.leads": "ACME_LEADS_CONFIG"} {
		if got := Bucket(prefix); got != want {
			t.Errorf("Bucket(%q) = %q, want %q", prefix, got, want)
		}
	}
}

func TestPush(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	yaml := []byte("version: \"1\"\n# as pushed, comments included\n")
	v, created, err := s.Push(ctx, "1", yaml)
	if err != nil || !created || v.Name != "1" || string(v.YAML) != string(yaml) || v.Pushed.IsZero() {
		t.Fatalf("first push: %+v, created %v, %v", v, created, err)
	}
	if _, created, err := s.Push(ctx, "1", yaml); err != nil || created {
		t.Errorf("same version, same bytes: created %v, %v; want a no-op", created, err)
	}
	if _, _, err := s.Push(ctx, "2", yaml); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Push(ctx, "1", []byte("version: \"1\"\n"))
	var ce *ContentError
	if !errors.Is(err, ErrContentDiffers) || !errors.As(err, &ce) || ce.Suggest != "3" || ce.Version != "1" {
		t.Errorf("same version, other bytes: %v; want ErrContentDiffers suggesting the unused version 3", err)
	}
	if got, err := s.Get(ctx, "1"); err != nil || string(got.YAML) != string(yaml) {
		t.Errorf("after the refused push: %q, %v; want the first bytes", got.YAML, err)
	}
	if _, err := s.Get(ctx, "9"); !errors.Is(err, ErrUnknownVersion) {
		t.Errorf("Get of a version never pushed: %v, want ErrUnknownVersion", err)
	}
}

func TestActivateAndRollBack(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if _, err := s.Active(ctx); !errors.Is(err, ErrNoActive) {
		t.Fatalf("Active before any activation: %v, want ErrNoActive", err)
	}
	for _, v := range []string{"2026-11-22.1", "Q4 rules/v2"} {
		if _, _, err := s.Push(ctx, v, []byte("version: "+v)); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		version      string
		wantReturned string // the activation replaced, or the active one when unchanged
		wantChanged  bool
	}{
		{"2026-11-22.1", "", true},
		{"Q4 rules/v2", "2026-11-22.1", true},
		{"Q4 rules/v2", "Q4 rules/v2", false}, // already active: nothing is written
		{"2026-11-22.1", "Q4 rules/v2", true}, // rollback
	}
	for i, st := range steps {
		prev, changed, err := s.Activate(ctx, st.version, "ana@host", at.Add(time.Duration(i)*time.Minute))
		if err != nil || changed != st.wantChanged || prev.Version != st.wantReturned {
			t.Fatalf("step %d: activate %q: returned %q, changed %v, %v; want %q, %v",
				i, st.version, prev.Version, changed, err, st.wantReturned, st.wantChanged)
		}
		a, err := s.Active(ctx)
		if err != nil || a.Version != st.version || a.By != "ana@host" {
			t.Errorf("step %d: active %+v, %v; want %q by ana@host", i, a, err, st.version)
		}
	}
	if _, _, err := s.Activate(ctx, "never-pushed", "ana@host", at); !errors.Is(err, ErrUnknownVersion) {
		t.Errorf("activating a version never pushed: %v, want ErrUnknownVersion", err)
	}
	hist, err := s.Activations(ctx)
	if err != nil || len(hist) != 3 || hist[2].Version != "2026-11-22.1" || hist[2].Previous != "Q4 rules/v2" {
		t.Errorf("activations %+v, %v; want 3, the rollback last", hist, err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "2026-11-22.1" || list[1].Name != "Q4 rules/v2" {
		t.Errorf("List %+v, %v; want both versions in push order", list, err)
	}
}

// TestActivateRace: concurrent activations each record the one they
// replaced, so the chain of previous versions has no gap.
func TestActivateRace(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	names := []string{"a", "b", "c", "d"}
	for _, v := range names {
		if _, _, err := s.Push(ctx, v, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, len(names))
	for _, v := range names {
		go func() {
			_, _, err := s.Activate(ctx, v, "test", time.Now())
			errs <- err
		}()
	}
	for range names {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	hist, err := s.Activations(ctx)
	if err != nil || len(hist) != len(names) {
		t.Fatalf("activations %+v, %v; want %d", hist, err, len(names))
	}
	for i := 1; i < len(hist); i++ {
		if hist[i].Previous != hist[i-1].Version {
			t.Errorf("activation %d replaced %q, but %q was active", i, hist[i].Previous, hist[i-1].Version)
		}
	}
}

func TestBump(t *testing.T) {
	for v, want := range map[string]string{"2026-11-22.1": "2026-11-22.2", "v9": "v10", "prod": "prod.2", "7": "8", "x.12345678901": "x.12345678901.2"} {
		if got := bump(v); got != want {
			t.Errorf("bump(%q) = %q, want %q", v, got, want)
		}
	}
}
