-- timer_add.lua: propose a re-check instant for an account.
-- KEYS[1] timers zset (account -> due ms, or lease ms while claimed)
-- KEYS[2] claims hash (account -> "token:lease:at"), KEYS[3] pending hash
-- (account -> "min due:max version" of proposals since the last Done)
-- ARGV[1] account, ARGV[2] due ms, ARGV[3] version of the proposing commit
-- A proposal only ever moves a timer earlier (ZADD LT), so one made by a
-- commit that failed can cause an early, spurious re-check, never a late one.
-- While the account is claimed the score is the lease and is left alone; the
-- proposal waits in the pending hash and Done merges it.
local acct, due, ver = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local p = redis.call('HGET', KEYS[3], acct)
if p then
  local pd, pv = string.match(p, '^(%d+):(%d+)$')
  pd, pv = tonumber(pd), tonumber(pv)
  if pd < due then due = pd end
  if pv > ver then ver = pv end
end
redis.call('HSET', KEYS[3], acct, string.format('%d:%d', due, ver))
if redis.call('HEXISTS', KEYS[2], acct) == 0 then
  redis.call('ZADD', KEYS[1], 'LT', ARGV[2], acct)
end
return 1
