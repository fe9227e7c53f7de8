-- Current state of counters, holds past their expiry left out (read-only).
-- KEYS[2i-1], KEYS[2i]: counter hash and expiry zset of counter i. ARGV[1]: now (ms)
local now = tonumber(ARGV[1])
local result = {}
for i = 1, #KEYS / 2 do
  local counter, expiry = KEYS[2 * i - 1], KEYS[2 * i]
  local state = redis.call('HMGET', counter, 'used', 'held')
  local held = tonumber(state[2]) or 0
  local expired = redis.call('ZRANGEBYSCORE', expiry, '-inf', now)
  for _, id in ipairs(expired) do
    held = held - (tonumber(redis.call('HGET', counter, 'r:' .. id)) or 0)
  end
  result[#result + 1] = tonumber(state[1]) or 0
  result[#result + 1] = held
end
return result
