#!/usr/bin/env bash
# bench/run.sh — reproducible benchmark of jwt-auth-service (issue 6).
#
#   bench/run.sh            prints ONE markdown table to stdout, writes target/bench/results.json;
#                           progress goes to stderr, raw logs to target/bench/.
#
# What it does, in order:
#   1. builds the jar and the class-data archive if either is missing or older than src/ or pom.xml: ./mvnw verify
#      running only ClassDataTrainingIT (a training start against PostgreSQL writes the class list the image's
#      archive is made from; the archive is dumped from it as Dockerfile.jvm does). Every start below uses that
#      archive and the container image's JVM options, as that test leaves them in target/cds/jvm.args;
#   2. makes a fresh RSA-2048 key pair for this run (PKCS#8 PEM + public PEM) under target/bench/keys;
#   3. drops and creates the database jwt_auth_bench on the local PostgreSQL (127.0.0.1:5432, user postgres);
#   4. (g) measures the machine's ceilings with bench/Ceilings.java while nothing else of ours runs;
#   5. (h) starts the jar 5 times and takes the median time from process start to /q/health/ready = 200;
#   6. starts the service once more (prod mode, 127.0.0.1 only, bcrypt cost at its default 12), seeds users
#      and sessions through the public API, warms the JIT up, then runs the wrk measurements (c), (a), (b),
#      (d), (e), (f), (i), (j), each after its own warm-up;
#   7. (h) reads the resident memory of the service after all that load, stops it, prints the table.
#
# Every figure is measured in the same run on the same machine, and every target is a ratio between figures
# of this run (or an absolute time for start-up), so the result does not depend on how fast the machine is —
# but it does depend on the machine being otherwise idle: the 1-minute load average at the start is recorded
# in results.json and a warning is printed when other work is running.
#
# Exit status: 0 when every measurement was taken, even if a target is missed (this is a measurement, not a
# test); non-zero when the build, the service start, the seeding or any step fails. The service (and any
# background wrk) is stopped on every exit path.
#
# Tools: bash, curl, jq, openssl, wrk, java (+ psql for the database). wrk and jq are installed with apt-get
# when missing. Tunables (environment, whole seconds): BENCH_DURATION (10s), BENCH_WARMUP (3s),
# BENCH_JIT_WARMUP (15s), BENCH_REFRESH_WARMUP (8s), BENCH_LOGIN_DURATION (20s). With the defaults the script
# takes about 4 minutes on an idle 2-CPU machine, the build of the jar and archive included.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$ROOT/bench"
OUT="$ROOT/target/bench"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"

HTTP_PORT=18100
MGMT_PORT=19100
API="http://127.0.0.1:$HTTP_PORT"
READY_URL="http://127.0.0.1:$MGMT_PORT/q/health/ready"
DB_NAME=jwt_auth_bench
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 -q -X)

DURATION="${BENCH_DURATION:-10s}"             # every measured wrk run (login: BENCH_LOGIN_DURATION)
JIT_WARMUP="${BENCH_JIT_WARMUP:-15s}"         # once, per request kind of (a)-(c), before anything is measured
WARMUP="${BENCH_WARMUP:-3s}"                  # a warm-up wrk run of the same shape right before each measurement
LOGIN_DURATION="${BENCH_LOGIN_DURATION:-20s}" # logins are ~0.3 s of CPU each: a longer window, more samples
REFRESH_WARMUP="${BENCH_REFRESH_WARMUP:-8s}"  # refresh is the first write-heavy path: longer JIT warm-up than 3 s
THREADS=2                                     # wrk threads (-t) everywhere
CONNS=64                                      # (a), (b), (c), and the /users/me side of (f)
LOGIN_CONNS=8                                 # (d) and the login flood of (f): bcrypt-bound, few connections
REFRESH_CONNS=16                              # (e)
SEED_USERS=8                                  # users registered (the login pool of (d), (f) and (i))
CHANGE_USERS=32                               # users changing their passwords in a loop in (j)
REGISTER_CONNS=16                             # the registration flood of (i)
REFRESH_POOL=48                               # sessions pre-logged-in for (e); see bench/refresh.lua
STARTS=5                                      # (h) start-up samples
CEILING_THREADS=2                             # (g): RS256 and bcrypt ceilings on 2 threads
CEILING_VERIFY_S=5
CEILING_BCRYPT_S=8
BCRYPT_COST=12                                # the service default (AUTH_PASSWORD_BCRYPT_COST is left unset)

export BENCH_LUA_DIR="$BENCH_DIR"
for d in "$DURATION" "$WARMUP" "$JIT_WARMUP" "$REFRESH_WARMUP" "$LOGIN_DURATION"; do
    [[ "$d" =~ ^[1-9][0-9]*s$ ]] || { echo "durations are whole seconds like 10s, not '$d'" >&2; exit 2; }
done

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Clean-up: whatever happens, stop the service and any background wrk we started (by pid, nothing else).
SERVICE_PID=""
BG_PIDS=()
stop_service() {
    local pid="$SERVICE_PID"
    SERVICE_PID=""
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    trap - EXIT
    for pid in "${BG_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    stop_service
    [[ $rc -eq 0 ]] || log "failed (exit $rc); logs in $OUT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'log "step failed at line $LINENO: $BASH_COMMAND"' ERR

SCRIPT_START=$(date +%s)
cd "$ROOT"
rm -rf "$OUT"
mkdir -p "$OUT/keys" "$OUT/seed"

# ---------------------------------------------------------------------------------------------------------------
# Tools
command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) >&2
command -v jq >/dev/null || (apt-get update -qq && apt-get install -y -qq jq) >&2
# The JVM ./mvnw runs the build with (JAVA_HOME's, else the one on PATH): the archive is dumped by it and only
# works with it.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
for tool in curl jq openssl wrk "$JAVA" psql; do command -v "$tool" >/dev/null || die "$tool is required"; done

CPUS=$(nproc)
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 0.5) }'; then
    log "WARNING: load average is $LOAD_START on $CPUS CPUs: other work is running and will distort the figures"
fi

# Interference check. The figures are only as good as the machine is quiet, so every measured step also records
# how much of the machine's CPU OTHER processes used meanwhile ("other_cpu_pct"): every process that is neither
# a descendant of this script (the service, wrk, curl, the Ceilings JVM) nor PostgreSQL (which serves us), from
# /proc/<pid>/stat before and after. Processes that both start and end inside the step are not seen, so it is a
# lower bound. Figures taken while it is above 5 % are flagged in the table, whose last row sums it up.
CLK_TCK=$(getconf CLK_TCK)
proc_snapshot() {   # one line per process: pid ppid cpu-ticks comm
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{   # (processes may vanish while being read)
        match($0, /.*\)/); head = substr($0, 1, RLENGTH); n = split(substr($0, RLENGTH + 2), f, " ")
        comm = substr(head, index(head, "(") + 1); sub(/\)$/, "", comm); gsub(/[^A-Za-z0-9_.-]/, "_", comm)
        if (n >= 13) print $1, f[2], f[12] + f[13], comm }'
}
other_cpu_begin() {   # other_cpu_begin [tag]
    date +%s%N >"$OUT/.other-${1:-step}.t0"
    proc_snapshot >"$OUT/.other-${1:-step}.before"
}
other_cpu_end() {     # other_cpu_end [tag]: prints the % of all CPUs used by other processes since the begin
    proc_snapshot >"$OUT/.other-${1:-step}.after"
    awk -v self=$$ -v ns="$(( $(date +%s%N) - $(cat "$OUT/.other-${1:-step}.t0") ))" -v hz="$CLK_TCK" -v cpus="$CPUS" '
        FNR == NR { before[$1] = $3; next }
        { ppid[$1] = $2; ticks[$1] = $3; comm[$1] = $4 }
        END {
            for (p in ticks) {
                q = p; ours = 0
                for (i = 0; i < 64 && q > 1; i++) { if (q == self) { ours = 1; break }; q = ppid[q] }
                if (ours || comm[p] == "postgres") continue
                d = ticks[p] - ((p in before) ? before[p] : 0); if (d > 0) sum += d
            }
            printf "%.1f\n", 100 * (sum / hz) / ((ns / 1e9) * cpus)
        }' "$OUT/.other-${1:-step}.before" "$OUT/.other-${1:-step}.after"
}

# ---------------------------------------------------------------------------------------------------------------
# 1. Build the jar and the class-data archive if needed: ./mvnw verify running only ClassDataTrainingIT, which
#    starts the packaged service against PostgreSQL for a training run (in its own database, jwt_auth_it, on ports
#    18098/19098), writes target/quarkus-app/classes.lst (the list the image's archive is dumped from), dumps
#    target/cds/app-cds.jsa from it the way Dockerfile.jvm does, starts the service with it and the image's JVM
#    options, and only then writes those options to target/cds/jvm.args. Every start below uses that file, so the
#    figures are those of what ships (Dockerfile.jvm's GC_CONTAINER_OPTIONS and JAVA_OPTS_APPEND, the base image's
#    defaults, the archive under -Xshare:on: a stale or mismatched archive fails the start loudly).
JVM_ARGS="$ROOT/target/cds/jvm.args"
if [[ ! -f "$JAR" || ! -s "$JVM_ARGS" || "$JAR" -nt "$JVM_ARGS" ]] ||
    [[ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]]; then
    log "building the jar and the class-data archive (./mvnw verify, only ClassDataTrainingIT)"
    ./mvnw -B -q verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ClassDataTrainingIT >&2
fi
[[ -f "$JAR" && -s "$JVM_ARGS" ]] || die "no $JAR or $JVM_ARGS after the build"
JVM_OPTS=("@$JVM_ARGS")

# ---------------------------------------------------------------------------------------------------------------
# 2. A fresh RSA-2048 key pair for this run: PKCS#8 PEM (signing) and the public PEM (verification).
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/keys/signing-key.pem" 2>/dev/null
openssl pkey -in "$OUT/keys/signing-key.pem" -pubout -out "$OUT/keys/verification-key.pem"
chmod 600 "$OUT/keys/signing-key.pem"

# ---------------------------------------------------------------------------------------------------------------
# 3. A fresh database.
log "creating database $DB_NAME"
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME" >&2

# The service's environment: prod mode (plain `java -jar`), both ports on 127.0.0.1 only, plain-text logs,
# bcrypt at its default cost (the variable is removed from the environment, not set), a password pepper of this
# run. Every client here is 127.0.0.1, so the registration throttles (per client and service-wide) are lifted:
# the flood of (i) must reach bcrypt to show that logins are checked first, as a flood from many addresses would.
SERVICE_ENV=(
    AUTH_PASSWORD_PEPPER="$(openssl rand -base64 32)"
    AUTH_THROTTLE_REGISTRATION_MAX_PER_CLIENT=1000000
    AUTH_THROTTLE_REGISTRATION_GLOBAL_MAX=1000000
    -u AUTH_PASSWORD_BCRYPT_COST -u QUARKUS_PROFILE
    QUARKUS_HTTP_HOST=127.0.0.1
    QUARKUS_HTTP_PORT=$HTTP_PORT
    QUARKUS_MANAGEMENT_HOST=127.0.0.1
    QUARKUS_MANAGEMENT_PORT=$MGMT_PORT
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB_NAME
    QUARKUS_DATASOURCE_USERNAME=postgres
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$OUT/keys/signing-key.pem"
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$OUT/keys/verification-key.pem"
    QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
)

now_ns() { date +%s%N; }

# start_service <log file>: starts the jar in the background with the image's JVM options (env execs java, so $!
# is the JVM's pid), waits until readiness answers 200 and sets READY_SECONDS to the time from just before the
# start to that answer.
start_service() {
    local logfile="$1" t0 t1
    t0=$(now_ns)
    env "${SERVICE_ENV[@]}" "$JAVA" "${JVM_OPTS[@]}" -jar "$JAR" >"$logfile" 2>&1 &
    SERVICE_PID=$!
    until curl -fs -o /dev/null --max-time 1 "$READY_URL"; do
        if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
            SERVICE_PID=""
            tail -n 30 "$logfile" >&2 || true
            die "the service exited during start-up (log: $logfile)"
        fi
        if (( $(now_ns) - t0 > 60000000000 )); then
            tail -n 30 "$logfile" >&2 || true
            die "the service was not ready within 60 s (log: $logfile)"
        fi
        sleep 0.02
    done
    t1=$(now_ns)
    READY_SECONDS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

# ---------------------------------------------------------------------------------------------------------------
# (g) Machine ceilings, with nothing of ours running: RS256 verifications/s and bcrypt (cost 12) hashes/s, each
# on 2 threads for a fixed time, in a plain JVM with the service's own jars (jose4j, Elytron BcryptUtil).
# They bound what the service can reach: a login is one bcrypt; every authenticated request one RS256 verify.
log "(g) ceilings: RS256 verify for ${CEILING_VERIFY_S}s, bcrypt cost $BCRYPT_COST for ${CEILING_BCRYPT_S}s, $CEILING_THREADS threads"
other_cpu_begin
"$JAVA" -cp "$ROOT/target/quarkus-app/lib/main/*" "$BENCH_DIR/Ceilings.java" \
    "$CEILING_THREADS" "$CEILING_VERIFY_S" "$CEILING_BCRYPT_S" "$BCRYPT_COST" \
    >"$OUT/ceilings.out" 2>"$OUT/ceilings.err" || { cat "$OUT/ceilings.err" >&2; die "Ceilings.java failed"; }
OTHER=$(other_cpu_end)
tail -n 1 "$OUT/ceilings.out" | jq -e --argjson other "$OTHER" '. + {other_cpu_pct: $other}' >"$OUT/ceilings.json" ||
    die "Ceilings.java printed no JSON"

# ---------------------------------------------------------------------------------------------------------------
# (h) Start-up: start the jar 5 times (the first one also applies the Flyway migrations to the empty database),
# measure from the moment before `java` is launched until /q/health/ready answers 200 (database and keys
# checked), stop it. The figure is the median; Quarkus' own "started in" lines are kept for comparison.
STARTUP_TIMES=()
other_cpu_begin
for i in $(seq 1 "$STARTS"); do
    start_service "$OUT/startup-$i.log"
    STARTUP_TIMES+=("$READY_SECONDS")
    log "(h) start $i: ready after ${READY_SECONDS}s"
    stop_service
done
STARTUP_OTHER_CPU=$(other_cpu_end)
QUARKUS_STARTED_IN=$(grep -ho 'started in [0-9.]*s' "$OUT"/startup-*.log | grep -o '[0-9.]*' | paste -sd, - || true)

# ---------------------------------------------------------------------------------------------------------------
# The service under load.
log "starting the service for the load runs (log: target/bench/service.log)"
start_service "$OUT/service.log"

# Seed through the public API: SEED_USERS users, then REFRESH_POOL sessions (logins) spread over them, plus one
# session whose access token is used for (a) and (f). Each register/login costs one bcrypt at cost 12, so this is
# done 4 at a time. Passwords: ≥ 15 characters, unique to this run, never a common password.
RUN_ID=$(openssl rand -hex 4)
USERS_TSV="$OUT/seed/users.tsv"
: >"$USERS_TSV"
for u in $(seq 1 "$SEED_USERS"); do
    printf 'bench-%s-%02d@bench.example\tbench %s passphrase no %02d\n' "$RUN_ID" "$u" "$RUN_ID" "$u" >>"$USERS_TSV"
done
CHANGERS_TSV="$OUT/seed/changers.tsv"
for u in $(seq 1 "$CHANGE_USERS"); do
    printf 'changer-%s-%02d@bench.example\tchanger %s passphrase no %02d\n' "$RUN_ID" "$u" "$RUN_ID" "$u"
done >"$CHANGERS_TSV"
export API SEED_DIR="$OUT/seed" USERS_TSV SEED_USERS CHANGERS_TSV
register_one() {   # $1 = line number, $2 = file (default: the login pool)
    local line email password
    line=$(sed -n "${1}p" "${2:-$USERS_TSV}"); email=${line%%$'\t'*}; password=${line#*$'\t'}
    jq -nc --arg e "$email" --arg p "$password" '{email: $e, password: $p, displayName: "Bench user"}' |
        curl -fsS --max-time 60 -o /dev/null -H 'Content-Type: application/json' --data-binary @- "$API/auth/register"
}
login_one() {   # $1 = session number; writes the TokenResponse to $SEED_DIR/session-$1.json
    local line email password
    line=$(sed -n "$(( $1 % SEED_USERS + 1 ))p" "$USERS_TSV"); email=${line%%$'\t'*}; password=${line#*$'\t'}
    jq -nc --arg e "$email" --arg p "$password" '{email: $e, password: $p}' |
        curl -fsS --max-time 60 -o "$SEED_DIR/session-$1.json" -H 'Content-Type: application/json' \
            --data-binary @- "$API/auth/login"
}
export -f register_one login_one
log "seeding $((SEED_USERS + CHANGE_USERS)) users and $((REFRESH_POOL + 1)) sessions"
seq 1 "$SEED_USERS" | xargs -P 4 -I{} bash -c 'register_one {}' || die "registering the seed users failed"
seq 1 "$CHANGE_USERS" | xargs -P 4 -I{} bash -c 'register_one {} "$CHANGERS_TSV"' ||
    die "registering the password-changing users failed"
seq 0 "$REFRESH_POOL" | xargs -P 4 -I{} bash -c 'login_one {}' || die "seeding sessions failed"
ACCESS_TOKEN=$(jq -er .access_token "$OUT/seed/session-0.json")
for n in $(seq 1 "$REFRESH_POOL"); do jq -er .refresh_token "$OUT/seed/session-$n.json"; done >"$OUT/seed/refresh-pool.txt"

# The tampered token for (b): one character in the middle of the signature changed (not the last one, whose
# low bits are padding and may decode to the same bytes), so it is well-formed but its signature is wrong.
SIG=${ACCESS_TOKEN##*.}
POS=$(( ${#SIG} / 2 ))
if [[ "${SIG:$POS:1}" == "A" ]]; then FLIP=B; else FLIP=A; fi
TAMPERED_TOKEN="${ACCESS_TOKEN%.*}.${SIG:0:$POS}${FLIP}${SIG:$((POS + 1))}"

# Sanity checks before measuring: the valid token is accepted, the tampered one refused with 401.
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ACCESS_TOKEN" "$API/users/me") == 200 ]] ||
    die "GET /users/me with the seeded access token is not 200"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TAMPERED_TOKEN" "$API/users/me") == 401 ]] ||
    die "GET /users/me with the tampered token is not 401"

# quiesce: waits (≤ 30 s) until the service process is idle — under 10 % of one CPU over half a second, from
# /proc/<pid>/stat — so no stage starts while the server still works off the previous one (a wrk run that
# stops leaves its in-flight requests running server-side: for logins, up to 8 bcrypt computations).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVICE_PID/stat"; }
quiesce() {
    local before after
    for _ in $(seq 1 60); do
        before=$(cpu_ticks); sleep 0.5; after=$(cpu_ticks)
        (( (after - before) * 10 <= CLK_TCK / 2 )) && return 0
    done
    log "WARNING: the service did not become idle within 30 s"
}

# run_wrk <name> <wrk args...>: one wrk run (2 threads, 30 s socket timeout so slow responses are measured, not
# dropped, latency histogram on); the human summary goes to target/bench/wrk-<name>.txt and the BENCH_RESULT line
# printed by bench/common.lua to target/bench/<name>.json.
run_wrk() {
    local name="$1" other; shift
    other_cpu_begin
    wrk -t "$THREADS" --timeout 30s --latency "$@" >"$OUT/wrk-$name.txt" 2>&1 ||
        { cat "$OUT/wrk-$name.txt" >&2; die "wrk run $name failed"; }
    other=$(other_cpu_end)
    grep '^BENCH_RESULT ' "$OUT/wrk-$name.txt" | sed 's/^BENCH_RESULT //' |
        jq -e --argjson other "$other" '. + {other_cpu_pct: $other}' >"$OUT/$name.json" ||
        die "wrk run $name printed no BENCH_RESULT"
    if awk -v o="$other" 'BEGIN { exit !(o > 5) }'; then
        log "WARNING: other processes used $other % of the CPUs during $name"
    fi
}
# measure <name> <warm-up> <wrk args...>: a warm-up run of the same shape (kept as <name>-warmup), then the run.
measure() {
    local name="$1" warmup="$2"; shift 2
    quiesce
    log "$name: warm-up $warmup, then measuring $DURATION"
    run_wrk "$name-warmup" -d "$warmup" "$@"
    quiesce
    run_wrk "$name" -d "$DURATION" "$@"
}
BEARER="Authorization: Bearer $ACCESS_TOKEN"
TAMPERED="Authorization: Bearer $TAMPERED_TOKEN"

# JIT warm-up. A fresh JVM interprets the request path and compiles it over the first tens of thousands of
# requests: in trials the JWKS endpoint served ~5k req/s during its first 5 s and ~35k req/s a minute later, and
# /users/me ran at 1/8 of its warm rate after 3 s. So each request kind of (a)-(c) first runs for JIT_WARMUP
# (results kept as target/bench/jit-*.json, not reported); each measurement then still has its own short warm-up.
quiesce
log "JIT warm-up: $JIT_WARMUP each of the JWKS, valid-token and tampered-token requests"
run_wrk jit-jwks -d "$JIT_WARMUP" -c "$CONNS" -s "$BENCH_DIR/status.lua" "$API/.well-known/jwks.json"
run_wrk jit-me-valid -d "$JIT_WARMUP" -c "$CONNS" -H "$BEARER" -s "$BENCH_DIR/status.lua" "$API/users/me"
run_wrk jit-me-tampered -d "$JIT_WARMUP" -c "$CONNS" -H "$TAMPERED" -s "$BENCH_DIR/status.lua" "$API/users/me"

# (c) GET /.well-known/jwks.json, no authentication, a constant body: what the HTTP stack itself serves on this
#     machine. The ceiling that (a) is compared with.
measure c_jwks "$WARMUP" -c "$CONNS" -s "$BENCH_DIR/status.lua" "$API/.well-known/jwks.json"

# (a) GET /users/me with a valid bearer token at 64 connections: everything a protected request costs — RS256
#     verification and claim checks, the revocation checks (ver, sid, enabled), the handler, the JSON answer.
#     req/s, p50 and p99 latency. Target: ≥ 50 % of (c).
measure a_me_valid "$WARMUP" -c "$CONNS" -H "$BEARER" -s "$BENCH_DIR/status.lua" "$API/users/me"

# (b) the same with the tampered token: every response must be 401 (counted by status in status.lua).
#     Target: refusing a bad token costs no more than accepting a good one — req/s ≥ (a).
measure b_me_tampered "$WARMUP" -c "$CONNS" -H "$TAMPERED" -s "$BENCH_DIR/status.lua" "$API/users/me"

# (d) POST /auth/login cycling through the seeded users, 8 connections: one bcrypt (cost 12) per login, so the
#     figure is compared with the bcrypt ceiling (g). The rate used is ok_rps_to_last (see bench/common.lua),
#     over a longer window (BENCH_LOGIN_DURATION). Target: ≥ 85 % of the bcrypt ceiling.
quiesce
log "d_login: warm-up $WARMUP, then measuring $LOGIN_DURATION"
run_wrk d_login-warmup -d "$WARMUP" -c "$LOGIN_CONNS" -s "$BENCH_DIR/login.lua" "$API" -- "$USERS_TSV"
quiesce
run_wrk d_login -d "$LOGIN_DURATION" -c "$LOGIN_CONNS" -s "$BENCH_DIR/login.lua" "$API" -- "$USERS_TSV"

# (e) POST /auth/refresh, each request presenting a distinct, never-used, valid refresh token: a pool of
#     REFRESH_POOL pre-logged-in sessions, each response's successor going back into the pool (bench/refresh.lua).
#     The warm-up run hands its remaining tokens to the measured run. No target: reported for the record
#     (each refresh is a database transaction with a row lock and an insert, plus one RS256 signature).
quiesce
log "e_refresh: warm-up $REFRESH_WARMUP, then measuring $DURATION"
BENCH_POOL_OUT="$OUT/seed/refresh-pool-after-warmup.txt" run_wrk e_refresh-warmup -d "$REFRESH_WARMUP" -c "$REFRESH_CONNS" \
    -s "$BENCH_DIR/refresh.lua" "$API" -- "$OUT/seed/refresh-pool.txt" "$THREADS"
quiesce
BENCH_POOL_OUT="$OUT/seed/refresh-pool-after-run.txt" run_wrk e_refresh -d "$DURATION" -c "$REFRESH_CONNS" \
    -s "$BENCH_DIR/refresh.lua" "$API" -- "$OUT/seed/refresh-pool-after-warmup.txt" "$THREADS"

# (f) GET /users/me (as in (a)) while logins flood the service: the login wrk of (d) runs in the background for
#     warm-up + duration + 2 s, the /users/me wrk starts after its warm-up, so its whole window is under the
#     flood. Target: p99 ≤ 3 × the p99 of (a) — a burst of logins (bcrypt) must not starve token checks.
quiesce
log "f_me_under_login_flood: login flood in the background, /users/me measured inside it"
FLOOD_S=$(( ${WARMUP%s} + ${DURATION%s} + 2 ))
wrk -t "$THREADS" --timeout 30s --latency -d "${FLOOD_S}s" -c "$LOGIN_CONNS" -s "$BENCH_DIR/login.lua" "$API" \
    -- "$USERS_TSV" >"$OUT/wrk-f_login_flood.txt" 2>&1 &
FLOOD_PID=$!
BG_PIDS+=("$FLOOD_PID")
sleep "${WARMUP%s}"
run_wrk f_me_under_login_flood -d "$DURATION" -c "$CONNS" -H "$BEARER" -s "$BENCH_DIR/status.lua" "$API/users/me"
wait "$FLOOD_PID" || die "the background login flood failed (target/bench/wrk-f_login_flood.txt)"
BG_PIDS=()
grep '^BENCH_RESULT ' "$OUT/wrk-f_login_flood.txt" | sed 's/^BENCH_RESULT //' | jq -e . >"$OUT/f_login_flood.json" ||
    die "the login flood printed no BENCH_RESULT"

# (i) POST /auth/login (as in (d)) while registrations flood the service: bench/register.lua on REGISTER_CONNS
#     connections, each request a new account (one bcrypt of a new password each), in the background for warm-up +
#     login duration + 2 s; the logins are measured inside it. Registrations hash on the same bcrypt threads, but a
#     waiting login check is always taken first. Targets: logins/s ≥ 80 % of (d), login p99 ≤ 3 × the p99 of (d).
quiesce
log "i_login_under_registration_flood: registration flood in the background, logins measured inside it"
FLOOD_S=$(( ${WARMUP%s} + ${LOGIN_DURATION%s} + 2 ))
wrk -t "$THREADS" --timeout 30s --latency -d "${FLOOD_S}s" -c "$REGISTER_CONNS" -s "$BENCH_DIR/register.lua" "$API" \
    -- "$RUN_ID" >"$OUT/wrk-i_registration_flood.txt" 2>&1 &
FLOOD_PID=$!
BG_PIDS+=("$FLOOD_PID")
sleep "${WARMUP%s}"
run_wrk i_login_under_registration_flood -d "$LOGIN_DURATION" -c "$LOGIN_CONNS" -s "$BENCH_DIR/login.lua" "$API" \
    -- "$USERS_TSV"
wait "$FLOOD_PID" || die "the background registration flood failed (target/bench/wrk-i_registration_flood.txt)"
BG_PIDS=()
grep '^BENCH_RESULT ' "$OUT/wrk-i_registration_flood.txt" | sed 's/^BENCH_RESULT //' | jq -e . \
    >"$OUT/i_registration_flood.json" || die "the registration flood printed no BENCH_RESULT"

# (j) GET /users/me (as in (a)) while CHANGE_USERS clients change their passwords in a loop (bench/PasswordChanges.java:
#     each change checks the current password and hashes the new one, then revokes the user's other tokens). Each
#     change runs bcrypt outside any transaction, so the database pool stays free. Targets: zero 5xx for anyone,
#     and /users/me p99 ≤ 3 × the p99 of (a).
quiesce
log "j_me_under_password_changes: $CHANGE_USERS clients changing passwords, /users/me measured inside it"
CHANGES_S=$(( ${WARMUP%s} + ${DURATION%s} + 3 ))
"$JAVA" "$BENCH_DIR/PasswordChanges.java" "$API" "$CHANGERS_TSV" "$CHANGES_S" >"$OUT/j_password_changes.out" \
    2>"$OUT/j_password_changes.err" &
CHANGES_PID=$!
BG_PIDS+=("$CHANGES_PID")
sleep $(( ${WARMUP%s} + 1 ))
run_wrk j_me_under_password_changes -d "$DURATION" -c "$CONNS" -H "$BEARER" -s "$BENCH_DIR/status.lua" "$API/users/me"
wait "$CHANGES_PID" || { cat "$OUT/j_password_changes.err" >&2; die "bench/PasswordChanges.java failed"; }
BG_PIDS=()
tail -n 1 "$OUT/j_password_changes.out" | jq -e . >"$OUT/j_password_changes.json" ||
    die "bench/PasswordChanges.java printed no JSON"

# (h) Memory: resident set size of the service JVM after all the runs above (VmRSS), and its peak (VmHWM),
#     read once the service has worked off the last requests.
quiesce
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVICE_PID/status")
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVICE_PID/status")
curl -fsS "http://127.0.0.1:$MGMT_PORT/q/metrics" >"$OUT/metrics-after-run.txt" 2>/dev/null || true
stop_service
grep -q ' ERROR ' "$OUT/service.log" && log "WARNING: the service logged errors, see target/bench/service.log"

# ---------------------------------------------------------------------------------------------------------------
# Results: every figure and target into target/bench/results.json, then the table rendered from that file.
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
ELAPSED=$(( $(date +%s) - SCRIPT_START ))
jq -n \
    --slurpfile a "$OUT/a_me_valid.json" --slurpfile b "$OUT/b_me_tampered.json" --slurpfile c "$OUT/c_jwks.json" \
    --slurpfile d "$OUT/d_login.json" --slurpfile e "$OUT/e_refresh.json" \
    --slurpfile f "$OUT/f_me_under_login_flood.json" --slurpfile fl "$OUT/f_login_flood.json" \
    --slurpfile g "$OUT/ceilings.json" \
    --slurpfile i "$OUT/i_login_under_registration_flood.json" --slurpfile ir "$OUT/i_registration_flood.json" \
    --slurpfile j "$OUT/j_me_under_password_changes.json" --slurpfile jc "$OUT/j_password_changes.json" \
    --argjson starts "$(printf '%s\n' "${STARTUP_TIMES[@]}" | jq -s 'map(tonumber)')" \
    --arg quarkus_started_in "$QUARKUS_STARTED_IN" \
    --argjson rss_kb "$RSS_KB" --argjson hwm_kb "$HWM_KB" \
    --argjson startup_other "$STARTUP_OTHER_CPU" \
    --argjson cpus "$CPUS" --argjson load_start "$LOAD_START" --argjson load_end "$LOAD_END" \
    --argjson elapsed "$ELAPSED" --arg duration "$DURATION" --arg warmup "$WARMUP" --arg jit_warmup "$JIT_WARMUP" --arg refresh_warmup "$REFRESH_WARMUP" --arg login_duration "$LOGIN_DURATION" \
    --argjson conns "$CONNS" --argjson login_conns "$LOGIN_CONNS" --argjson refresh_conns "$REFRESH_CONNS" \
    --argjson refresh_pool "$REFRESH_POOL" --argjson bcrypt_cost "$BCRYPT_COST" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  ($a[0]) as $a | ($b[0]) as $b | ($c[0]) as $c | ($d[0]) as $d | ($e[0]) as $e | ($f[0]) as $f
  | ($fl[0]) as $fl | ($g[0]) as $g | ($i[0]) as $i | ($ir[0]) as $ir | ($j[0]) as $j | ($jc[0]) as $jc
  | ([$j.statuses | to_entries[] | select((.key | tonumber) >= 500) | .value] | add // 0) as $j5xx
  | ($b.statuses["401"] // 0) as $b401
  | ($starts | median) as $ready
  | {
      generated_at: (now | todate),
      machine: {cpus: $cpus, load_average_1m_start: $load_start, load_average_1m_end: $load_end, java: $g.java},
      settings: {wrk_threads: 2, duration: $duration, warmup: $warmup, jit_warmup: $jit_warmup, refresh_warmup: $refresh_warmup, login_duration: $login_duration,
                 connections: $conns, login_connections: $login_conns, refresh_connections: $refresh_conns,
                 refresh_pool_sessions: $refresh_pool, bcrypt_cost: $bcrypt_cost, elapsed_seconds: $elapsed},
      figures: {
        a_users_me_valid: ($a | {rps, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx, statuses,
                                 other_cpu_pct}),
        b_users_me_tampered: ($b | {rps, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, statuses,
                                    all_401: ($b401 == .requests), other_cpu_pct}),
        c_jwks: ($c | {rps, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx, other_cpu_pct}),
        d_login: ($d | {rps: .ok_rps_to_last, wrk_ok_rps: .ok_rps, requests, non2xx, statuses,
                        p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, other_cpu_pct}),
        e_refresh: ($e | {rps: .ok_rps, requests, non2xx, statuses, pool_empty: (.extra.pool_empty // 0),
                          reused: (.extra.reused // 0), p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99,
                          other_cpu_pct}),
        f_users_me_under_login_flood: ($f | {rps, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx,
                                             login_flood_rps: $fl.ok_rps_to_last, login_flood_non2xx: $fl.non2xx,
                                             other_cpu_pct}),
        i_login_under_registration_flood: ($i | {rps: .ok_rps_to_last, requests, non2xx, statuses,
                                                 p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99,
                                                 registrations: $ir.statuses, registration_rps: $ir.ok_rps,
                                                 other_cpu_pct}),
        j_users_me_under_password_changes: ($j | {rps, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests,
                                                  non2xx, statuses, changes: $jc.statuses,
                                                  change_clients: $jc.clients, change_5xx: $jc.server_errors,
                                                  other_cpu_pct}),
        g_ceilings: {rs256_verify_per_s: $g.rs256_verify_per_s, bcrypt_per_s: $g.bcrypt_per_s,
                     threads: $g.threads, bcrypt_cost: $g.bcrypt_cost, other_cpu_pct: $g.other_cpu_pct},
        h_startup: {ready_seconds_median: $ready, ready_seconds: $starts, other_cpu_pct: $startup_other,
                    quarkus_started_in_seconds: ($quarkus_started_in | split(",") | map(select(. != "") | tonumber))},
        h_memory: {rss_mib: ($rss_kb / 1024), peak_rss_mib: ($hwm_kb / 1024)}
      },
      targets: {
        a_ge_50pct_of_c: {value: ($a.rps / $c.rps), threshold: 0.5, pass: ($a.rps >= 0.5 * $c.rps and $a.non2xx == 0)},
        b_rejected_rps_ge_valid_rps: {value: ($b.rps / $a.rps), threshold: 1.0,
                                      pass: ($b.rps >= $a.rps and $b401 == $b.requests)},
        d_login_ge_85pct_of_bcrypt: {value: ($d.ok_rps_to_last / $g.bcrypt_per_s), threshold: 0.85,
                                     pass: ($d.ok_rps_to_last >= 0.85 * $g.bcrypt_per_s and $d.non2xx == 0)},
        f_p99_le_3x_a_p99: {value: ($f.latency_ms.p99 / $a.latency_ms.p99), threshold: 3.0,
                            pass: ($f.latency_ms.p99 <= 3 * $a.latency_ms.p99 and $f.non2xx == 0)},
        i_login_ge_80pct_of_d: {value: ($i.ok_rps_to_last / $d.ok_rps_to_last), threshold: 0.8,
                                pass: ($i.ok_rps_to_last >= 0.8 * $d.ok_rps_to_last and $i.non2xx == 0)},
        i_login_p99_le_3x_d_p99: {value: ($i.latency_ms.p99 / $d.latency_ms.p99), threshold: 3.0,
                                  pass: ($i.latency_ms.p99 <= 3 * $d.latency_ms.p99)},
        j_no_5xx: {value: ($j5xx + $jc.server_errors), threshold: 0,
                   pass: ($j5xx == 0 and $jc.server_errors == 0 and ($jc.statuses["200"] // 0) > 0)},
        j_p99_le_3x_a_p99: {value: ($j.latency_ms.p99 / $a.latency_ms.p99), threshold: 3.0,
                            pass: ($j.latency_ms.p99 <= 3 * $a.latency_ms.p99 and $j.non2xx == 0)},
        h_ready_le_2s: {value: $ready, threshold: 2.0, pass: ($ready <= 2.0)}
      }
    }' >"$OUT/results.json"

# The table (stdout): one row per figure; the targets carry pass/fail. A value measured while other
# processes used more than 5 % of the CPUs carries a warning sign with that share.
jq -r '
  def r(n): if . == null then "n/a" else (. * pow(10; n) | round) / pow(10; n) | tostring end;
  def pct: (. * 100 | round | tostring) + " %";
  def pf: if .pass then "**pass**" else "**FAIL**" end;
  def noisy: if (.other_cpu_pct // 0) > 5 then " ⚠ other processes used \(.other_cpu_pct | r(0)) % CPU" else "" end;
  .figures as $f | .targets as $t | .machine as $m
  | [$f[] | .other_cpu_pct? // empty] as $others |
  "| figure | value | target | pass/fail |",
  "|---|---|---|---|",
  "| (a) GET /users/me, valid token, 64 conn: req/s | \($f.a_users_me_valid.rps | r(0)) (\($f.a_users_me_valid.non2xx | r(0)) non-2xx)\($f.a_users_me_valid | noisy) | ≥ 50 % of (c) = \($f.c_jwks.rps * 0.5 | r(0)); measured \($t.a_ge_50pct_of_c.value | pct) | \($t.a_ge_50pct_of_c | pf) |",
  "| (a) GET /users/me, valid token: p50 / p99 latency | \($f.a_users_me_valid.p50_ms | r(2)) ms / \($f.a_users_me_valid.p99_ms | r(2)) ms | — | — |",
  "| (b) GET /users/me, tampered signature: req/s | \($f.b_users_me_tampered.rps | r(0)) (401: \($f.b_users_me_tampered.statuses["401"] // 0 | r(0)) of \($f.b_users_me_tampered.requests | r(0)))\($f.b_users_me_tampered | noisy) | ≥ (a) and all 401; measured \($t.b_rejected_rps_ge_valid_rps.value | pct) of (a) | \($t.b_rejected_rps_ge_valid_rps | pf) |",
  "| (c) GET /.well-known/jwks.json (framework ceiling): req/s | \($f.c_jwks.rps | r(0)) (p99 \($f.c_jwks.p99_ms | r(2)) ms)\($f.c_jwks | noisy) | — | — |",
  "| (d) POST /auth/login, 8 conn: logins/s | \($f.d_login.rps | r(2)) (\($f.d_login.non2xx | r(0)) non-2xx; p50 \($f.d_login.p50_ms | r(0)) ms)\($f.d_login | noisy) | ≥ 85 % of bcrypt ceiling (g) = \($f.g_ceilings.bcrypt_per_s * 0.85 | r(2)); measured \($t.d_login_ge_85pct_of_bcrypt.value | pct) | \($t.d_login_ge_85pct_of_bcrypt | pf) |",
  "| (e) POST /auth/refresh, distinct valid tokens, 16 conn: req/s | \($f.e_refresh.rps | r(0)) (\($f.e_refresh.non2xx | r(0)) non-2xx; p99 \($f.e_refresh.p99_ms | r(1)) ms)\($f.e_refresh | noisy) | — | — |",
  "| (f) GET /users/me p99 during a login flood | \($f.f_users_me_under_login_flood.p99_ms | r(2)) ms (\($f.f_users_me_under_login_flood.rps | r(0)) req/s; logins \($f.f_users_me_under_login_flood.login_flood_rps | r(2))/s)\($f.f_users_me_under_login_flood | noisy) | ≤ 3 × p99 of (a) = \($f.a_users_me_valid.p99_ms * 3 | r(2)) ms; measured \($t.f_p99_le_3x_a_p99.value | r(2)) × | \($t.f_p99_le_3x_a_p99 | pf) |",
  "| (i) POST /auth/login during a registration flood: logins/s | \($f.i_login_under_registration_flood.rps | r(2)) (\($f.i_login_under_registration_flood.non2xx | r(0)) non-2xx; registrations \($f.i_login_under_registration_flood.registration_rps | r(1))/s)\($f.i_login_under_registration_flood | noisy) | ≥ 80 % of (d) = \($f.d_login.rps * 0.8 | r(2)); measured \($t.i_login_ge_80pct_of_d.value | pct) | \($t.i_login_ge_80pct_of_d | pf) |",
  "| (i) login p99 during the registration flood | \($f.i_login_under_registration_flood.p99_ms | r(0)) ms | ≤ 3 × p99 of (d) = \($f.d_login.p99_ms * 3 | r(0)) ms; measured \($t.i_login_p99_le_3x_d_p99.value | r(2)) × | \($t.i_login_p99_le_3x_d_p99 | pf) |",
  "| (j) GET /users/me p99 while \($f.j_users_me_under_password_changes.change_clients) clients change passwords | \($f.j_users_me_under_password_changes.p99_ms | r(2)) ms (\($f.j_users_me_under_password_changes.rps | r(0)) req/s; changes by status \($f.j_users_me_under_password_changes.changes | tostring))\($f.j_users_me_under_password_changes | noisy) | ≤ 3 × p99 of (a) = \($f.a_users_me_valid.p99_ms * 3 | r(2)) ms; measured \($t.j_p99_le_3x_a_p99.value | r(2)) × | \($t.j_p99_le_3x_a_p99 | pf) |",
  "| (j) 5xx answers during the password changes (either side) | \($t.j_no_5xx.value | r(0)) | 0 | \($t.j_no_5xx | pf) |",
  "| (g) RS256 verifications/s, JVM, 2 threads | \($f.g_ceilings.rs256_verify_per_s | r(0))\($f.g_ceilings | noisy) | — | — |",
  "| (g) bcrypt cost \($f.g_ceilings.bcrypt_cost) hashes/s, JVM, 2 threads | \($f.g_ceilings.bcrypt_per_s | r(2))\($f.g_ceilings | noisy) | — | — |",
  "| (h) start to ready, median of 5 | \($f.h_startup.ready_seconds_median | r(2)) s (\($f.h_startup.ready_seconds | map(r(2)) | join(", ")) s)\($f.h_startup | noisy) | ≤ 2 s | \($t.h_ready_le_2s | pf) |",
  "| (h) resident memory after the run (VmRSS) | \($f.h_memory.rss_mib | r(0)) MiB (peak \($f.h_memory.peak_rss_mib | r(0)) MiB) | — | — |",
  "| machine: \($m.cpus) CPUs; CPU used by other processes while measuring | max \($others | max | r(1)) %, mean \($others | add / length | r(1)) % (load average \($m.load_average_1m_start) at the start) | ≈ 0 % for trustworthy figures | — |"
' "$OUT/results.json"

rm -f "$OUT"/.other-*
log "done in ${ELAPSED}s; load average ${LOAD_START} at the start, ${LOAD_END} at the end ($CPUS CPUs); results: target/bench/results.json"
