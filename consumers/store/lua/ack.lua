-- ack.lua: remove published entries from an account's outbox.
-- KEYS[1] state string, KEYS[2] outbox messages hash, KEYS[3] outbox order list
-- ARGV ids to remove (none: only report)
-- Reply: {entries left, current version}
for i = 1, #ARGV do
  if redis.call('HDEL', KEYS[2], ARGV[i]) == 1 then
    redis.call('LREM', KEYS[3], 1, ARGV[i])
  end
end
local v = string.match(redis.call('GETRANGE', KEYS[1], 0, 39), '^(%d+):')
return {redis.call('LLEN', KEYS[3]), tonumber(v or '0')}
