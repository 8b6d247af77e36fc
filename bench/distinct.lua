-- wrk script: every request asks for a different example (a new seed), so the
-- server's in-process cache of computed answers almost never hits. Its argument,
-- the round (1, 2, ...), moves the seeds, so a later round asks for none of an
-- earlier one's.
local counter = 0
local thread_id = 0
local threads = 0
local offset = 0

function init(args)
  offset = ((tonumber(args[1]) or 1) - 1) * 100000
end

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function request()
  counter = counter + 1
  local seed = (thread_id * 500000 + offset + counter) % 1000000
  return wrk.format("GET", "/api/mixer?seed=" .. seed)
end
