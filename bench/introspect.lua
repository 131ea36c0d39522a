-- bench/introspect.lua — POST /oauth/introspect (RFC 7662) of one valid access token, the caller a service account
-- with role resource-server authenticated with client_secret_basic.
-- Usage: wrk ... -s bench/introspect.lua http://host:port -- <access token> <base64(client_id:client_secret)>
-- Every answer must be 200 {"active": true, ...} (statuses counted by common.lua).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function init(args)
   wrk.method = "POST"
   wrk.path = "/oauth/introspect"
   wrk.body = "token=" .. args[1]
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   wrk.headers["Authorization"] = "Basic " .. args[2]
end
