-- wrk script: every request asks for a different example (a new seed), so the
-- server's in-process cache of computed answers almost never hits.
local counter = 0
local thread_id = 0
local threads = 0

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function request()
  counter = counter + 1
  local seed = (thread_id * 500000 + counter) % 1000000
  return wrk.format("GET", "/api/mixer?seed=" .. seed)
end
