package configcmd

import (
	"strings"
	"time"

	"github.com/leadq/leadq/cmd/leadq/internal/render"
)

// timeOf prints an instant of the bucket: UTC, to the second.
func timeOf(t time.Time) string {
	return render.Time(t)
}

// quoteArg quotes a version for a shell command line when it needs it.
func quoteArg(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:/+@=", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
