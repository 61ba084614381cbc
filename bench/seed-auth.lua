-- The original service's load test (loadtest/seed-auth.js, k6) replayed with wrk: every
-- connection posts POST /api/auth as its own user — the first call registers it, later ones log
-- in — and waits 3 s between calls, as each k6 VU sleeps 3 s. wrk has no stages: by default all
-- connections run for the whole time, so 300 connections offer ~100 logins/s throughout, where the
-- original's ramp (0→300→0 over 20 s) averaged 42/s; BENCH_SEED_RAMP=1 replays the ramp too.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

bench.counter("status_200")
bench.counter("status_other")

local names = {}
local next_index = 0
local run = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local per_thread = tonumber(os.getenv("BENCH_SEED_NAMES") or "150")

function init(args)
   status_200, status_other = 0, 0
   math.randomseed(os.time() + thread_index)
   for i = 1, per_thread do
      local username = string.format("seed-%s-%d-%d", run, thread_index, i)
      table.insert(names, wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" },
         '{"username":"' .. username .. '","password":"seed-password-' .. i .. '"}'))
   end
end

function request()
   next_index = next_index % #names + 1
   return names[next_index]
end

-- wrk asks for a delay before every request, the first included (connections connect together
-- at the start, so the first delay() calls of a thread are its connections' first requests).
local first_delays = per_thread -- one per connection: bench.py sets BENCH_SEED_NAMES to the connections per thread

-- BENCH_SEED_RAMP=1 replays k6's stages as well (loadtest/seed-auth.js: 0→100→200→300 VUs in
-- 5 s steps, then 300→0 in 5 s; a k6 VU that is ramped down finishes its iteration and starts no
-- other): of all the connections (interleaved over the threads), the i-th starts at i × 15 s ÷
-- their number, and from 15 s a connection about to start an iteration stops for good when its
-- thread already has as many active as k6's target at that moment allows. Without it, every
-- connection runs for the whole time and its first call waits a random part of the 3 s, so the
-- calls are spread evenly rather than arriving in waves of 300.
local ramp = os.getenv("BENCH_SEED_RAMP") == "1"
local RAMP_UP_MS, RAMP_DOWN_MS = 15000, 5000
local ffi = require("ffi")
ffi.cdef [[
   typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
   int clock_gettime(int clock, bench_timespec *time);
]]
local clock = ffi.new("bench_timespec")
local CLOCK_MONOTONIC = 1

local function now_ms()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
   return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local started_at
local started = 0
local active = 0

-- k6's VU target for this thread at t ms into the ramp-down.
local function target_down(t)
   local peak = per_thread * thread_count
   return math.max(0, peak * (1 - (t - RAMP_UP_MS) / RAMP_DOWN_MS)) / thread_count
end

local function ramp_delay()
   local now = now_ms()
   started_at = started_at or now
   if first_delays > 0 then
      first_delays = first_delays - 1
      local vu = started * thread_count + thread_index
      started = started + 1
      active = active + 1
      return math.floor(vu * RAMP_UP_MS / (per_thread * thread_count))
   end
   local next_start = now - started_at + 3000
   if next_start >= RAMP_UP_MS and active > math.ceil(target_down(next_start)) then
      active = active - 1
      return 3600 * 1000 -- ramped down: idle until wrk stops
   end
   return 3000
end

function delay()
   if ramp then
      return ramp_delay()
   end
   if first_delays > 0 then
      first_delays = first_delays - 1
      return math.random(0, 3000)
   end
   return 3000
end

function response(status, headers, body)
   if status == 200 then
      status_200 = status_200 + 1
   else
      status_other = status_other + 1
   end
end
