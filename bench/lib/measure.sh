# bench/lib/measure.sh — the measuring helpers of bench/run.sh (sourced by it, not run on its own).
#
#   other_cpu_begin / other_cpu_end   how much of the machine OTHER processes used during a step (interference)
#   quiesce                           waits until the service is idle, so no step starts inside the previous one
#   run_wrk <name> <wrk args...>      one wrk run; its BENCH_RESULT line (bench/common.lua) -> $OUT/<name>.json
#   measure <name> <warm-up> <args>   a warm-up wrk run of the same shape, then the measured run
#   db_begin / db_end <name>          what the database did meanwhile -> $OUT/<name>-db.json (statements, WAL bytes)
#   median_round <name> <n> <key>     of alternating measured rounds <name>-r1..rN, the median one becomes <name>
#
# They read what bench/run.sh sets before sourcing or calling them: OUT (the output directory), CPUS, THREADS (wrk
# -t), DURATION (the measured window of measure), SERVICE_PID (the service JVM, for quiesce), and its log and die.

CLK_TCK=$(getconf CLK_TCK)

# Interference check. The figures are only as good as the machine is quiet, so every measured step also records
# how much of the machine's CPU OTHER processes used meanwhile ("other_cpu_pct"): every process that is neither
# a descendant of this script (the service, wrk, curl, the Ceilings JVM) nor PostgreSQL (which serves us), from
# /proc/<pid>/stat before and after. Processes that both start and end inside the step are not seen, so it is a
# lower bound. Figures taken while it is above 5 % are flagged in the table, whose last row sums it up.
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
# dropped, latency histogram on); the human summary goes to target/bench/wrk-<name>.txt, the BENCH_RESULT line
# printed by bench/common.lua to target/bench/<name>.json and its wall-clock window to target/bench/<name>.window.
run_wrk() {
    local name="$1" other t0; shift
    other_cpu_begin
    t0=$(date +%s%3N)
    wrk -t "$THREADS" --timeout 30s --latency "$@" >"$OUT/wrk-$name.txt" 2>&1 ||
        { cat "$OUT/wrk-$name.txt" >&2; die "wrk run $name failed"; }
    echo "$t0 $(date +%s%3N)" >"$OUT/$name.window"   # wall-clock ms, for the GC pauses inside it
    other=$(other_cpu_end)
    grep '^BENCH_RESULT ' "$OUT/wrk-$name.txt" | sed 's/^BENCH_RESULT //' |
        jq -e --argjson other "$other" '. + {other_cpu_pct: $other}' >"$OUT/$name.json" ||
        die "wrk run $name printed no BENCH_RESULT"
    if awk -v o="$other" 'BEGIN { exit !(o > 5) }'; then
        log "WARNING: other processes used $other % of the CPUs during $name"
    fi
}

# measure <name> <warm-up> <wrk args...>: a warm-up run of the same shape (kept as <name>-warmup), then the run, with
# the database's work during it (db_begin / db_end).
measure() {
    local name="$1" warmup="$2"; shift 2
    quiesce
    log "$name: warm-up $warmup, then measuring $DURATION"
    run_wrk "$name-warmup" -d "$warmup" "$@"
    quiesce
    db_begin
    run_wrk "$name" -d "$DURATION" "$@"
    db_end "$name"
}

# median_round <name> <rounds> <key> [companion ...]: of the measured rounds <name>-r1 .. <name>-r<rounds>, the one
# with the median <key> (a jq path into the run's JSON: .rps, or .latency_ms.p99 where the target is the tail)
# becomes <name>: its .json (every round's <key> added as "rounds" and its own number as "round"), and its .window and
# -db.json where the round has them; <companion>-r<n>.json of the same round (the background load it was measured
# inside) becomes <companion>.json. The figures that are compared with each other are measured in alternating rounds,
# so that a slow or fast stretch of this shared machine does not decide a ratio of two one-off runs; every round's
# files stay in target/bench.
median_round() {
    local name="$1" rounds="$2" key="$3" all pick companion
    shift 3
    all=$(for i in $(seq 1 "$rounds"); do jq -c "$key" "$OUT/$name-r$i.json"; done | jq -sc .)
    pick=$(jq -r 'to_entries | sort_by(.value) | .[(length - 1) / 2 | floor].key + 1' <<<"$all")
    jq -c --argjson all "$all" --argjson pick "$pick" --arg key "$key" '. + {rounds: {key: $key, values: $all, picked: $pick}}' \
        "$OUT/$name-r$pick.json" >"$OUT/$name.json"
    [[ ! -f "$OUT/$name-r$pick.window" ]] || cp "$OUT/$name-r$pick.window" "$OUT/$name.window"
    [[ ! -f "$OUT/$name-r$pick-db.json" ]] || cp "$OUT/$name-r$pick-db.json" "$OUT/$name-db.json"
    for companion in "$@"; do cp "$OUT/$companion-r$pick.json" "$OUT/$companion.json"; done
}

# The database's work during a step, divided by the step's requests in bench/report.sh: statements executed (the
# calls counted by pg_stat_statements in the bench database; null when the server was not started with it in
# shared_preload_libraries, see the README), transactions committed in the bench database (pg_stat_database's
# xact_commit: every autocommitted statement counts as one; pg_stat_statements does not count COMMIT here, since the
# driver sends it as a protocol-level command), and WAL bytes written (the WAL
# position moved, server-wide: run on an otherwise idle server). The window also holds the service's own background
# work (the revocation listener's pings, the purge jobs), a few statements a second per instance.
# Reads DB_NAME, PSQL and PGSS (yes when pg_stat_statements can be read), set by bench/run.sh.
db_counters() {
    local statements="NULL"
    local commits="(SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB_NAME')"
    if [[ "$PGSS" == yes ]]; then
        statements="(SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                     WHERE d.datname = '$DB_NAME')"
    fi
    "${PSQL[@]}" -d "$DB_NAME" -At -c "SELECT json_build_object('statements', $statements, 'commits', $commits,
        'wal_bytes', pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0'))"
}
db_begin() { db_counters >"$OUT/.db-begin.json"; }
db_end() {   # db_end <name>: the differences since db_begin -> $OUT/<name>-db.json
    db_counters | jq -c --slurpfile b "$OUT/.db-begin.json" '{
        statements: (if .statements == null then null else .statements - $b[0].statements end),
        commits: (if .commits == null then null else .commits - $b[0].commits end),
        wal_bytes: (.wal_bytes - $b[0].wal_bytes)}' >"$OUT/$1-db.json"
}

# flood_start <name> <seconds> <wrk args...>: a wrk run in the background, the load another run is measured inside
# (its pid joins BG_PIDS, which bench/run.sh stops on every exit). flood_end <name>: waits for it and writes its
# BENCH_RESULT line to target/bench/<name>.json (summary: target/bench/wrk-<name>.txt).
flood_start() {
    local name="$1" seconds="$2"; shift 2
    wrk -t "$THREADS" --timeout 30s --latency -d "${seconds}s" "$@" >"$OUT/wrk-$name.txt" 2>&1 &
    FLOOD_PID=$!
    BG_PIDS+=("$FLOOD_PID")
}
flood_end() {
    local name="$1"
    wait "$FLOOD_PID" || die "the background wrk run $name failed (target/bench/wrk-$name.txt)"
    BG_PIDS=()
    grep '^BENCH_RESULT ' "$OUT/wrk-$name.txt" | sed 's/^BENCH_RESULT //' | jq -e . >"$OUT/$name.json" ||
        die "the background wrk run $name printed no BENCH_RESULT"
}

# gc_pauses <name>: the collector's pauses inside the window of wrk run <name>, from the service's GC log
# (-Xlog:gc:file=...:timemillis, one "Pause ... <n>ms" line per pause, stamped when it ended), as JSON.
gc_pauses() {
    local from to
    read -r from to <"$OUT/$1.window"
    awk -v from="$from" -v to="$to" '/ Pause / {
            t = $1; gsub(/[^0-9]/, "", t)
            if (t + 0 >= from + 0 && t + 0 <= to + 0) { p = $NF; sub(/ms$/, "", p); n++; sum += p; if (p + 0 > max) max = p + 0 }
        }
        END { printf "{\"pauses\":%d,\"total_ms\":%.3f,\"max_ms\":%.3f,\"window_ms\":%d}\n", n, sum, max, to - from }' \
        "$OUT/gc.log"
}
