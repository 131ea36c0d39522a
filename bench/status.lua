-- bench/status.lua — plain GET of the URL given to wrk (headers from -H), counting response statuses.
-- Used for (a) valid bearer, (b) tampered bearer, (c) JWKS: the same script for all three, so the
-- per-response Lua overhead is identical and the req/s are comparable.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
