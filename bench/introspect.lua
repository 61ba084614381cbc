-- POST wrk's URL (/api/v1/introspect, RFC 7662) with a form body token=<access token>,
-- rotating over $BENCH_TOKEN_FILE, the client authenticated with HTTP Basic
-- ($BENCH_BASIC_AUTH holds the whole header value, "Basic ...").
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local prepared = {}
local next_index = 0

function init(args)
   local tokens = bench.lines(os.getenv("BENCH_TOKEN_FILE"))
   assert(#tokens > 0, "no tokens in " .. os.getenv("BENCH_TOKEN_FILE"))
   local authorization = assert(os.getenv("BENCH_BASIC_AUTH"), "BENCH_BASIC_AUTH is not set")
   for _, token in ipairs(tokens) do
      table.insert(prepared, wrk.format("POST", wrk.path, {
         ["Authorization"] = authorization,
         ["Content-Type"] = "application/x-www-form-urlencoded",
      }, "token=" .. token))
   end
   next_index = math.floor(#prepared * thread_index / thread_count)
end

function request()
   next_index = next_index % #prepared + 1
   return prepared[next_index]
end
