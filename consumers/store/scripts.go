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
	load, commit, ack, indexAdd, indexTidy *script
	timerAdd, timerClaim, timerDone, turn  *script
}

// script is a compiled script with its digest and source boxed once, for
// the EVALSHA and EVAL commands runPipelined builds.
type script struct {
	*redis.Script
	sha, src any
}

func newScript(src string) *script {
	sc := redis.NewScript(src)
	return &script{Script: sc, sha: sc.Hash(), src: src}
}

func newScripts() *scripts {
	return &scripts{
		load:       newScript(loadLua),
		commit:     newScript(commitLua),
		ack:        newScript(ackLua),
		indexAdd:   newScript(indexAddLua),
		indexTidy:  newScript(indexTidyLua),
		timerAdd:   newScript(timerAddLua),
		timerClaim: newScript(timerClaimLua),
		timerDone:  newScript(timerDoneLua),
		turn:       newScript(turnLua),
	}
}

func (s *scripts) all() []*script {
	return []*script{s.load, s.commit, s.ack, s.indexAdd, s.indexTidy,
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
	script *script
	keys   []string
	// args are boxed without allocating where they can be: pointers
	// (*string, *int64) to memory that outlives the call, or *rawArg.
	args []any
	// idempotent calls may run twice with the same effect as once; only
	// they are repeated when another call of the batch must be re-run.
	idempotent bool
	cmd        *redis.Cmd
	// buf is a pooled buffer among args, if any (see releaseStateValue).
	buf *[]byte
}

// rawArg sends bytes as a command argument; a *rawArg (made from a *[]byte)
// is boxed without the allocation a []byte needs.
type rawArg []byte

// MarshalBinary returns the bytes, as go-redis asks of an argument type it
// does not know.
func (r *rawArg) MarshalBinary() ([]byte, error) { return *r, nil }

// argvLen is the length of the commands of calls.
func argvLen(calls []*call) int {
	n := 0
	for _, c := range calls {
		n += 3 + len(c.keys) + len(c.args)
	}
	return n
}

// command builds c's command (name "evalsha" with the script's digest or
// "eval" with its source) in cmd, its arguments appended to argv, and
// returns argv. The keys are boxed as pointers into c.keys.
func (c *call) command(ctx context.Context, cmd *redis.Cmd, argv []any, name string, script any) []any {
	start := len(argv)
	argv = append(argv, name, script, len(c.keys))
	for i := range c.keys {
		argv = append(argv, &c.keys[i])
	}
	argv = append(argv, c.args...)
	*cmd = *redis.NewCmd(ctx, argv[start:len(argv):len(argv)]...)
	if len(c.keys) > 0 {
		cmd.SetFirstKeyPos(3) // as go-redis's Eval: routes on a cluster
	}
	c.cmd = cmd
	return argv
}

// runPipelined runs the calls with EVALSHA in one pipeline, in order, then
// re-runs with EVAL (one more round trip, in order) every call that failed
// with NOSCRIPT, and with it every idempotent call. A non-idempotent call
// that did run (its result is in cmd) is never repeated. Results and errors
// are left in each call's cmd. The commands of all calls share one array of
// arguments and one of commands.
func runPipelined(ctx context.Context, rdb redis.UniversalClient, calls []*call) {
	argv := make([]any, 0, argvLen(calls))
	cmds := make([]redis.Cmd, len(calls))
	if len(calls) == 1 { // the same without a pipeline's cost
		c := calls[0]
		argv = c.command(ctx, &cmds[0], argv, "evalsha", c.script.sha)
		_ = rdb.Process(ctx, c.cmd)
		if isNoScript(c.cmd.Err()) {
			c.command(ctx, new(redis.Cmd), argv, "eval", c.script.src)
			_ = rdb.Process(ctx, c.cmd)
		}
		return
	}
	pipe := rdb.Pipeline()
	for i, c := range calls {
		argv = c.command(ctx, &cmds[i], argv, "evalsha", c.script.sha)
		_ = pipe.Process(ctx, c.cmd)
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
			argv = c.command(ctx, new(redis.Cmd), argv, "eval", c.script.src)
			_ = pipe.Process(ctx, c.cmd)
		}
	}
	_, _ = pipe.Exec(ctx) // errors are in each call's cmd
}
