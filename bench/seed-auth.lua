-- The original service's load test (loadtest/seed-auth.js, k6) replayed with wrk: every
-- connection posts POST /api/auth as its own user — the first call registers it, later ones log
-- in — and waits 3 s between calls, as each k6 VU sleeps 3 s. wrk cannot ramp, so all
-- connections run for the whole time: at 300 connections that offers ~100 logins/s throughout,
-- where the original's ramp (0→300→0 over 20 s) averaged 42/s.
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

-- wrk asks for a delay before every request, the first included; each connection's first
-- (connections connect together at the start) waits a random part of the 3 s instead, so the
-- calls are spread evenly rather than arriving in waves of 300.
local first_delays = tonumber(os.getenv("BENCH_SEED_NAMES") or "150")

function delay()
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
