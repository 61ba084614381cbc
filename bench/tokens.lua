-- Requests that carry one of the access tokens in $BENCH_TOKEN_FILE (one per line), rotating
-- over them, each thread starting at a different place in the list. $BENCH_TOKEN_MODE:
--   bearer      GET wrk's URL with "Authorization: Bearer <token>" (/me, Keycloak's userinfo)
--   introspect  POST wrk's URL with the form body token=<token>, the client authenticated with
--               $BENCH_BASIC_AUTH (the whole header value, "Basic ..."), RFC 7662
-- Requests are formatted once in init(), so each request costs wrk one table lookup.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local prepared = {}
local next_index = 0

local function format(token, mode)
   if mode == "introspect" then
      local authorization = assert(os.getenv("BENCH_BASIC_AUTH"), "BENCH_BASIC_AUTH is not set")
      return wrk.format("POST", wrk.path, {
         ["Authorization"] = authorization,
         ["Content-Type"] = "application/x-www-form-urlencoded",
      }, "token=" .. token)
   end
   assert(mode == "bearer", "BENCH_TOKEN_MODE must be bearer or introspect")
   return wrk.format("GET", wrk.path, { ["Authorization"] = "Bearer " .. token })
end

function init(args)
   local mode = os.getenv("BENCH_TOKEN_MODE") or "bearer"
   local tokens = bench.lines(os.getenv("BENCH_TOKEN_FILE"))
   assert(#tokens > 0, "no tokens in " .. os.getenv("BENCH_TOKEN_FILE"))
   for _, token in ipairs(tokens) do
      table.insert(prepared, format(token, mode))
   end
   next_index = math.floor(#prepared * thread_index / thread_count)
end

function request()
   next_index = next_index % #prepared + 1
   return prepared[next_index]
end
