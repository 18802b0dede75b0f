-- index_add.lua: propose an account for the pending-outbox index.
-- KEYS[1] outboxes zset (account -> when first indexed, ms), KEYS[2]
-- generation hash (account -> "version:ms": highest state version proposed,
-- when last proposed); both in the slot of KEYS[1].
-- ARGV[1] account, ARGV[2] version of the commit proposing it
-- Idempotent; harmless when the proposing commit fails (a stale entry only
-- costs the sweeper one look).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ver = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'NX', now, ARGV[1])
local g = redis.call('HGET', KEYS[2], ARGV[1])
if g then
  local gv = tonumber(string.match(g, '^(%d+):'))
  if gv > ver then ver = gv end
end
redis.call('HSET', KEYS[2], ARGV[1], string.format('%d:%d', ver, now))
return 1
