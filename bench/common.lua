-- bench/common.lua — shared by the bench/*.lua wrk scripts (loaded with dofile by each of them).
--
-- Counts the HTTP status of every response, per wrk thread, and at the end prints ONE machine-readable
-- line to stdout:  BENCH_RESULT {"requests":..,"rps":..,"ok":..,"ok_rps":..,"statuses":{"200":..},
-- "latency_ms":{"p50":..,"p99":..},...}  which bench/run.sh reads with jq (wrk's own human summary is
-- kept in the same log for people).
--
-- wrk calls setup(thread) in the main Lua state once per thread BEFORE that thread's init(args), so the
-- thread's 0-based index is available to init() as the global `id` (set with thread:set).

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

statuses = {}   -- per thread: status code -> count
extra = {}      -- per thread: script-specific counters (name -> number), merged by summing

function count_status(status)
   statuses[status] = (statuses[status] or 0) + 1
end

function count_extra(name, n)
   extra[name] = (extra[name] or 0) + (n or 1)
end

function response(status, headers, body)
   count_status(status)
end

-- Completion-time rate, for slow requests (login: ~0.25 s of bcrypt each). wrk's own rate is
-- completed / run duration, which undercounts when each request is long: the requests still in flight at the
-- end are lost, and with a handful of connections sharing 2 cores they complete in bursts, so the count is
-- quantised. A script that sets TIMED = true also gets "ok_rps_to_last": per thread, 2xx responses divided by
-- the time from its first request to its last 2xx response, summed over threads (the same estimator as
-- bench/Ceilings.java uses for bcrypt). Clock: CLOCK_MONOTONIC through LuaJIT's ffi.
TIMED = false
first_request_at, last_ok_at, timed_ok = nil, nil, 0
local clock_now
do
   local ok, ffi = pcall(require, "ffi")
   if ok then
      pcall(ffi.cdef, "typedef struct { long tv_sec; long tv_nsec; } bench_timespec;"
         .. " int clock_gettime(int clk, bench_timespec *tp);")
      local ts = ffi.new("bench_timespec")
      clock_now = function()
         ffi.C.clock_gettime(1, ts)
         return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
      end
   end
end

function timed_request_started()
   if TIMED and clock_now and not first_request_at then first_request_at = clock_now() end
end

function timed_response(status)
   if TIMED and clock_now and status >= 200 and status < 300 then
      timed_ok = timed_ok + 1
      last_ok_at = clock_now()
   end
end

-- Every thread object seen by setup() (for scripts that collect more state in their own done()).
function all_threads()
   return threads
end

local function num(x)
   if x ~= x or x == math.huge or x == -math.huge then return "null" end
   return string.format("%.4f", x)
end

local function object(t)
   local parts = {}
   for k, v in pairs(t) do
      parts[#parts + 1] = string.format('"%s":%s', tostring(k), num(v))
   end
   return "{" .. table.concat(parts, ",") .. "}"
end

function report(summary, latency)
   local merged, extras, ok, rate_to_last = {}, {}, 0, 0
   for _, t in ipairs(threads) do
      local first, last, n = t:get("first_request_at"), t:get("last_ok_at"), t:get("timed_ok")
      if first and last and last > first then rate_to_last = rate_to_last + n / (last - first) end
      for code, n in pairs(t:get("statuses") or {}) do
         merged[code] = (merged[code] or 0) + n
         if code >= 200 and code < 300 then ok = ok + n end
      end
      for name, n in pairs(t:get("extra") or {}) do
         extras[name] = (extras[name] or 0) + n
      end
   end
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write("BENCH_RESULT {",
      '"requests":', num(summary.requests), ",",
      '"duration_s":', num(seconds), ",",
      '"rps":', num(summary.requests / seconds), ",",
      '"ok":', num(ok), ",",
      '"ok_rps":', num(ok / seconds), ",",
      '"non2xx":', num(summary.requests - ok), ",",
      '"ok_rps_to_last":', (TIMED and clock_now) and num(rate_to_last) or "null", ",",
      '"statuses":', object(merged), ",",
      '"extra":', object(extras), ",",
      '"socket_errors":', object({connect = e.connect, read = e.read, write = e.write, timeout = e.timeout}), ",",
      '"latency_ms":', object({
         p50 = latency:percentile(50) / 1000, p90 = latency:percentile(90) / 1000,
         p99 = latency:percentile(99) / 1000, max = latency.max / 1000, mean = latency.mean / 1000}),
      "}\n")
end

function done(summary, latency, requests)
   report(summary, latency)
end
