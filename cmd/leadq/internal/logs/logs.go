package logs

import (
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"github.com/leadq/leadq/cmd/leadq/internal/cli"
)

// Options choose the log format and level.
type Options struct {
	Level  string
	Format string
}

// Register adds --log-level and --log-format to fs.
func (o *Options) Register(fs *pflag.FlagSet) {
	fs.StringVar(&o.Level, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&o.Format, "log-format", "auto", "log format: json, console, or auto (console on a terminal)")
}

// Logger builds the process logger writing to w (standard error).
func (o *Options) Logger(w io.Writer) (zerolog.Logger, error) {
	lvl, err := zerolog.ParseLevel(strings.ToLower(o.Level))
	if err != nil || o.Level == "" {
		return zerolog.Nop(), cli.Usagef("--log-level %q: want debug, info, warn or error", o.Level)
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
		return zerolog.Nop(), cli.Usagef("--log-format %q: want json, console or auto", o.Format)
	}
	return zerolog.New(out).Level(lvl).With().Timestamp().Logger(), nil
}

// Warnings is the logger of an operator command (publish, tail, dlq): plain
// console lines on w (standard error), warnings and errors only, such as
// connection trouble.
func Warnings(w io.Writer) zerolog.Logger {
	return zerolog.New(zerolog.ConsoleWriter{Out: w, NoColor: true, TimeFormat: time.TimeOnly}).
		Level(zerolog.WarnLevel).With().Timestamp().Logger()
}

// RedactURL hides the password of a URL, or of each of a comma-separated
// list, so it can be logged or printed.
func RedactURL(raw string) string {
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
