-- commit.lua: version-checked, deduplicated write of one account.
-- Only the account's own keys (one hash tag, one cluster slot).
-- KEYS[1] state string "<version>:<next check ms>:<state bytes>",
-- KEYS[2] outbox messages hash, KEYS[3] outbox order list,
-- KEYS[4] applied markers zset (member = event key digest, score = expiry ms)
-- ARGV[1] expected version, ARGV[2] the new state string, header included
-- (its version is ARGV[1] + 1), ARGV[3] event key digest ("" = none),
-- ARGV[4] now (the client's clock, unix ms), ARGV[5] applied TTL ms,
-- ARGV[6..] id, msg pairs
-- Reply: {0, new version} committed | {1, current version} conflict | {2, 0} applied
-- The common path is few calls: every redis.call costs more than the
-- command it runs.
local key, now, ttl = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local marked = false
if key ~= '' then
  -- Marked at once; undone below on a conflict (rare). Checked before the
  -- version: a redelivered event is reported as applied even when later
  -- events moved the version on.
  if redis.call('ZADD', KEYS[4], 'NX', now + ttl, key) == 1 then
    marked = true
  elseif tonumber(redis.call('ZSCORE', KEYS[4], key)) > now then
    return {2, 0}
  end
end
-- The header only: the state itself is not copied into Lua.
local v = tonumber(string.match(redis.call('GETRANGE', KEYS[1], 0, 39), '^(%d+):') or '0')
if v ~= tonumber(ARGV[1]) then
  if marked then redis.call('ZREM', KEYS[4], key) end
  return {1, v}
end
if key ~= '' then
  -- An expired marker of the same event (not yet pruned) is renewed.
  if not marked then redis.call('ZADD', KEYS[4], now + ttl, key) end
  -- The whole set lives exactly as long as its newest marker.
  redis.call('PEXPIRE', KEYS[4], ttl)
end
if (v + 1) % 16 == 0 then
  -- Expired markers are pruned every 16th version: the set holds at most
  -- 15 commits' worth of them beyond those of the last AppliedTTL.
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
end
redis.call('SET', KEYS[1], ARGV[2])
for i = 6, #ARGV, 2 do
  -- An id already pending is not queued twice.
  if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('RPUSH', KEYS[3], ARGV[i])
  end
end
return {0, v + 1}
