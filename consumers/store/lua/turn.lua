-- turn.lua: the round-robin turn of one transition, idempotently.
-- KEYS[1] queue counter, KEYS[2] claim of this transition (same hash tag)
-- ARGV[1] claim TTL ms
-- Reply: the 0-based turn; the same for every call with the same transition.
local c = redis.call('GET', KEYS[2])
if c then return tonumber(c) end
local n = redis.call('INCR', KEYS[1]) - 1
redis.call('SET', KEYS[2], n, 'PX', ARGV[1])
return n
