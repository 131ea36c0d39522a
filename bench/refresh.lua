-- bench/refresh.lua — POST /auth/refresh where EVERY request presents a distinct, never-used, valid refresh
-- token (the plain rotation path: no grace-window replay, no reuse detection).
--
-- Usage: BENCH_POOL_OUT=<file> wrk ... -s bench/refresh.lua http://host:port -- <pool-file> <threads>
--
-- The pool file holds one refresh token per line (pre-made by logging in N sessions). Thread i takes the
-- lines with (line number mod threads) == i. request() pops a token; response() pushes the successor the
-- server returned (a brand-new token of the same session) back into the pool — a client refreshing its own
-- chain. So a pool of N sessions serves any number of requests, the run can be bounded by time, and no token
-- is ever presented twice. Each connection holds at most one token in flight, so a pool larger than the
-- connections per thread never runs dry (if it did, "pool_empty" is counted and a dummy token is sent).
--
-- At the end, the tokens left in the pools are written to $BENCH_POOL_OUT (one per line), so the measured run
-- can continue from where the warm-up run stopped. Tokens in flight when wrk stopped are lost (≤ connections).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

pool, head, tail = {}, 1, 0

local function push(token)
   tail = tail + 1
   pool[tail] = token
end

local function pop()
   if head > tail then return nil end
   local token = pool[head]
   pool[head] = nil
   head = head + 1
   return token
end

function init(args)
   local threads_count = tonumber(args[2])
   local n = 0
   for line in io.lines(args[1]) do
      if line ~= "" then
         if n % threads_count == id then push(line) end
         n = n + 1
      end
   end
end

function request()
   local token = pop()
   if not token then
      count_extra("pool_empty")
      token = "pool-empty-this-request-is-expected-to-fail"
   end
   return wrk.format("POST", "/auth/refresh", { ["Content-Type"] = "application/json" },
      '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
   count_status(status)
   if status == 200 then
      local successor = body:match('"refresh_token"%s*:%s*"([^"]+)"')
      if successor then push(successor) else count_extra("no_successor_in_body") end
   elseif body:find("refresh_token_reused", 1, true) then
      count_extra("reused")
   end
end

function done(summary, latency, requests)
   local out = os.getenv("BENCH_POOL_OUT")
   if out then
      local f = assert(io.open(out, "w"))
      for _, t in ipairs(all_threads()) do
         local p, h, tl = t:get("pool"), t:get("head"), t:get("tail")
         for i = h, tl do
            if p[i] then f:write(p[i], "\n") end
         end
      end
      f:close()
   end
   report(summary, latency)
end
