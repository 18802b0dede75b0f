-- timer_done.lua: finish a claim (compare-and-set on the claim token).
-- KEYS[1] timers zset, KEYS[2] claims hash, KEYS[3] pending hash
-- ARGV[1] account, ARGV[2] claim token, ARGV[3] state version the re-check
-- read, ARGV[4] next due ms (0 = none), ARGV[5] lease expiry ms of the claim
-- Reply: 1 done, 0 the claim is no longer ours (expired and re-claimed)
local acct = ARGV[1]
local c = redis.call('HGET', KEYS[2], acct)
if not c then return 0 end
if c ~= ARGV[2] .. ':' .. ARGV[5] .. ':' .. string.match(c, ':(%d+)$') then return 0 end
local nxt = tonumber(ARGV[4])
local p = redis.call('HGET', KEYS[3], acct)
if p then
  -- A proposal of a version the re-check did not read may hold an earlier
  -- instant; keep the earlier one. Proposals it did read are superseded.
  local pd, pv = string.match(p, '^(%d+):(%d+)$')
  pd, pv = tonumber(pd), tonumber(pv)
  if pv > tonumber(ARGV[3]) and (nxt == 0 or pd < nxt) then nxt = pd end
end
redis.call('HDEL', KEYS[2], acct)
redis.call('HDEL', KEYS[3], acct)
if nxt == 0 then
  redis.call('ZREM', KEYS[1], acct)
else
  redis.call('ZADD', KEYS[1], nxt, acct)
end
return 1
