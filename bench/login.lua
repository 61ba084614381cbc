-- POST wrk's URL with a JSON body {"username": .., "password": ..}, rotating over the users in
-- $BENCH_USERS_FILE (lines "username password"). Used for POST /api/v1/sessions and for the
-- original service's POST /api/auth, and with files of wrong passwords and unknown names for the
-- enumeration rows. Counts answers by status, and 503s that lack the
-- Retry-After header the contract requires.
--
-- With $BENCH_LOGIN_FORM set (Keycloak's password grant, bench/keycloak.sh) the body is that form
-- followed by &username=..&password=.. instead (the seeded names need no URL encoding).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

bench.counter("status_2xx")
bench.counter("status_401")
bench.counter("status_429")
bench.counter("status_503")
bench.counter("status_other")
bench.counter("retry_after_missing")

local prepared = {}
local next_index = 0
local form = os.getenv("BENCH_LOGIN_FORM")

local function login_request(username, password)
   if form then
      return wrk.format("POST", wrk.path, { ["Content-Type"] = "application/x-www-form-urlencoded" },
         form .. "&username=" .. username .. "&password=" .. password)
   end
   return wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" },
      '{"username":"' .. username .. '","password":"' .. password .. '"}')
end

function init(args)
   status_2xx, status_401, status_429, status_503, status_other, retry_after_missing = 0, 0, 0, 0, 0, 0
   for _, line in ipairs(bench.lines(os.getenv("BENCH_USERS_FILE"))) do
      local username, password = line:match("^(%S+)%s+(%S+)$")
      assert(username, "bad line in users file: " .. line)
      table.insert(prepared, login_request(username, password))
   end
   assert(#prepared > 0, "no users in " .. os.getenv("BENCH_USERS_FILE"))
   next_index = math.floor(#prepared * thread_index / thread_count)
end

-- BENCH_PACE_MS (optional): each connection waits a random 0 to 2 × BENCH_PACE_MS ms before each
-- request, so that C connections offer at most C / BENCH_PACE_MS requests per second (in ms),
-- however fast the answers: the login storm's offered rate, not wrk's closed loop.
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "0")
if pace > 0 then
   function delay()
      return math.random(0, 2 * pace)
   end
end

function request()
   next_index = next_index % #prepared + 1
   return prepared[next_index]
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      status_2xx = status_2xx + 1
   elseif status == 401 then
      status_401 = status_401 + 1
   elseif status == 429 then
      status_429 = status_429 + 1
   elseif status == 503 then
      status_503 = status_503 + 1
      if not (headers["Retry-After"] or headers["retry-after"]) then
         retry_after_missing = retry_after_missing + 1
      end
   else
      status_other = status_other + 1
   end
end
