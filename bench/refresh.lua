-- POST /api/v1/sessions/refresh as chains of single-use refresh tokens (RFC 9700 §4.14.2
-- rotation): no token is ever in flight twice.
--
-- Each thread takes its share of $BENCH_REFRESH_FILE (one token per line; at least as many as
-- the thread has connections) as a FIFO pool. request() takes the oldest token out of the pool;
-- response() puts the new refresh_token of a 200 back at the end. A token whose answer is not a
-- 200 is lost (counted: lost). Tokens whose request is still in flight when wrk stops are
-- discarded too (their rotation may have happened): done() writes only the pooled tokens to
-- $BENCH_REFRESH_OUT, for the next run. If a pool ever runs dry, a request with a token that
-- cannot exist is sent instead and counted (starved); its 401 is then also counted as lost.
--
-- With $BENCH_REFRESH_FORM set (the token endpoint's refresh_token grant: Keycloak's, or ours for
-- an OAuth client) the body is that form followed by &refresh_token=.. instead of JSON; with
-- $BENCH_BASIC_AUTH set too (the whole header value, "Basic ..."), the client authenticates with
-- HTTP Basic (client_secret_basic).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

bench.counter("taken")
bench.counter("refreshed")
bench.counter("lost")
bench.counter("starved")

-- Globals, so that done() can read them from the thread (thread:get).
pool, head, tail = {}, 1, 0

function init(args)
   taken, refreshed, lost, starved = 0, 0, 0, 0
   for _, token in ipairs(bench.share(bench.lines(os.getenv("BENCH_REFRESH_FILE")))) do
      tail = tail + 1
      pool[tail] = token
   end
end

local form = os.getenv("BENCH_REFRESH_FORM")
local content_type = form and "application/x-www-form-urlencoded" or "application/json"
local authorization = os.getenv("BENCH_BASIC_AUTH")

local function body(token)
   if form then return form .. "&refresh_token=" .. token end
   return '{"refresh_token":"' .. token .. '"}'
end

function request()
   -- A new table each time: wrk.format adds Content-Length to the one it is given.
   local headers = { ["Content-Type"] = content_type, ["Authorization"] = authorization }
   if head > tail then
      starved = starved + 1
      return wrk.format("POST", wrk.path, headers, body("bench-pool-ran-dry"))
   end
   local token = pool[head]
   pool[head] = nil
   head = head + 1
   taken = taken + 1
   return wrk.format("POST", wrk.path, headers, body(token))
end

function response(status, headers, response_body)
   local token = (status == 200) and response_body:match('"refresh_token"%s*:%s*"([^"]+)"')
   if token then
      refreshed = refreshed + 1
      tail = tail + 1
      pool[tail] = token
   else
      lost = lost + 1
   end
end

-- Runs in done(), in the main Lua state: collects every thread's pooled tokens.
function bench.finish()
   local out = assert(io.open(os.getenv("BENCH_REFRESH_OUT"), "w"))
   local pooled = 0
   for _, thread in ipairs(bench.threads) do
      local thread_pool, first, last = thread:get("pool"), thread:get("head"), thread:get("tail")
      for i = first, last do
         out:write(thread_pool[i], "\n")
         pooled = pooled + 1
      end
   end
   out:close()
   io.write("BENCH_POOLED " .. pooled .. "\n")
end
