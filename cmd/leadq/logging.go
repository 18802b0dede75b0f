package main

import (
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/spf13/pflag"
)

// logOptions choose the log format and level.
type logOptions struct {
	Level  string
	Format string
}

func (o *logOptions) register(fs *pflag.FlagSet) {
	fs.StringVar(&o.Level, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&o.Format, "log-format", "auto", "log format: json, console, or auto (console on a terminal)")
}

// logger builds the process logger writing to w (standard error).
func (o *logOptions) logger(w io.Writer) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(strings.ToLower(o.Level))
	if err != nil || o.Level == "" {
		return zerolog.Nop(), usageErrorf("--log-level %q: want debug, info, warn or error", o.Level)
	}
	out := w
	switch o.Format {
	case "json":
	case "console":
		out = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	case "auto":
		if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			out = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
		}
	default:
		return zerolog.Nop(), usageErrorf("--log-format %q: want json, console or auto", o.Format)
	}
	return zerolog.New(out).Level(lvl).With().Timestamp().Logger(), nil
}

// redactURL hides the password of a URL so it can be logged or printed.
func redactURL(raw string) string {
	var parts []string
	for _, s := range strings.Split(raw, ",") {
		u, err := url.Parse(strings.TrimSpace(s))
		if err != nil {
			parts = append(parts, "<unparsable URL>")
			continue
		}
		parts = append(parts, u.Redacted())
	}
	return strings.Join(parts, ",")
}
