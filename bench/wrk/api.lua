-- wrk script for `make bench`: rotates through the seeded users and their tokens.
--
--   wrk -t2 -c32 -d8s -s bench/wrk/api.lua http://127.0.0.1:PORT -- SCENARIO ALG USERS_FILE
--
-- SCENARIO  list (GET ?limit=20) | get (one task) | create (POST) | toggle (PATCH .../complete)
--           | mix (40 % list, 40 % get, 10 % create, 10 % toggle: 80 % reads, 20 % writes)
-- ALG       hs (HS256 tokens) | ed (EdDSA tokens)
-- USERS_FILE  lines "USER HS256_TOKEN EDDSA_TOKEN FIRST_TASK_ID TASK_COUNT" (bench/seed.py)
--
-- Request n of a thread goes to user (offset + n) mod N with that user's token, so every request names a
-- different user than the one before and each token repeats only every N requests of a thread.
-- done() prints one parseable line: "WRK_RESULT key=value ...", latencies in microseconds.

local thread_count = 0

function setup(thread)
   thread:set("thread_index", thread_count)
   thread_count = thread_count + 1
end

local users = {}
local scenario, column
local n = 0
local offset = 0

function init(args)
   scenario = args[1] or "list"
   column = (args[2] == "ed") and 3 or 2
   local path = args[3] or error("USERS_FILE argument missing")
   for line in io.lines(path) do
      local f = {}
      for word in line:gmatch("%S+") do f[#f + 1] = word end
      if #f == 5 then
         users[#users + 1] = {
            id = f[1], auth = "Bearer " .. f[column], first = tonumber(f[4]), count = tonumber(f[5]),
         }
      end
   end
   if #users == 0 then error("no users in " .. path) end
   -- spread the threads over the user list
   offset = ((thread_index or 0) * 7919) % #users
end

local json_headers = {}
local auth_headers = {}

local function list(u)
   auth_headers["Authorization"] = u.auth
   return wrk.format("GET", "/api/" .. u.id .. "/tasks?limit=20", auth_headers)
end

local function task_id(u)
   return u.first + (n * 31) % u.count
end

local function get(u)
   auth_headers["Authorization"] = u.auth
   return wrk.format("GET", "/api/" .. u.id .. "/tasks/" .. task_id(u), auth_headers)
end

local function create(u)
   json_headers["Authorization"] = u.auth
   json_headers["Content-Type"] = "application/json"
   return wrk.format("POST", "/api/" .. u.id .. "/tasks", json_headers,
      '{"title":"bench task ' .. n .. '","description":"created by wrk"}')
end

local function toggle(u)
   auth_headers["Authorization"] = u.auth
   return wrk.format("PATCH", "/api/" .. u.id .. "/tasks/" .. task_id(u) .. "/complete", auth_headers)
end

local mix = { list, list, list, list, get, get, get, get, create, toggle }
local single = { list = list, get = get, create = create, toggle = toggle }

function request()
   n = n + 1
   local u = users[(offset + n) % #users + 1]
   if scenario == "mix" then
      return mix[n % 10 + 1](u)
   end
   return (single[scenario] or error("unknown scenario " .. scenario))(u)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "WRK_RESULT requests=%d duration_us=%d bytes=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
      "mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
      summary.requests, summary.duration, summary.bytes, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
      e.connect, e.read, e.write, e.status, e.timeout))
end
