#!/usr/bin/env bash
# bench/run.sh — reproducible benchmark of jwt-auth-service (issue 6): the orchestration.
#
#   bench/run.sh            prints ONE markdown table to stdout, writes target/bench/results.json;
#                           progress goes to stderr, raw logs to target/bench/.
#
# What it does, in order:
#   1. builds, if the jar or target/cds/ is missing or older than src/ or pom.xml: ./mvnw package (tests skipped:
#      this is a measurement, not a test) and the build step class-list-training (pom.xml), which trains the jar
#      against PostgreSQL for the image's class list, dumps target/cds/app-cds.jsa from it as Dockerfile.jvm does,
#      and writes the image's JVM options to target/cds/jvm.args. Every start below uses those options and that
#      archive;
#   2. makes a fresh RSA-2048 key pair for this run (PKCS#8 PEM + public PEM) under target/bench/keys;
#   3. drops and creates the database jwt_auth_bench on the local PostgreSQL (127.0.0.1:5432, user postgres);
#   4. (g) measures the machine's ceilings with bench/Ceilings.java while nothing else of ours runs;
#   5. (h) starts the jar 5 times and takes the median time from process start to /q/health/ready = 200;
#   6. starts the service once more (prod mode, 127.0.0.1 only, bcrypt cost at its default 12), seeds users
#      and sessions through the public API, warms the JIT up, then runs the wrk measurements (c), (a), (b),
#      (d), (e), (f), (i), (j), (k) introspection and (l) the example API with and without the resource-server
#      library, each after its own warm-up;
#   7. (h) reads the resident memory of the service after all that load, stops it;
#   8. bench/report.sh turns the per-case JSON files of target/bench/ into results.json and prints the table.
#
# The other files: bench/lib/measure.sh (wrk runs, waiting for an idle service, the CPU other processes took),
# bench/*.lua (what wrk sends and counts), bench/Ceilings.java and bench/PasswordChanges.java (Java clients).
#
# Every figure is measured in the same run on the same machine, and every target is a ratio between figures
# of this run (or an absolute time for start-up), so the result does not depend on how fast the machine is —
# but it does depend on the machine being otherwise idle: the 1-minute load average at the start is recorded
# in results.json and a warning is printed when other work is running.
#
# Exit status: 0 when every measurement was taken, even if a target is missed (this is a measurement, not a
# test); non-zero when a tool is missing, or the build, the service start, the seeding or any step fails. The
# service (and any background wrk) is stopped on every exit path.
#
# Tools: bash, curl, jq, openssl, wrk, java (+ psql for the database); the script installs nothing, it names what
# is missing and how to get it, and stops. Tunables (environment, whole seconds): BENCH_DURATION (10s),
# BENCH_WARMUP (3s), BENCH_JIT_WARMUP (15s), BENCH_REFRESH_WARMUP (30s), BENCH_LOGIN_DURATION (20s), and
# BENCH_ROUNDS (3: rounds of (a)/(b)/(c), (f), (j) and (l)). With the defaults the script takes about 11 minutes
# on an idle 2-CPU machine, plus the build of the jar and archive when needed.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$ROOT/bench"
OUT="$ROOT/target/bench"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"

HTTP_PORT=18100
MGMT_PORT=19100
ORDERS_PORT=18110        # the example API of (l)
ORDERS_MGMT_PORT=19110
API="http://127.0.0.1:$HTTP_PORT"
READY_URL="http://127.0.0.1:$MGMT_PORT/q/health/ready"
DB_NAME=jwt_auth_bench
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 -q -X)

DURATION="${BENCH_DURATION:-10s}"             # every measured wrk run (login: BENCH_LOGIN_DURATION)
JIT_WARMUP="${BENCH_JIT_WARMUP:-15s}"         # once, per request kind of (a)-(c), before anything is measured
WARMUP="${BENCH_WARMUP:-3s}"                  # a warm-up wrk run of the same shape right before each measurement
LOGIN_DURATION="${BENCH_LOGIN_DURATION:-20s}" # logins are ~0.3 s of CPU each: a longer window, more samples
REFRESH_WARMUP="${BENCH_REFRESH_WARMUP:-30s}" # refresh runs at a few thousand req/s: it needs longer to reach C2 than 3 s
THREADS=2                                     # wrk threads (-t) everywhere
CONNS=64                                      # (a), (b), (c), and the /users/me side of (f)
LOGIN_CONNS=8                                 # (d) and the login flood of (f): bcrypt-bound, few connections
REFRESH_CONNS=16                              # (e)
SEED_USERS=8                                  # users registered (the login pool of (d), (f) and (i))
CHANGE_USERS=32                               # users changing their passwords in a loop in (j)
REGISTER_CONNS=16                             # the registration flood of (i)
REFRESH_POOL=96                               # sessions pre-logged-in for (e) and (m); see bench/refresh.lua
STARTS=5                                      # (h) start-up samples
ROUNDS="${BENCH_ROUNDS:-3}"                   # rounds of (a)/(b)/(c), (f), (j) and (l); the median one reported
CEILING_THREADS=2                             # (g): RS256 and bcrypt ceilings on 2 threads
CEILING_VERIFY_S=5
CEILING_BCRYPT_S=8
CEILING_PGBENCH_S=10                          # (g): pgbench -N with REFRESH_CONNS clients, the database's ceiling for (e)
PGBENCH_DB=jwt_auth_bench_pgbench
BCRYPT_COST=12                                # the service default (AUTH_PASSWORD_BCRYPT_COST is left unset)

export BENCH_LUA_DIR="$BENCH_DIR"
for d in "$DURATION" "$WARMUP" "$JIT_WARMUP" "$REFRESH_WARMUP" "$LOGIN_DURATION"; do
    [[ "$d" =~ ^[1-9][0-9]*s$ ]] || { echo "durations are whole seconds like 10s, not '$d'" >&2; exit 2; }
done

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Tools: named with how to get them when missing, before anything is started or deleted. The JVM is the one
# ./mvnw builds with (JAVA_HOME's, else the one on PATH): the archive is dumped by it and only works with it.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
declare -A HOW_TO_GET=(
    [wrk]="apt-get install wrk (Debian/Ubuntu), brew install wrk (macOS), or build it from github.com/wg/wrk"
    [jq]="apt-get install jq, or brew install jq"
    [psql]="apt-get install postgresql-client, or brew install libpq"
    [pgbench]="apt-get install postgresql-contrib (or the postgresql-client package of your distribution), or brew install libpq"
    [curl]="apt-get install curl"
    [openssl]="apt-get install openssl"
    [$JAVA]="a JDK 17 (apt-get install openjdk-17-jdk-headless), on PATH or in JAVA_HOME"
)
MISSING=()
for tool in wrk jq psql pgbench curl openssl "$JAVA"; do command -v "$tool" >/dev/null || MISSING+=("$tool"); done
if (( ${#MISSING[@]} > 0 )); then
    for tool in "${MISSING[@]}"; do printf 'bench/run.sh: %s is missing: %s\n' "$tool" "${HOW_TO_GET[$tool]}" >&2; done
    exit 1
fi

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

# CPU share of other processes, quiesce, wrk runs: bench/lib/measure.sh
# shellcheck source=bench/lib/measure.sh
source "$BENCH_DIR/lib/measure.sh"
CPUS=$(nproc)
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD_START" 'BEGIN { exit !(l > 0.5) }'; then
    log "WARNING: load average is $LOAD_START on $CPUS CPUs: other work is running and will distort the figures"
fi

# ---------------------------------------------------------------------------------------------------------------
# 1. The jar, the class list and target/cds/ (archive and JVM options), rebuilt when missing or stale:
#    ./mvnw package, then the build step class-list-training, which starts the packaged service against PostgreSQL
#    for a training run (in its own database, jwt_auth_it, on ports 18098/19098), writes
#    target/quarkus-app/classes.lst (the list the image's archive is dumped from), dumps target/cds/app-cds.jsa from
#    it the way Dockerfile.jvm does, and writes the image's JVM options to target/cds/jvm.args. Every start below
#    uses that file, so the figures are those of what ships (Dockerfile.jvm's GC_CONTAINER_OPTIONS and
#    JAVA_OPTS_APPEND, the base image's defaults, the archive under -Xshare:on: a stale or mismatched archive fails
#    the start loudly). ClassDataTrainingIT (./mvnw verify) checks the same archive under an agent and JFR.
JVM_ARGS="$ROOT/target/cds/jvm.args"
if [[ ! -f "$JAR" || ! -s "$JVM_ARGS" || "$JAR" -nt "$JVM_ARGS" ]] ||
    [[ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]]; then
    log "building: ./mvnw package -DskipTests exec:exec@class-list-training"
    ./mvnw -B -q package -DskipTests exec:exec@class-list-training >&2
fi
[[ -f "$JAR" && -s "$JVM_ARGS" ]] || die "no $JAR or $JVM_ARGS after the build"
# The example API of (l), with the resource-server library it depends on, rebuilt when missing or stale.
API_JAR="$ROOT/examples/orders-api/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$API_JAR" ]] || [[ -n "$(find resource-server/src resource-server/pom.xml examples/orders-api/src \
        examples/orders-api/pom.xml -newer "$API_JAR" -print -quit)" ]]; then
    log "building the example API: the resource-server library (install), then examples/orders-api (package)"
    ./mvnw -B -q -f resource-server/pom.xml install -DskipTests >&2
    ./mvnw -B -q -f examples/orders-api/pom.xml package -DskipTests >&2
fi
[[ -f "$API_JAR" ]] || die "no $API_JAR after the build"
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
# Statements per operation come from pg_stat_statements, which the server loads only when it is in its
# shared_preload_libraries (see the README's "Sizing"); without it those figures are n/a, WAL bytes are still measured.
if "${PSQL[@]}" -d "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT 1 FROM pg_stat_statements LIMIT 1" \
    >/dev/null 2>&1; then
    PGSS=yes
else
    PGSS=no
    log "pg_stat_statements is not loaded by the server: statements per operation will be n/a (WAL bytes are measured)"
fi

# The bootstrap admin of the run: it creates the service accounts of (k) and (l).
BENCH_ADMIN_EMAIL=bench-admin@bench.example
BENCH_ADMIN_PASSWORD="bench admin passphrase $(openssl rand -hex 8)"

# The service's environment: prod mode (plain `java -jar`), both ports on 127.0.0.1 only, plain-text logs,
# bcrypt at its default cost (the variable is removed from the environment, not set), a password pepper of this
# run. Every client here is 127.0.0.1, so the registration throttles (per client and service-wide) are lifted:
# the flood of (i) must reach bcrypt to show that logins are checked first, as a flood from many addresses would.
SERVICE_ENV=(
    -u AUTH_PASSWORD_BCRYPT_COST -u QUARKUS_PROFILE   # env takes its options before the first NAME=VALUE
    AUTH_PASSWORD_PEPPER="$(openssl rand -base64 32)"
    AUTH_MFA_ENCRYPTION_KEY="$(openssl rand -base64 32)"
    ADMIN_EMAIL="$BENCH_ADMIN_EMAIL"
    ADMIN_PASSWORD="$BENCH_ADMIN_PASSWORD"
    AUTH_THROTTLE_REGISTRATION_MAX_PER_CLIENT=1000000
    AUTH_THROTTLE_REGISTRATION_GLOBAL_MAX=1000000
    QUARKUS_HTTP_HOST=127.0.0.1
    QUARKUS_HTTP_PORT=$HTTP_PORT
    QUARKUS_MANAGEMENT_HOST=127.0.0.1
    QUARKUS_MANAGEMENT_PORT=$MGMT_PORT
    QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$DB_NAME
    QUARKUS_DATASOURCE_USERNAME=postgres
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$OUT/keys/signing-key.pem"
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$OUT/keys/verification-key.pem"
    QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
    # as the image sets it (Dockerfile.jvm's ENV): at most two glibc malloc arenas
    MALLOC_ARENA_MAX="$(sed -n 's/^ENV MALLOC_ARENA_MAX="\([0-9]*\)"$/\1/p' "$ROOT/src/main/docker/Dockerfile.jvm")"
)

now_ns() { date +%s%N; }

# start_service <log file>: starts the jar in the background with the image's JVM options and LOAD_RUN_OPTS (env
# execs java, so $! is the JVM's pid), waits until readiness answers 200 and sets READY_SECONDS to the time from just
# before the start to that answer.
LOAD_RUN_OPTS=()
start_service() {
    local logfile="$1" t0 t1
    shift
    t0=$(now_ns)
    env "${SERVICE_ENV[@]}" "$@" "$JAVA" "${JVM_OPTS[@]}" "${LOAD_RUN_OPTS[@]}" -jar "$JAR" >"$logfile" 2>&1 &
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

# (g) The database's own ceiling for (e): pgbench's TPC-B-like transaction without the branch and teller updates (-N:
# one UPDATE, one SELECT, one INSERT and the commit, much the work of a rotation that wrote a row per token) with the
# same client count as (e), on a throwaway database of the same server. Durability as configured on the server
# (synchronous_commit stays on), so the figure is what this machine commits. (e)'s ceiling is the lower of this and
# the RS256 signing rate: each refresh is one commit and one signature.
log "(g) ceilings: pgbench -N, $REFRESH_CONNS clients, ${CEILING_PGBENCH_S}s, on a throwaway database"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $PGBENCH_DB" -c "CREATE DATABASE $PGBENCH_DB"
pgbench -h 127.0.0.1 -p 5432 -U postgres -i -s 10 -q "$PGBENCH_DB" >"$OUT/pgbench-init.txt" 2>&1 ||
    { cat "$OUT/pgbench-init.txt" >&2; die "pgbench -i failed"; }
other_cpu_begin
pgbench -h 127.0.0.1 -p 5432 -U postgres -N -c "$REFRESH_CONNS" -j "$THREADS" -T "$CEILING_PGBENCH_S" "$PGBENCH_DB" \
    >"$OUT/pgbench.txt" 2>&1 || { cat "$OUT/pgbench.txt" >&2; die "pgbench failed"; }
OTHER=$(other_cpu_end)
"${PSQL[@]}" -d postgres -c "DROP DATABASE $PGBENCH_DB"
PGBENCH_TPS=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$OUT/pgbench.txt" | tail -n 1)
[[ -n "$PGBENCH_TPS" ]] || die "pgbench printed no tps (target/bench/pgbench.txt)"
jq -n --argjson tps "$PGBENCH_TPS" --argjson clients "$REFRESH_CONNS" --argjson other "$OTHER" \
    --arg sync "$("${PSQL[@]}" -d postgres -At -c 'SHOW synchronous_commit')" \
    '{tps: $tps, clients: $clients, synchronous_commit: $sync, other_cpu_pct: $other}' >"$OUT/pgbench.json"

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
# The GC log of the load runs: every pause with its wall-clock time, so bench/report.sh counts the pauses that fell
# inside (a)'s measured window (a tail caused by the collector shows there).
LOAD_RUN_OPTS=("-Xlog:gc:file=$OUT/gc.log:timemillis")
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

# (c), (a) and (b) are measured in ROUNDS alternating rounds (c, a, b, c, a, b, ...); for each, the round with the
# median req/s is reported (median_round in bench/lib/measure.sh) and every round is kept (<name>-r<n>.json). Their
# targets compare them with each other, and one 10 s run of each, one after the other, let a slow stretch of this
# shared machine decide: (b) ≥ (a) read 98 % in one run and 112 % in the next with the same jar.
#
# (c) GET /.well-known/jwks.json, no authentication, a constant body answered on the event loop: what the HTTP stack
#     itself serves on this machine. The ceiling that (a) is compared with.
# (a) GET /users/me with a valid bearer token at 64 connections: everything a protected request costs — RS256
#     verification and claim checks, the revocation checks (ver, sid, enabled), the handler, the JSON answer.
#     req/s, p50 and p99 latency. Target: ≥ 50 % of (c).
# (b) the same with the tampered token: every response must be 401 (counted by status in status.lua).
#     Target: refusing a bad token costs no more than accepting a good one — req/s ≥ (a).
for round in $(seq 1 "$ROUNDS"); do
    measure "c_jwks-r$round" "$WARMUP" -c "$CONNS" -s "$BENCH_DIR/status.lua" "$API/.well-known/jwks.json"
    measure "a_me_valid-r$round" "$WARMUP" -c "$CONNS" -H "$BEARER" -s "$BENCH_DIR/status.lua" "$API/users/me"
    measure "b_me_tampered-r$round" "$WARMUP" -c "$CONNS" -H "$TAMPERED" -s "$BENCH_DIR/status.lua" "$API/users/me"
done
for name in c_jwks a_me_valid b_me_tampered; do median_round "$name" "$ROUNDS" .rps; done

# (d) POST /auth/login cycling through the seeded users, 8 connections: one bcrypt (cost 12) per login, so the
#     figure is compared with the bcrypt ceiling (g). The rate used is ok_rps_to_last (see bench/common.lua),
#     over a longer window (BENCH_LOGIN_DURATION). Target: ≥ 85 % of the bcrypt ceiling.
quiesce
log "d_login: warm-up $WARMUP, then measuring $LOGIN_DURATION"
run_wrk d_login-warmup -d "$WARMUP" -c "$LOGIN_CONNS" -s "$BENCH_DIR/login.lua" "$API" -- "$USERS_TSV"
quiesce
db_begin
run_wrk d_login -d "$LOGIN_DURATION" -c "$LOGIN_CONNS" -s "$BENCH_DIR/login.lua" "$API" -- "$USERS_TSV"
db_end d_login

# (e) POST /auth/refresh, each request presenting a distinct, never-used, valid refresh token: a pool of
#     REFRESH_POOL pre-logged-in sessions, each response's successor going back into the pool (bench/refresh.lua).
#     The warm-up run hands its remaining tokens to the measured run. Each refresh is one UPDATE of the session row
#     and its commit, plus one RS256 signature, so its ceiling is the lower of pgbench -N with as many clients and the
#     RS256 signing rate (g). Target: ≥ 60 % of that ceiling. The warm-up is long (REFRESH_WARMUP): at a few thousand
#     requests a second the rotation path needs tens of seconds to reach the image's Tier4 thresholds (C2).
quiesce
log "e_refresh: warm-up $REFRESH_WARMUP, then measuring $DURATION"
BENCH_POOL_OUT="$OUT/seed/refresh-pool-after-warmup.txt" run_wrk e_refresh-warmup -d "$REFRESH_WARMUP" -c "$REFRESH_CONNS" \
    -s "$BENCH_DIR/refresh.lua" "$API" -- "$OUT/seed/refresh-pool.txt" "$THREADS"
quiesce
db_begin
BENCH_POOL_OUT="$OUT/seed/refresh-pool-after-run.txt" run_wrk e_refresh -d "$DURATION" -c "$REFRESH_CONNS" \
    -s "$BENCH_DIR/refresh.lua" "$API" -- "$OUT/seed/refresh-pool-after-warmup.txt" "$THREADS"
db_end e_refresh

# (f) GET /users/me (as in (a)) while logins flood the service: the login wrk of (d) runs in the background for
#     warm-up + duration + 2 s, the /users/me wrk starts after its warm-up, so its whole window is under the
#     flood. Target: p99 ≤ 3 × the p99 of (a) — a burst of logins (bcrypt) must not starve token checks. ROUNDS
#     rounds, the one with the median p99 reported (its flood's figures with it).
for round in $(seq 1 "$ROUNDS"); do
    quiesce
    log "f_me_under_login_flood-r$round: login flood in the background, /users/me measured inside it"
    flood_start "f_login_flood-r$round" $(( ${WARMUP%s} + ${DURATION%s} + 2 )) -c "$LOGIN_CONNS" \
        -s "$BENCH_DIR/login.lua" "$API" -- "$USERS_TSV"
    sleep "${WARMUP%s}"
    run_wrk "f_me_under_login_flood-r$round" -d "$DURATION" -c "$CONNS" -H "$BEARER" -s "$BENCH_DIR/status.lua" \
        "$API/users/me"
    flood_end "f_login_flood-r$round"
done
median_round f_me_under_login_flood "$ROUNDS" .latency_ms.p99 f_login_flood

# (i) POST /auth/login (as in (d)) while registrations flood the service: bench/register.lua on REGISTER_CONNS
#     connections, each request a new account (one bcrypt of a new password each), in the background for warm-up +
#     login duration + 2 s; the logins are measured inside it. Registrations hash on the same bcrypt threads, but a
#     waiting login check is always taken first. Targets: logins/s ≥ 80 % of (d), login p99 ≤ 3 × the p99 of (d).
quiesce
log "i_login_under_registration_flood: registration flood in the background, logins measured inside it"
flood_start i_registration_flood $(( ${WARMUP%s} + ${LOGIN_DURATION%s} + 2 )) -c "$REGISTER_CONNS" \
    -s "$BENCH_DIR/register.lua" "$API" -- "$RUN_ID"
sleep "${WARMUP%s}"
run_wrk i_login_under_registration_flood -d "$LOGIN_DURATION" -c "$LOGIN_CONNS" -s "$BENCH_DIR/login.lua" "$API" \
    -- "$USERS_TSV"
flood_end i_registration_flood

# (j) GET /users/me (as in (a)) while CHANGE_USERS clients change their passwords in a loop (bench/PasswordChanges.java:
#     each change checks the current password and hashes the new one, then revokes the user's other tokens). Each
#     change runs bcrypt outside any transaction, so the database pool stays free. Targets: zero 5xx for anyone,
#     and /users/me p99 ≤ 3 × the p99 of (a). ROUNDS rounds, the one with the median p99 reported (with the
#     changes of that round); 5xx are counted in every round.
CHANGES_S=$(( ${WARMUP%s} + ${DURATION%s} + 3 ))
for round in $(seq 1 "$ROUNDS"); do
    quiesce
    log "j_me_under_password_changes-r$round: $CHANGE_USERS clients changing passwords, /users/me measured inside it"
    "$JAVA" "$BENCH_DIR/PasswordChanges.java" "$API" "$CHANGERS_TSV" "$CHANGES_S" \
        >"$OUT/j_password_changes-r$round.out" 2>"$OUT/j_password_changes-r$round.err" &
    CHANGES_PID=$!
    BG_PIDS+=("$CHANGES_PID")
    sleep $(( ${WARMUP%s} + 1 ))
    run_wrk "j_me_under_password_changes-r$round" -d "$DURATION" -c "$CONNS" -H "$BEARER" \
        -s "$BENCH_DIR/status.lua" "$API/users/me"
    wait "$CHANGES_PID" || { cat "$OUT/j_password_changes-r$round.err" >&2; die "bench/PasswordChanges.java failed"; }
    BG_PIDS=()
    tail -n 1 "$OUT/j_password_changes-r$round.out" | jq -e . >"$OUT/j_password_changes-r$round.json" ||
        die "bench/PasswordChanges.java printed no JSON"
done
median_round j_me_under_password_changes "$ROUNDS" .latency_ms.p99 j_password_changes
J_5XX_ALL_ROUNDS=$(jq -s '[.[] | (.server_errors // 0),
        ([.statuses // {} | to_entries[] | select((.key | tonumber) >= 500) | .value] | add // 0)] | add' \
    "$OUT"/j_password_changes-r*.json "$OUT"/j_me_under_password_changes-r*.json)
jq -c --argjson n "$J_5XX_ALL_ROUNDS" '. + {server_errors_all_rounds: $n}' "$OUT/j_password_changes.json" \
    >"$OUT/j_password_changes.json.tmp" && mv "$OUT/j_password_changes.json.tmp" "$OUT/j_password_changes.json"

# (k) POST /oauth/introspect (RFC 7662) of the valid token of (a), by a service account with role resource-server
#     (client_secret_basic), 64 connections: how fast an API in any language can ask whether a token still holds.
#     The caller's secret and the token's verdict are remembered, the revocation checks read the caches: no query
#     per request once warm. Target: ≥ 10 × Keycloak's introspection on this machine (≈ 800–1,500 req/s measured
#     for issue 13), i.e. ≥ 15,000 req/s — the one absolute target besides start-up.
log "k_introspect: a service account with role resource-server introspects the token of (a)"
ADMIN_TOKEN=$(jq -nc --arg e "$BENCH_ADMIN_EMAIL" --arg p "$BENCH_ADMIN_PASSWORD" '{email: $e, password: $p}' |
    curl -fsS -H 'Content-Type: application/json' --data-binary @- "$API/auth/login" | jq -er .access_token) ||
    die "the bench admin cannot log in"
new_client() {   # new_client <name> <role>: prints "<client id> <client secret>"
    jq -nc --arg n "$1" --arg r "$2" '{name: $n, roles: [$r]}' |
        curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' --data-binary @- \
            "$API/admin/clients" | jq -er '"\(.clientId) \(.clientSecret)"'
}
read -r INTROSPECTOR_ID INTROSPECTOR_SECRET <<<"$(new_client bench-introspector resource-server)" ||
    die "creating the introspecting service account failed"
INTROSPECTOR_BASIC=$(printf '%s:%s' "$INTROSPECTOR_ID" "$INTROSPECTOR_SECRET" | base64 -w0)
[[ $(curl -fsS -u "$INTROSPECTOR_ID:$INTROSPECTOR_SECRET" --data-urlencode "token=$ACCESS_TOKEN" \
    "$API/oauth/introspect" | jq -r .active) == true ]] || die "introspecting the token of (a) did not say active"
measure k_introspect "$WARMUP" -c "$CONNS" -s "$BENCH_DIR/introspect.lua" "$API" -- "$ACCESS_TOKEN" "$INTROSPECTOR_BASIC"

# (l) GET /orders of the example API (examples/orders-api), protected by the resource-server library, with the
#     valid token of (a), 64 connections: the same packaged API measured with the library checking revocations
#     (its state from the service's event stream, in memory) and with it switched off (JWT_AUTH_ENABLED=false:
#     signature checks only). Target: with the library ≥ 80 % of without — refusing revoked tokens costs an API
#     little. Both APIs run side by side (their own ports), each warmed up for JIT_WARMUP, then are measured in
#     ROUNDS alternating rounds (with, without, with, ...), the median round of each reported, as for (a)-(c).
read -r ORDERS_ID ORDERS_SECRET <<<"$(new_client bench-orders-api resource-server)" ||
    die "creating the example API's service account failed"
declare -A ORDERS_URLS=([true]="http://127.0.0.1:$ORDERS_PORT" [false]="http://127.0.0.1:$((ORDERS_PORT + 1))")
declare -A ORDERS_NAMES=([true]=l_orders_with_library [false]=l_orders_without_library)
start_orders_api() {   # start_orders_api <true|false> <port offset> <log file>
    local http=$((ORDERS_PORT + $2)) mgmt=$((ORDERS_MGMT_PORT + $2)) pid
    env JWT_AUTH_ENABLED="$1" JWT_AUTH_URL="$API" JWT_AUTH_CLIENT_ID="$ORDERS_ID" JWT_AUTH_CLIENT_SECRET="$ORDERS_SECRET" \
        QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$http" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
        QUARKUS_MANAGEMENT_PORT="$mgmt" QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
        "$JAVA" -jar "$API_JAR" >"$3" 2>&1 &
    pid=$!
    BG_PIDS+=("$pid")
    for _ in $(seq 1 600); do
        curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$mgmt/q/health/ready" && return 0
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$3" >&2; die "the example API exited (log: $3)"; }
        sleep 0.1
    done
    die "the example API was not ready within 60 s (log: $3)"
}
start_orders_api true 0 "$OUT/orders-api-true.log"
start_orders_api false 1 "$OUT/orders-api-false.log"
for mode in true false; do
    log "${ORDERS_NAMES[$mode]}: the example API with JWT_AUTH_ENABLED=$mode"
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$BEARER" "${ORDERS_URLS[$mode]}/orders") == 200 ]] ||
        die "GET /orders of the example API (JWT_AUTH_ENABLED=$mode) with the token of (a) is not 200"
    run_wrk "jit-${ORDERS_NAMES[$mode]}" -d "$JIT_WARMUP" -c "$CONNS" -H "$BEARER" -s "$BENCH_DIR/status.lua" \
        "${ORDERS_URLS[$mode]}/orders"
done
for round in $(seq 1 "$ROUNDS"); do
    for mode in true false; do
        measure "${ORDERS_NAMES[$mode]}-r$round" "$WARMUP" -c "$CONNS" -H "$BEARER" -s "$BENCH_DIR/status.lua" \
            "${ORDERS_URLS[$mode]}/orders"
    done
done
for mode in true false; do median_round "${ORDERS_NAMES[$mode]}" "$ROUNDS" .rps; done
for pid in "${BG_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${BG_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
BG_PIDS=()

# (m) Two instances on one database: instance B (the same jar, JVM options and environment, its own ports) beside A,
#     the refresh tokens left by (e) split between them, each instance driven by its own wrk with half of (e)'s
#     connections at the same time, after a warm-up of both (B starts cold). The database's work per refresh
#     (statements, WAL bytes) is compared with (e)'s. Target: ≤ 1.1 × — an instance adds no database work per
#     operation, only its fixed background work (the revocation listener's pings, a few statements a second).
B_PORT=18120
B_MGMT_PORT=19120
log "m_two_instances: starting instance B on port $B_PORT"
env "${SERVICE_ENV[@]}" QUARKUS_HTTP_PORT="$B_PORT" QUARKUS_MANAGEMENT_PORT="$B_MGMT_PORT" \
    "$JAVA" "${JVM_OPTS[@]}" -jar "$JAR" >"$OUT/service-b.log" 2>&1 &
B_PID=$!
BG_PIDS+=("$B_PID")
for _ in $(seq 1 600); do
    curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$B_MGMT_PORT/q/health/ready" && break
    kill -0 "$B_PID" 2>/dev/null || { tail -n 30 "$OUT/service-b.log" >&2; die "instance B exited (log: service-b.log)"; }
    sleep 0.1
done
awk 'NR % 2 == 1' "$OUT/seed/refresh-pool-after-run.txt" >"$OUT/seed/pool-a.txt"
awk 'NR % 2 == 0' "$OUT/seed/refresh-pool-after-run.txt" >"$OUT/seed/pool-b.txt"
HALF_CONNS=$(( REFRESH_CONNS / 2 ))
two_instances() {   # two_instances <name> <duration> <pool suffix in> <pool suffix out>: both wrk runs at once
    flood_start "$1_a" "${2%s}" -c "$HALF_CONNS" -s "$BENCH_DIR/refresh.lua" "$API" -- "$OUT/seed/pool-a$3.txt" "$THREADS"
    BENCH_POOL_OUT="$OUT/seed/pool-b$4.txt" run_wrk "$1_b" -d "$2" -c "$HALF_CONNS" -s "$BENCH_DIR/refresh.lua" \
        "http://127.0.0.1:$B_PORT" -- "$OUT/seed/pool-b$3.txt" "$THREADS"
    flood_end "$1_a"
    BG_PIDS+=("$B_PID")
}
export BENCH_POOL_OUT="$OUT/seed/pool-a-warm.txt"   # flood_start's wrk (A) inherits it
two_instances m_two_instances-warmup "$REFRESH_WARMUP" "" -warm
export BENCH_POOL_OUT="$OUT/seed/pool-a-run.txt"
quiesce
db_begin
two_instances m_two_instances "$DURATION" -warm -run
db_end m_two_instances
unset BENCH_POOL_OUT
kill -TERM "$B_PID" 2>/dev/null || true
wait "$B_PID" 2>/dev/null || true
BG_PIDS=()

# (h) Memory: resident set size of the service JVM after all the runs above (VmRSS), and its peak (VmHWM),
#     read once the service has worked off the last requests.
quiesce
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVICE_PID/status")
THREADS_END=$(ls "/proc/$SERVICE_PID/task" | wc -l)
# The sessions table after the run: its size with indexes per row (a session holds its refresh state), for Sizing.
SESSION_BYTES=$("${PSQL[@]}" -d "$DB_NAME" -At -c \
    "SELECT round(pg_total_relation_size('sessions')::numeric / greatest(count(*), 1)) FROM sessions")
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVICE_PID/status")
curl -fsS "http://127.0.0.1:$MGMT_PORT/q/metrics" >"$OUT/metrics-after-run.txt" 2>/dev/null || true
stop_service
grep -q ' ERROR ' "$OUT/service.log" && log "WARNING: the service logged errors, see target/bench/service.log"

# ---------------------------------------------------------------------------------------------------------------
# Results: what is not a wrk or Java client's own JSON goes into JSON files beside theirs (start-up, memory, the
# machine and the settings), then bench/report.sh writes target/bench/results.json and prints the table.
printf '%s\n' "${STARTUP_TIMES[@]}" | jq -s --arg started_in "$QUARKUS_STARTED_IN" --argjson other "$STARTUP_OTHER_CPU" \
    '{ready_seconds: map(tonumber), other_cpu_pct: $other,
      quarkus_started_in_seconds: ($started_in | split(",") | map(select(. != "") | tonumber))}' >"$OUT/h_startup.json"
jq -n --argjson rss_kb "$RSS_KB" --argjson hwm_kb "$HWM_KB" --argjson threads "$THREADS_END" \
    --argjson session_bytes "$SESSION_BYTES" \
    '{rss_kb: $rss_kb, hwm_kb: $hwm_kb, threads: $threads, sessions_table_bytes_per_row: $session_bytes}' \
    >"$OUT/h_memory.json"
gc_pauses a_me_valid >"$OUT/a_gc.json"
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
ELAPSED=$(( $(date +%s) - SCRIPT_START ))
jq -n --argjson cpus "$CPUS" --argjson load_start "$LOAD_START" --argjson load_end "$LOAD_END" \
    --argjson elapsed "$ELAPSED" --arg duration "$DURATION" --arg warmup "$WARMUP" --arg jit_warmup "$JIT_WARMUP" \
    --arg refresh_warmup "$REFRESH_WARMUP" --arg login_duration "$LOGIN_DURATION" --argjson threads "$THREADS" \
    --argjson conns "$CONNS" --argjson login_conns "$LOGIN_CONNS" --argjson refresh_conns "$REFRESH_CONNS" \
    --argjson refresh_pool "$REFRESH_POOL" --argjson bcrypt_cost "$BCRYPT_COST" '{
      machine: {cpus: $cpus, load_average_1m_start: $load_start, load_average_1m_end: $load_end},
      settings: {wrk_threads: $threads, duration: $duration, warmup: $warmup, jit_warmup: $jit_warmup,
                 refresh_warmup: $refresh_warmup, login_duration: $login_duration, connections: $conns,
                 login_connections: $login_conns, refresh_connections: $refresh_conns,
                 refresh_pool_sessions: $refresh_pool, bcrypt_cost: $bcrypt_cost, elapsed_seconds: $elapsed}
    }' >"$OUT/run.json"
"$BENCH_DIR/report.sh" "$OUT"

rm -f "$OUT"/.other-*
log "done in ${ELAPSED}s; load average ${LOAD_START} at the start, ${LOAD_END} at the end ($CPUS CPUs); results: target/bench/results.json"
