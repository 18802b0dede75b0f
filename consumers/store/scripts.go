package store

import (
	"context"
	_ "embed"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// The Lua scripts, one concern each. Every script touches the keys of one
// hash slot only, so each runs unchanged on Redis Cluster.
var (
	//go:embed lua/load.lua
	loadLua string
	//go:embed lua/commit.lua
	commitLua string
	//go:embed lua/ack.lua
	ackLua string
	//go:embed lua/index_add.lua
	indexAddLua string
	//go:embed lua/index_tidy.lua
	indexTidyLua string
	//go:embed lua/timer_add.lua
	timerAddLua string
	//go:embed lua/timer_claim.lua
	timerClaimLua string
	//go:embed lua/timer_done.lua
	timerDoneLua string
	//go:embed lua/turn.lua
	turnLua string
)

// scripts holds the compiled scripts. Their SHA1 is computed locally, so
// EVALSHA never needs a round trip to learn it.
type scripts struct {
	load, commit, ack, indexAdd, indexTidy *redis.Script
	timerAdd, timerClaim, timerDone, turn  *redis.Script
}

func newScripts() *scripts {
	return &scripts{
		load:       redis.NewScript(loadLua),
		commit:     redis.NewScript(commitLua),
		ack:        redis.NewScript(ackLua),
		indexAdd:   redis.NewScript(indexAddLua),
		indexTidy:  redis.NewScript(indexTidyLua),
		timerAdd:   redis.NewScript(timerAddLua),
		timerClaim: redis.NewScript(timerClaimLua),
		timerDone:  redis.NewScript(timerDoneLua),
		turn:       redis.NewScript(turnLua),
	}
}

func (s *scripts) all() []*redis.Script {
	return []*redis.Script{s.load, s.commit, s.ack, s.indexAdd, s.indexTidy,
		s.timerAdd, s.timerClaim, s.timerDone, s.turn}
}

// loadAll runs SCRIPT LOAD for every script (on every master of a cluster).
// It is an optimisation and a connectivity check only: every call falls back
// to EVAL when Redis lost its script cache (SCRIPT FLUSH, restart, failover).
func (s *scripts) loadAll(ctx context.Context, rdb redis.UniversalClient) error {
	for _, sc := range s.all() {
		if err := sc.Load(ctx, rdb).Err(); err != nil {
			return fmt.Errorf("store: loading scripts: %w", err)
		}
	}
	return nil
}

// isNoScript reports a script missing from Redis's cache, as normalised by
// go-redis or as the raw server error (pipelined commands are not normalised).
func isNoScript(err error) bool {
	return err != nil && (errors.Is(err, redis.ErrNoScript) || redis.HasErrorPrefix(err, "NOSCRIPT"))
}

// call is one script invocation of a pipelined batch.
type call struct {
	script *redis.Script
	keys   []string
	args   []any
	// idempotent calls may run twice with the same effect as once; only
	// they are repeated when another call of the batch must be re-run.
	idempotent bool
	cmd        *redis.Cmd
	// buf is a pooled buffer among args, if any (see releaseStateValue).
	buf *[]byte
}

// runPipelined runs the calls with EVALSHA in one pipeline, in order, then
// re-runs with EVAL (one more round trip, in order) every call that failed
// with NOSCRIPT, and with it every idempotent call. A non-idempotent call
// that did run (its result is in cmd) is never repeated. Results and errors
// are left in each call's cmd.
func runPipelined(ctx context.Context, rdb redis.UniversalClient, calls []*call) {
	if len(calls) == 1 { // the same without a pipeline's cost
		c := calls[0]
		c.cmd = c.script.Run(ctx, rdb, c.keys, c.args...)
		return
	}
	pipe := rdb.Pipeline()
	for _, c := range calls {
		c.cmd = c.script.EvalSha(ctx, pipe, c.keys, c.args...)
	}
	if _, err := pipe.Exec(ctx); err == nil {
		return
	}
	missing := false
	for _, c := range calls {
		missing = missing || isNoScript(c.cmd.Err())
	}
	if !missing {
		return
	}
	pipe = rdb.Pipeline()
	for _, c := range calls {
		if c.idempotent || isNoScript(c.cmd.Err()) {
			c.cmd = c.script.Eval(ctx, pipe, c.keys, c.args...)
		}
	}
	_, _ = pipe.Exec(ctx) // errors are in each call's cmd
}
