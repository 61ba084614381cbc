-- One token request repeated: POST wrk's URL with the form body $BENCH_FORM (already
-- form-encoded), the client authenticated with $BENCH_BASIC_AUTH (the whole header value,
-- "Basic ..."). For the client credentials grant, whose requests are all alike.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local prepared

function init(args)
   local form = assert(os.getenv("BENCH_FORM"), "BENCH_FORM is not set")
   local authorization = assert(os.getenv("BENCH_BASIC_AUTH"), "BENCH_BASIC_AUTH is not set")
   prepared = wrk.format("POST", wrk.path, {
      ["Authorization"] = authorization,
      ["Content-Type"] = "application/x-www-form-urlencoded",
   }, form)
end

function request()
   return prepared
end
