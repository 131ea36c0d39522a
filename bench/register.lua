-- bench/register.lua — POST /auth/register with a fresh email every time: a registration flood.
-- Usage: wrk ... -s bench/register.lua http://host:port -- <run id>
-- Every registration that passes the throttles costs one bcrypt (cost 12) of a new password; the service must
-- still check login passwords first (case (i) of bench/run.sh measures logins while this runs).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local run_id, counter = "run", 0

function init(args)
   run_id = args[1] or run_id
end

function request()
   counter = counter + 1
   local body = string.format(
      '{"email":"flood-%s-%d-%d@bench.example","password":"flood %s passphrase number %d"}',
      run_id, id, counter, run_id, counter)
   return wrk.format("POST", "/auth/register", { ["Content-Type"] = "application/json" }, body)
end
