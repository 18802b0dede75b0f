-- index_tidy.lua: drop an account from the pending-outbox index once its
-- outbox was seen empty at state version ARGV[2].
-- Refused while a proposal of a later version is younger than ARGV[3] ms:
-- its commit may be about to append entries. An older one belongs to a
-- commit that failed (an applied event retried concurrently proposes the
-- version after the current one and never gets it), or one that succeeded
-- so long ago that the version read would show it.
-- KEYS[1] outboxes zset, KEYS[2] generation hash
-- ARGV[1] account, ARGV[2] version, ARGV[3] grace ms
-- Reply: 1 removed, 0 kept
local g = redis.call('HGET', KEYS[2], ARGV[1])
if g then
  local gv, gt = string.match(g, '^(%d+):(%d+)$')
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  if tonumber(gv) > tonumber(ARGV[2]) and now - tonumber(gt) < tonumber(ARGV[3]) then
    return 0
  end
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
