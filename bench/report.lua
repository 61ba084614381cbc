-- Shared by every bench/*.lua script (loaded with dofile): prints wrk's summary as one
-- machine-readable line for bench/bench.py, instead of its human-readable text:
--
--   BENCH requests=.. duration_us=.. p50_us=.. p99_us=.. ... connect=.. timeout=.. <counters>
--
-- A script may register per-thread counters (globals of its thread's Lua state) with
-- bench.counter(name); done() sums them over all threads. Threads learn their index and the
-- thread count in setup(), as globals thread_index (0-based) and thread_count.

bench = { threads = {}, counters = {} }

function bench.counter(name)
   table.insert(bench.counters, name)
end

-- The lines of a file, without empty ones.
function bench.lines(path)
   local lines = {}
   local file = assert(io.open(path, "r"), "cannot open " .. tostring(path))
   for line in file:lines() do
      if line ~= "" then table.insert(lines, line) end
   end
   file:close()
   return lines
end

-- This thread's share of a list: every thread_count-th item, starting at thread_index.
function bench.share(items)
   local mine = {}
   for i = thread_index + 1, #items, thread_count do
      table.insert(mine, items[i])
   end
   return mine
end

function setup(thread)
   thread:set("thread_index", #bench.threads)
   thread:set("thread_count", tonumber(os.getenv("BENCH_THREADS") or "2"))
   table.insert(bench.threads, thread)
end

function done(summary, latency, requests)
   local errors = summary.errors
   local fields = {
      "requests=" .. summary.requests,
      "duration_us=" .. summary.duration,
      "bytes=" .. summary.bytes,
      "mean_us=" .. math.floor(latency.mean),
      "p50_us=" .. latency:percentile(50),
      "p90_us=" .. latency:percentile(90),
      "p95_us=" .. latency:percentile(95),
      "p99_us=" .. latency:percentile(99),
      "max_us=" .. latency.max,
      "connect=" .. errors.connect,
      "read=" .. errors.read,
      "write=" .. errors.write,
      "status=" .. errors.status,
      "timeout=" .. errors.timeout,
   }
   for _, name in ipairs(bench.counters) do
      local total = 0
      for _, thread in ipairs(bench.threads) do
         total = total + (tonumber(thread:get(name)) or 0)
      end
      table.insert(fields, name .. "=" .. total)
   end
   if bench.finish then bench.finish() end
   io.write("BENCH " .. table.concat(fields, " ") .. "\n")
end
