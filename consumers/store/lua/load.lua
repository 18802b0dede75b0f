-- load.lua: read one account in one round trip (writes nothing).
-- KEYS[1] state string "<version>:<next check ms>:<state bytes>"
-- KEYS[2] outbox messages hash (id -> msg)
-- KEYS[3] outbox order list (ids, insertion order)
-- KEYS[4] applied markers zset (event key digest -> expiry ms)
-- ARGV[1] event key digest to check, "" = no check
-- Reply: {state string or "", applied (0/1), id1, msg1, id2, msg2, ...}
local applied = 0
if ARGV[1] ~= '' then
  local exp = redis.call('ZSCORE', KEYS[4], ARGV[1])
  if exp then
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    if tonumber(exp) > now then applied = 1 end
  end
end
local out = {redis.call('GET', KEYS[1]) or '', applied}
local ids = redis.call('LRANGE', KEYS[3], 0, -1)
for i = 1, #ids do
  local msg = redis.call('HGET', KEYS[2], ids[i])
  if msg then
    out[#out + 1] = ids[i]
    out[#out + 1] = msg
  end
end
return out
