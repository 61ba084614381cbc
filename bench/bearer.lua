-- GET wrk's URL with a bearer access token, rotating over the tokens in $BENCH_TOKEN_FILE
-- (one per line). Requests are formatted once in init(), so each request costs wrk one table
-- lookup. Each thread starts at a different place in the list.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local prepared = {}
local next_index = 0

function init(args)
   local tokens = bench.lines(os.getenv("BENCH_TOKEN_FILE"))
   assert(#tokens > 0, "no tokens in " .. os.getenv("BENCH_TOKEN_FILE"))
   for _, token in ipairs(tokens) do
      table.insert(prepared, wrk.format("GET", wrk.path, { ["Authorization"] = "Bearer " .. token }))
   end
   next_index = math.floor(#prepared * thread_index / thread_count)
end

function request()
   next_index = next_index % #prepared + 1
   return prepared[next_index]
end
