package pipeline

import (
	"reflect"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/leadq/leadq/consumers"
	"github.com/leadq/leadq/events"
)

// TestDefaultsAreTheConsumersDefaults: with no flag given, the processor and
// the streams run with the defaults consumers defines.
func TestDefaultsAreTheConsumersDefaults(t *testing.T) {
	o := Defaults()
	subjects := events.Subjects{Prefix: events.DefaultPrefix}
	got, want := o.Processor(), consumers.Config{Subjects: subjects}.WithDefaults()
	got.Now, want.Now = nil, nil // functions never compare equal
	if !reflect.DeepEqual(got, want) {
		t.Errorf("processor defaults:\n%+v\nwant consumers' defaults:\n%+v", got, want)
	}
	if sc, want := o.StreamsConfig(), (consumers.StreamsConfig{Subjects: subjects}).WithDefaults(); !reflect.DeepEqual(sc, want) {
		t.Errorf("stream defaults:\n%+v\nwant consumers' defaults:\n%+v", sc, want)
	}
	if o.KeyPrefix != "leadq:" || o.GCPercent != DefaultGCPercent {
		t.Errorf("key prefix %q, GC percent %d", o.KeyPrefix, o.GCPercent)
	}
}

func TestFlagsSetTheConfig(t *testing.T) {
	var o Options
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	o.Register(fs)
	err := fs.Parse([]string{"--subject-prefix", "acme", "--workers", "3", "--ack-wait", "45s",
		"--free-mail", " Mail.Example ,", "--out-max-age", "36h", "--stream-replicas", "3", "--key-prefix", "acme:"})
	if err != nil {
		t.Fatal(err)
	}
	cfg, sc := o.Processor(), o.StreamsConfig()
	if cfg.Subjects.Prefix != "acme" || cfg.Workers != 3 || cfg.AckWait != 45*time.Second {
		t.Errorf("processor: prefix %q, workers %d, ack wait %s", cfg.Subjects.Prefix, cfg.Workers, cfg.AckWait)
	}
	if !cfg.FreeMail.Contains("mail.example") || !cfg.FreeMail.Contains("gmail.com") {
		t.Errorf("free mail: the extra domain and the built-in list, got %d domains", len(cfg.FreeMail))
	}
	if sc.Subjects.Prefix != "acme" || sc.Out.MaxAge != 36*time.Hour || sc.Replicas != 3 {
		t.Errorf("streams: prefix %q, out max age %s, replicas %d", sc.Subjects.Prefix, sc.Out.MaxAge, sc.Replicas)
	}
	if o.KeyPrefix != "acme:" {
		t.Errorf("key prefix %q", o.KeyPrefix)
	}
}
