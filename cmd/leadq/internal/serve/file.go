package serve

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/leadq/leadq/cmd/leadq/internal/rules"
	"github.com/leadq/leadq/cmd/leadq/internal/versions"
)

// configFile is serve's --config: a single-file deployment. At start and on
// SIGHUP its version is pushed and activated when it is not the active
// one, and every instance (this one through its watch) switches to it.
type configFile struct {
	path string
	kv   *versions.Store
	log  zerolog.Logger
	by   string // who activates: "leadq serve on HOST"
}

// publish reads and validates the file, pushes its version (a no-op when
// pushed before with the same bytes) and activates it if it is not
// active. An invalid file, or other content under a pushed version, is
// refused: nothing changes.
func (c *configFile) publish(ctx context.Context) error {
	data, err := os.ReadFile(c.path)
	if err != nil {
		return fmt.Errorf("reading config: %w", err)
	}
	cfg, warnings, err := rules.Parse(c.path, data)
	for _, w := range warnings {
		c.log.Warn().Str("config", c.path).Msg(w.String())
	}
	if err != nil {
		return err
	}
	_, created, err := c.kv.Push(ctx, cfg.Version, data)
	if err != nil {
		return fmt.Errorf("pushing %s: %w", c.path, err)
	}
	prev, changed, err := c.kv.Activate(ctx, cfg.Version, c.by, time.Now())
	if err != nil {
		return fmt.Errorf("activating %s: %w", c.path, err)
	}
	if changed {
		c.log.Info().Str("config", c.path).Str("config_version", cfg.Version).Bool("pushed", created).
			Str("previous", prev.Version).Msg("configuration file activated")
	}
	return nil
}

// reloadOnHangup publishes the re-read file on each SIGHUP; without a file
// it says that serve follows the active version.
func reloadOnHangup(ctx context.Context, file *configFile, metrics *configMetrics, log zerolog.Logger) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
		}
		if file == nil {
			log.Info().Msg("SIGHUP: no --config file to reload; serve runs the active version (leadq config activate)")
			continue
		}
		if err := file.publish(ctx); err != nil {
			metrics.reloaded(false)
			log.Error().Err(err).Msg("configuration reload refused; keeping the last good configuration")
		}
	}
}

// operator names this instance in the record of activations.
func operator() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown host"
	}
	return "leadq serve on " + host
}
