-- bench/login.lua — POST /auth/login, cycling through a pool of seeded users.
-- Usage: wrk ... -s bench/login.lua http://host:port -- <users.tsv>   (lines: email<TAB>password)
-- Each wrk thread starts at a different offset of the pool. Every login does one bcrypt (cost 12)
-- verification, so this is CPU-bound and compared against the bcrypt ceiling measured by Ceilings.java.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
TIMED = true   -- also report ok_rps_to_last (see common.lua): logins are slow, wrk's plain rate undercounts

local bodies, next_index = {}, 0

function init(args)
   for line in io.lines(args[1]) do
      local email, password = line:match("^([^\t]+)\t(.+)$")
      if email then
         bodies[#bodies + 1] = string.format('{"email":"%s","password":"%s"}', email, password)
      end
   end
   assert(#bodies > 0, "login.lua: no users in " .. tostring(args[1]))
   next_index = id * 7
end

function request()
   timed_request_started()
   next_index = next_index % #bodies + 1
   return wrk.format("POST", "/auth/login", { ["Content-Type"] = "application/json" }, bodies[next_index])
end

function response(status, headers, body)
   count_status(status)
   timed_response(status)
end
