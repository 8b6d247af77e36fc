-- wrk script for the cost lab at its largest shapes: every request asks for a
-- different reduction width r and input height, so the answer cache misses.
local counter = 0
local thread_id = 0
local threads = 0

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function request()
  counter = counter + 1
  local n = thread_id * 5000000 + counter
  local r = n % 8192 + 1
  local h = 1 + math.floor(n / 8192) % 4096
  return wrk.format("GET", "/api/cost?h=" .. h .. "&w=4096&c=8192&a=fc:8x8x8192&b=conv1:" .. r .. ",conv3:8192,conv1:8192")
end
