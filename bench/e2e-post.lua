-- e2e-post.lua - the POST of bench/e2e.sh for wrk, optionally paced.
--
-- Environment:
--   E2E_ASYNC=1      add "Prefer: respond-async"
--   E2E_RATE=R       aim at R requests/s over all wrk threads (0 or unset:
--                    as fast as the connections go)
--   E2E_THREADS=T    the -t given to wrk (needed to split R per thread)
--
-- Pacing keeps one schedule per wrk thread: request k of a thread is due
-- at start + k * T / R ms, whatever happened to the earlier ones, and a
-- connection whose answer came early waits for the next free slot. A
-- thread that falls behind sends at once until it has caught up, so a
-- slow server is not hidden by a slower client.
--
-- Limits: latency is counted from the moment wrk sends, not from the slot
-- (wrk2's correction is not reproduced); with enough connections and a
-- server below its peak the two agree. The clock comes from LuaJIT's FFI
-- (CLOCK_MONOTONIC), so this needs wrk built with LuaJIT, as Debian's is.
wrk.method = "POST"
wrk.body = '{"n": 7}'
wrk.headers["Content-Type"] = "application/json"
if os.getenv("E2E_ASYNC") == "1" then
  wrk.headers["Prefer"] = "respond-async"
end

local rate = tonumber(os.getenv("E2E_RATE") or "0") or 0
local threads = tonumber(os.getenv("E2E_THREADS") or "1") or 1

if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } e2e_timespec;
    int clock_gettime(int clock_id, e2e_timespec *tp);
  ]]
  local CLOCK_MONOTONIC = 1
  local ts = ffi.new("e2e_timespec")
  local interval = threads * 1000.0 / rate
  local next_slot = nil

  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000.0 + tonumber(ts.tv_nsec) / 1e6
  end

  -- delay - milliseconds until this thread's next free slot.
  function delay()
    local now = now_ms()
    if next_slot == nil then next_slot = now end
    next_slot = next_slot + interval
    local wait = next_slot - now
    if wait < 0 then return 0 end
    return math.floor(wait)
  end
end
