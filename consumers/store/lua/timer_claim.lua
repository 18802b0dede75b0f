-- timer_claim.lua: claim due accounts under a lease.
-- KEYS[1] timers zset, KEYS[2] claims hash, KEYS[3] pending hash,
-- KEYS[4] claim counter
-- ARGV[1] now ms, ARGV[2] lease ms (> 0), ARGV[3] limit
-- Reply: {account, at ms, lease ms, token, ...}
-- Claiming moves the score to now+lease, out of the due range, so no other
-- claimer sees the account until the lease expires. Each claim gets a token
-- never given before (a counter; with the lease expiry it stays unique even
-- if Redis lost the counter), which Done compares.
local now, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for i = 1, #due, 2 do
  local acct, at = due[i], tonumber(due[i + 1])
  local c = redis.call('HGET', KEYS[2], acct)
  if c then
    -- The previous claimer let its lease expire: the due instant is still
    -- the one it claimed, or an earlier one proposed meanwhile.
    at = tonumber(string.match(c, ':(%d+)$'))
    local p = redis.call('HGET', KEYS[3], acct)
    if p then
      local pd = tonumber(string.match(p, '^(%d+):'))
      if pd < at then at = pd end
    end
  end
  local token = redis.call('INCR', KEYS[4])
  redis.call('ZADD', KEYS[1], 'XX', now + lease, acct)
  redis.call('HSET', KEYS[2], acct, string.format('%d:%d:%d', token, now + lease, at))
  out[#out + 1] = acct
  out[#out + 1] = at
  out[#out + 1] = now + lease
  out[#out + 1] = token
end
return out
