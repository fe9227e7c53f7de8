-- Reserve against every line at once, or not at all.
-- KEYS[1]      idempotency record of the reservation (created here, deleted by settle.lua)
-- KEYS[2i]     counter hash i: fields "used", "held", "r:<reservation id>" = held amount
-- KEYS[2i+1]   expiry zset i: reservation id -> hold expiry (ms); lets us prune orphaned holds
-- ARGV: reservation id, now (ms), hold until (ms), record ttl (ms), n,
--       then per line: limit (-1 = unchecked), amount, hold (1/0), counter expires at (ms)
local rid = ARGV[1]
local now = tonumber(ARGV[2])
local hold_until = tonumber(ARGV[3])
local record_ttl = tonumber(ARGV[4])
local n = tonumber(ARGV[5])
local field = 'r:' .. rid

local function prune(counter, expiry)
  local expired = redis.call('ZRANGEBYSCORE', expiry, '-inf', now, 'LIMIT', 0, 1000)
  for _, id in ipairs(expired) do
    local amount = tonumber(redis.call('HGET', counter, 'r:' .. id))
    if amount and amount ~= 0 then
      redis.call('HINCRBY', counter, 'held', -amount)
      redis.call('HDEL', counter, 'r:' .. id)
    end
    redis.call('ZREM', expiry, id)
  end
end

-- Relative TTLs: `now` may be a test's clock, while Redis expires keys on its own clock.
local function extend(key, ttl)
  if ttl > 0 and redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, math.floor(ttl))
  end
end

local used, held = {}, {}
for i = 1, n do
  local counter, expiry = KEYS[2 * i], KEYS[2 * i + 1]
  local base = 5 + (i - 1) * 4
  local limit = tonumber(ARGV[base + 1])
  local amount = tonumber(ARGV[base + 2])
  prune(counter, expiry)
  local state = redis.call('HMGET', counter, 'used', 'held')
  used[i] = tonumber(state[1]) or 0
  held[i] = tonumber(state[2]) or 0
  if limit >= 0 and used[i] + held[i] + amount > limit then
    return {0, i - 1, used[i], held[i]}
  end
end

local result = {1}
for i = 1, n do
  local counter, expiry = KEYS[2 * i], KEYS[2 * i + 1]
  local base = 5 + (i - 1) * 4
  local amount = tonumber(ARGV[base + 2])
  local hold = ARGV[base + 3] == '1'
  local expires_at = tonumber(ARGV[base + 4])
  -- (a zero hold is not stored: Lua would render its release as "-0", which HINCRBY rejects)
  if hold and amount > 0 then
    redis.call('HINCRBY', counter, 'held', amount)
    redis.call('HSET', counter, field, amount)
    redis.call('ZADD', expiry, hold_until, rid)
    held[i] = held[i] + amount
  elseif not hold and amount > 0 then
    redis.call('HINCRBY', counter, 'used', amount)
    used[i] = used[i] + amount
  end
  local keep = math.max(expires_at, hold_until) - now
  extend(counter, keep)
  if hold and amount > 0 then
    extend(expiry, keep)
  end
  result[#result + 1] = used[i]
  result[#result + 1] = held[i]
end
redis.call('SET', KEYS[1], '1', 'PX', record_ttl)
return result
