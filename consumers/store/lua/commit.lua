-- commit.lua: version-checked, deduplicated write of one account.
-- Only the account's own keys (one hash tag, one cluster slot).
-- KEYS[1] state string "<version>:<next check ms>:<state bytes>",
-- KEYS[2] outbox messages hash, KEYS[3] outbox order list,
-- KEYS[4] applied markers zset (member = event key digest, score = expiry ms)
-- ARGV[1] expected version, ARGV[2] state bytes, ARGV[3] next check ms (0 = none),
-- ARGV[4] event key digest ("" = none), ARGV[5] applied TTL ms, ARGV[6..] id, msg pairs
-- Reply: {0, new version} committed | {1, current version} conflict | {2, 0} applied
local key = ARGV[4]
local now = 0
if key ~= '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local exp = redis.call('ZSCORE', KEYS[4], key)
  -- Checked before the version: a redelivered event is reported as applied
  -- even when later events moved the version on.
  if exp and tonumber(exp) > now then return {2, 0} end
end
-- The header only: the state itself is not copied into Lua.
local v = tonumber(string.match(redis.call('GETRANGE', KEYS[1], 0, 39), '^(%d+):') or '0')
if v ~= tonumber(ARGV[1]) then return {1, v} end
if key ~= '' then
  local ttl = tonumber(ARGV[5])
  -- Lazy expiry: drop markers past their TTL, then keep the whole set alive
  -- exactly as long as its newest marker.
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
  redis.call('ZADD', KEYS[4], now + ttl, key)
  redis.call('PEXPIRE', KEYS[4], ttl)
end
redis.call('SET', KEYS[1], string.format('%d:%d:', v + 1, tonumber(ARGV[3])) .. ARGV[2])
for i = 6, #ARGV, 2 do
  -- An id already pending is not queued twice.
  if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('RPUSH', KEYS[3], ARGV[i])
  end
end
return {0, v + 1}
