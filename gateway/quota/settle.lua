-- Settle a reservation once: release its holds and add the real usage.
-- KEYS[1] idempotency record; KEYS[2i], KEYS[2i+1] counter hash and expiry zset of line i
-- ARGV: reservation id, now (ms), n, then per line: used amount, counter expires at (ms)
if redis.call('DEL', KEYS[1]) == 0 then
  return 0
end
local rid = ARGV[1]
local now = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local field = 'r:' .. rid
for i = 1, n do
  local counter, expiry = KEYS[2 * i], KEYS[2 * i + 1]
  local used = tonumber(ARGV[3 + (i - 1) * 2 + 1])
  local expires_at = tonumber(ARGV[3 + (i - 1) * 2 + 2])
  local amount = tonumber(redis.call('HGET', counter, field))
  if amount then
    if amount ~= 0 then
      redis.call('HINCRBY', counter, 'held', -amount)
    end
    redis.call('HDEL', counter, field)
    redis.call('ZREM', expiry, rid)
  end
  if used > 0 then
    redis.call('HINCRBY', counter, 'used', used)
    local ttl = expires_at - now
    if ttl > 0 and redis.call('PTTL', counter) < ttl then
      redis.call('PEXPIRE', counter, math.floor(ttl))
    end
  end
end
return 1
