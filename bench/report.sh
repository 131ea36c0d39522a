#!/usr/bin/env bash
# bench/report.sh — the results of a bench/run.sh run: reads the per-case JSON files it left in a directory and
#
#   writes <dir>/results.json   every figure and every target (value, threshold, pass), with the machine and settings;
#   prints the markdown table   one row per figure (stdout), targets marked pass/FAIL, noisy figures flagged.
#
#   bench/report.sh [dir]       dir defaults to target/bench; re-running it on a kept directory re-renders the table.
#
# The inputs, all written by bench/run.sh: <case>.json per wrk run (bench/common.lua's BENCH_RESULT plus the
# other_cpu_pct of bench/lib/measure.sh) for a_me_valid, b_me_tampered, c_jwks, d_login, e_refresh, m_two_instances_a/b,
# f_me_under_login_flood, f_login_flood, i_login_under_registration_flood, i_registration_flood,
# j_me_under_password_changes, k_introspect, l_orders_with_library and l_orders_without_library; j_password_changes.json (bench/PasswordChanges.java), ceilings.json
# (bench/Ceilings.java), pgbench.json, a_gc.json (GC pauses inside (a)), <case>-db.json (the database's work during
# a, d, e and m), h_startup.json, h_memory.json, and run.json (the machine and the settings of the run).
# Every target is a ratio between figures of the same run (or an absolute time for start-up); the names,
# thresholds and JSON fields stay as they are, so results of earlier runs remain comparable.
set -Eeuo pipefail

DIR="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/bench}"
command -v jq >/dev/null || { echo "bench/report.sh: jq is required (apt-get install jq, or brew install jq)" >&2; exit 1; }
for f in a_me_valid b_me_tampered c_jwks d_login e_refresh f_me_under_login_flood f_login_flood ceilings \
    i_login_under_registration_flood i_registration_flood j_me_under_password_changes j_password_changes \
    k_introspect l_orders_with_library l_orders_without_library h_startup h_memory run pgbench a_gc \
    a_me_valid-db d_login-db e_refresh-db m_two_instances_a m_two_instances_b m_two_instances-db; do
    [[ -s "$DIR/$f.json" ]] || { echo "bench/report.sh: no $DIR/$f.json (did bench/run.sh finish?)" >&2; exit 1; }
done

# results.json: every figure and target.
jq -n \
    --slurpfile a "$DIR/a_me_valid.json" --slurpfile b "$DIR/b_me_tampered.json" --slurpfile c "$DIR/c_jwks.json" \
    --slurpfile d "$DIR/d_login.json" --slurpfile e "$DIR/e_refresh.json" \
    --slurpfile f "$DIR/f_me_under_login_flood.json" --slurpfile fl "$DIR/f_login_flood.json" \
    --slurpfile g "$DIR/ceilings.json" \
    --slurpfile i "$DIR/i_login_under_registration_flood.json" --slurpfile ir "$DIR/i_registration_flood.json" \
    --slurpfile j "$DIR/j_me_under_password_changes.json" --slurpfile jc "$DIR/j_password_changes.json" \
    --slurpfile k "$DIR/k_introspect.json" \
    --slurpfile lw "$DIR/l_orders_with_library.json" --slurpfile lo "$DIR/l_orders_without_library.json" \
    --slurpfile hs "$DIR/h_startup.json" --slurpfile hm "$DIR/h_memory.json" --slurpfile run "$DIR/run.json" \
    --slurpfile pg "$DIR/pgbench.json" --slurpfile agc "$DIR/a_gc.json" --slurpfile adb "$DIR/a_me_valid-db.json" \
    --slurpfile ddb "$DIR/d_login-db.json" --slurpfile edb "$DIR/e_refresh-db.json" \
    --slurpfile ma "$DIR/m_two_instances_a.json" --slurpfile mb "$DIR/m_two_instances_b.json" \
    --slurpfile mdb "$DIR/m_two_instances-db.json" '
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  ($a[0]) as $a | ($b[0]) as $b | ($c[0]) as $c | ($d[0]) as $d | ($e[0]) as $e | ($f[0]) as $f
  | ($fl[0]) as $fl | ($g[0]) as $g | ($i[0]) as $i | ($ir[0]) as $ir | ($j[0]) as $j | ($jc[0]) as $jc
  | ($hs[0]) as $hs | ($hm[0]) as $hm | ($run[0]) as $run
  | ($k[0]) as $k | ($lw[0]) as $lw | ($lo[0]) as $lo
  | ($pg[0]) as $pg | ($agc[0]) as $agc | ($ma[0]) as $ma | ($mb[0]) as $mb
  | def per($db; $n): {statements: (if $db.statements == null or $n == 0 then null else $db.statements / $n end),
                       commits: (if $db.commits == null or $n == 0 then null else $db.commits / $n end),
                       wal_bytes: (if $n == 0 then null else $db.wal_bytes / $n end), operations: $n};
    per($adb[0]; $a.ok) as $a_db | per($ddb[0]; $d.ok) as $d_db | per($edb[0]; $e.ok) as $e_db
  | per($mdb[0]; $ma.ok + $mb.ok) as $m_db
  | ([$pg.tps, $g.rs256_sign_per_s] | min) as $e_ceiling
  | ([($m_db.wal_bytes / $e_db.wal_bytes),
      (if $m_db.statements == null then empty else $m_db.statements / $e_db.statements end)] | max) as $m_growth
  | ([$j.statuses | to_entries[] | select((.key | tonumber) >= 500) | .value] | add // 0) as $j5xx
  | ($b.statuses["401"] // 0) as $b401
  | ($hs.ready_seconds | median) as $ready
  | {
      generated_at: (now | todate),
      machine: ($run.machine + {java: $g.java}),
      settings: $run.settings,
      figures: {
        a_users_me_valid: ($a | {rps, rounds, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx,
                                 statuses, other_cpu_pct, gc_pauses: $agc, database_per_request: $a_db}),
        b_users_me_tampered: ($b | {rps, rounds, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, statuses,
                                    all_401: ($b401 == .requests), other_cpu_pct}),
        c_jwks: ($c | {rps, rounds, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx, other_cpu_pct}),
        d_login: ($d | {rps: .ok_rps_to_last, wrk_ok_rps: .ok_rps, requests, non2xx, statuses,
                        p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, other_cpu_pct,
                        database_per_login: $d_db}),
        e_refresh: ($e | {rps: .ok_rps, requests, non2xx, statuses, pool_empty: (.extra.pool_empty // 0),
                          reused: (.extra.reused // 0), p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99,
                          other_cpu_pct, ceiling_rps: $e_ceiling, database_per_refresh: $e_db}),
        m_two_instances_refresh: {rps: ($ma.ok_rps + $mb.ok_rps), non2xx: ($ma.non2xx + $mb.non2xx),
                                  rps_a: $ma.ok_rps, rps_b: $mb.ok_rps, p99_ms_a: $ma.latency_ms.p99,
                                  p99_ms_b: $mb.latency_ms.p99, other_cpu_pct: $mb.other_cpu_pct,
                                  database_per_refresh: $m_db},
        f_users_me_under_login_flood: ($f | {rps, rounds, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx,
                                             login_flood_rps: $fl.ok_rps_to_last, login_flood_non2xx: $fl.non2xx,
                                             other_cpu_pct}),
        i_login_under_registration_flood: ($i | {rps: .ok_rps_to_last, requests, non2xx, statuses,
                                                 p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99,
                                                 registrations: $ir.statuses, registration_rps: $ir.ok_rps,
                                                 other_cpu_pct}),
        j_users_me_under_password_changes: ($j | {rps, rounds, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests,
                                                  non2xx, statuses, changes: $jc.statuses,
                                                  change_clients: $jc.clients, change_5xx: $jc.server_errors,
                                                  other_cpu_pct}),
        k_introspection: ($k | {rps, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx, statuses,
                                other_cpu_pct}),
        l_orders_with_library: ($lw | {rps, rounds, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx,
                                       other_cpu_pct}),
        l_orders_without_library: ($lo | {rps, rounds, p50_ms: .latency_ms.p50, p99_ms: .latency_ms.p99, requests, non2xx,
                                          other_cpu_pct}),
        g_ceilings: {rs256_verify_per_s: $g.rs256_verify_per_s, rs256_sign_per_s: $g.rs256_sign_per_s,
                     pgbench_tps: $pg.tps, pgbench_clients: $pg.clients, synchronous_commit: $pg.synchronous_commit,
                     pgbench_other_cpu_pct: $pg.other_cpu_pct, bcrypt_per_s: $g.bcrypt_per_s,
                     threads: $g.threads, bcrypt_cost: $g.bcrypt_cost, other_cpu_pct: $g.other_cpu_pct},
        h_startup: {ready_seconds_median: $ready, ready_seconds: $hs.ready_seconds, other_cpu_pct: $hs.other_cpu_pct,
                    quarkus_started_in_seconds: $hs.quarkus_started_in_seconds},
        h_memory: {rss_mib: ($hm.rss_kb / 1024), peak_rss_mib: ($hm.hwm_kb / 1024), threads: $hm.threads,
                   sessions_table_bytes_per_row: $hm.sessions_table_bytes_per_row}
      },
      targets: {
        a_ge_50pct_of_c: {value: ($a.rps / $c.rps), threshold: 0.5, pass: ($a.rps >= 0.5 * $c.rps and $a.non2xx == 0)},
        a_p99_le_2_5x_p50: {value: ($a.latency_ms.p99 / $a.latency_ms.p50), threshold: 2.5,
                            pass: ($a.latency_ms.p99 <= 2.5 * $a.latency_ms.p50)},
        e_refresh_ge_60pct_of_ceiling: {value: ($e.ok_rps / $e_ceiling), threshold: 0.6,
                                        pass: ($e.ok_rps >= 0.6 * $e_ceiling and $e.non2xx == 0)},
        m_database_work_per_refresh_le_1_1x_e: {value: $m_growth, threshold: 1.1,
                                                pass: ($m_growth <= 1.1 and $ma.non2xx + $mb.non2xx == 0)},
        h_peak_rss_le_256mib: {value: ($hm.hwm_kb / 1024), threshold: 256, pass: ($hm.hwm_kb / 1024 <= 256)},
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
        j_no_5xx: {value: ($jc.server_errors_all_rounds // ($j5xx + $jc.server_errors)), threshold: 0,
                   pass: (($jc.server_errors_all_rounds // ($j5xx + $jc.server_errors)) == 0
                          and ($jc.statuses["200"] // 0) > 0)},
        j_p99_le_3x_a_p99: {value: ($j.latency_ms.p99 / $a.latency_ms.p99), threshold: 3.0,
                            pass: ($j.latency_ms.p99 <= 3 * $a.latency_ms.p99 and $j.non2xx == 0)},
        k_introspection_ge_15000_rps: {value: $k.rps, threshold: 15000,
                                       pass: ($k.rps >= 15000 and $k.non2xx == 0)},
        l_library_ge_80pct_of_without: {value: ($lw.rps / $lo.rps), threshold: 0.8,
                                        pass: ($lw.rps >= 0.8 * $lo.rps and $lw.non2xx == 0 and $lo.non2xx == 0)},
        h_ready_le_2s: {value: $ready, threshold: 2.0, pass: ($ready <= 2.0)}
      }
    }' >"$DIR/results.json"

# The table (stdout): one row per figure; the targets carry pass/fail. A value measured while other
# processes used more than 5 % of the CPUs carries a warning sign with that share.
jq -r '
  def r(n): if . == null then "n/a" else (. * pow(10; n) | round) / pow(10; n) | tostring end;
  def pct: (. * 100 | round | tostring) + " %";
  def pf: if .pass then "**pass**" else "**FAIL**" end;
  def noisy: if (.other_cpu_pct // 0) > 5 then " ⚠ other processes used \(.other_cpu_pct | r(0)) % CPU" else "" end;
  def rounds($p): if .rounds == null then "" else .rounds as $r
      | "; \($p)median of \($r.values | length) rounds: \($r.values | map(r(if $r.key == ".rps" then 0 else 2 end))
      | join(", "))\(if $r.key == ".rps" then "" else " ms" end)" end;
  def rounds: rounds("");
  .figures as $f | .targets as $t | .machine as $m
  | [$f[] | .other_cpu_pct? // empty] as $others |
  "| figure | value | target | pass/fail |",
  "|---|---|---|---|",
  "| (a) GET /users/me, valid token, 64 conn: req/s | \($f.a_users_me_valid.rps | r(0)) (\($f.a_users_me_valid.non2xx | r(0)) non-2xx\($f.a_users_me_valid | rounds))\($f.a_users_me_valid | noisy) | ≥ 50 % of (c) = \($f.c_jwks.rps * 0.5 | r(0)); measured \($t.a_ge_50pct_of_c.value | pct) | \($t.a_ge_50pct_of_c | pf) |",
  "| (a) GET /users/me, valid token: p50 / p99 latency | \($f.a_users_me_valid.p50_ms | r(2)) ms / \($f.a_users_me_valid.p99_ms | r(2)) ms | p99 ≤ 2.5 × p50; measured \($t.a_p99_le_2_5x_p50.value | r(2)) × | \($t.a_p99_le_2_5x_p50 | pf) |",
  "| (a) GC pauses during its measured window | \($f.a_users_me_valid.gc_pauses.pauses) pauses, \($f.a_users_me_valid.gc_pauses.total_ms | r(1)) ms in all, longest \($f.a_users_me_valid.gc_pauses.max_ms | r(2)) ms (window \($f.a_users_me_valid.gc_pauses.window_ms / 1000 | r(1)) s) | — | — |",
  "| (b) GET /users/me, tampered signature: req/s | \($f.b_users_me_tampered.rps | r(0)) (401: \($f.b_users_me_tampered.statuses["401"] // 0 | r(0)) of \($f.b_users_me_tampered.requests | r(0))\($f.b_users_me_tampered | rounds))\($f.b_users_me_tampered | noisy) | ≥ (a) and all 401; measured \($t.b_rejected_rps_ge_valid_rps.value | pct) of (a) | \($t.b_rejected_rps_ge_valid_rps | pf) |",
  "| (c) GET /.well-known/jwks.json (framework ceiling): req/s | \($f.c_jwks.rps | r(0)) (p50 \($f.c_jwks.p50_ms | r(2)) ms, p99 \($f.c_jwks.p99_ms | r(2)) ms: p99 = \($f.c_jwks.p99_ms / $f.c_jwks.p50_ms | r(2)) × p50, the tail of a constant answer on this machine\($f.c_jwks | rounds))\($f.c_jwks | noisy) | — | — |",
  "| (d) POST /auth/login, 8 conn: logins/s | \($f.d_login.rps | r(2)) (\($f.d_login.non2xx | r(0)) non-2xx; p50 \($f.d_login.p50_ms | r(0)) ms)\($f.d_login | noisy) | ≥ 85 % of bcrypt ceiling (g) = \($f.g_ceilings.bcrypt_per_s * 0.85 | r(2)); measured \($t.d_login_ge_85pct_of_bcrypt.value | pct) | \($t.d_login_ge_85pct_of_bcrypt | pf) |",
  "| (e) POST /auth/refresh, distinct valid tokens, 16 conn: req/s | \($f.e_refresh.rps | r(0)) (\($f.e_refresh.non2xx | r(0)) non-2xx; p50 \($f.e_refresh.p50_ms | r(1)) ms, p99 \($f.e_refresh.p99_ms | r(1)) ms)\($f.e_refresh | noisy) | ≥ 60 % of the lower of pgbench -N and RS256 signing (g) = \($f.e_refresh.ceiling_rps * 0.6 | r(0)); measured \($t.e_refresh_ge_60pct_of_ceiling.value | pct) | \($t.e_refresh_ge_60pct_of_ceiling | pf) |",
  "| (m) refresh on two instances of one database, 8 + 8 conn: req/s | \($f.m_two_instances_refresh.rps | r(0)) (\($f.m_two_instances_refresh.rps_a | r(0)) + \($f.m_two_instances_refresh.rps_b | r(0)); \($f.m_two_instances_refresh.non2xx | r(0)) non-2xx) | database work per refresh ≤ 1.1 × that of (e); measured \($t.m_database_work_per_refresh_le_1_1x_e.value | r(2)) × | \($t.m_database_work_per_refresh_le_1_1x_e | pf) |",
  "| database work per operation: statements (transactions committed) / WAL bytes | verified request (a): \($f.a_users_me_valid.database_per_request.statements | r(4)) / \($f.a_users_me_valid.database_per_request.wal_bytes | r(1)) B; login (d): \($f.d_login.database_per_login.statements | r(2)) (\($f.d_login.database_per_login.commits | r(2))) / \($f.d_login.database_per_login.wal_bytes | r(0)) B; refresh (e): \($f.e_refresh.database_per_refresh.statements | r(2)) (\($f.e_refresh.database_per_refresh.commits | r(2))) / \($f.e_refresh.database_per_refresh.wal_bytes | r(0)) B; refresh on two instances (m): \($f.m_two_instances_refresh.database_per_refresh.statements | r(2)) (\($f.m_two_instances_refresh.database_per_refresh.commits | r(2))) / \($f.m_two_instances_refresh.database_per_refresh.wal_bytes | r(0)) B | — | — |",
  "| (f) GET /users/me p99 during a login flood | \($f.f_users_me_under_login_flood.p99_ms | r(2)) ms (\($f.f_users_me_under_login_flood.rps | r(0)) req/s; logins \($f.f_users_me_under_login_flood.login_flood_rps | r(2))/s\($f.f_users_me_under_login_flood | rounds("p99 ")))\($f.f_users_me_under_login_flood | noisy) | ≤ 3 × p99 of (a) = \($f.a_users_me_valid.p99_ms * 3 | r(2)) ms; measured \($t.f_p99_le_3x_a_p99.value | r(2)) × | \($t.f_p99_le_3x_a_p99 | pf) |",
  "| (i) POST /auth/login during a registration flood: logins/s | \($f.i_login_under_registration_flood.rps | r(2)) (\($f.i_login_under_registration_flood.non2xx | r(0)) non-2xx; registrations \($f.i_login_under_registration_flood.registration_rps | r(1))/s)\($f.i_login_under_registration_flood | noisy) | ≥ 80 % of (d) = \($f.d_login.rps * 0.8 | r(2)); measured \($t.i_login_ge_80pct_of_d.value | pct) | \($t.i_login_ge_80pct_of_d | pf) |",
  "| (i) login p99 during the registration flood | \($f.i_login_under_registration_flood.p99_ms | r(0)) ms | ≤ 3 × p99 of (d) = \($f.d_login.p99_ms * 3 | r(0)) ms; measured \($t.i_login_p99_le_3x_d_p99.value | r(2)) × | \($t.i_login_p99_le_3x_d_p99 | pf) |",
  "| (j) GET /users/me p99 while \($f.j_users_me_under_password_changes.change_clients) clients change passwords | \($f.j_users_me_under_password_changes.p99_ms | r(2)) ms (\($f.j_users_me_under_password_changes.rps | r(0)) req/s; changes by status \($f.j_users_me_under_password_changes.changes | tostring)\($f.j_users_me_under_password_changes | rounds("p99 ")))\($f.j_users_me_under_password_changes | noisy) | ≤ 3 × p99 of (a) = \($f.a_users_me_valid.p99_ms * 3 | r(2)) ms; measured \($t.j_p99_le_3x_a_p99.value | r(2)) × | \($t.j_p99_le_3x_a_p99 | pf) |",
  "| (j) 5xx answers during the password changes (either side, every round) | \($t.j_no_5xx.value | r(0)) | 0 | \($t.j_no_5xx | pf) |",
  "| (k) POST /oauth/introspect, a valid token, 64 conn: req/s | \($f.k_introspection.rps | r(0)) (\($f.k_introspection.non2xx | r(0)) non-2xx; p99 \($f.k_introspection.p99_ms | r(2)) ms)\($f.k_introspection | noisy) | ≥ 10 × Keycloak (≈ 1,500) = 15,000; measured \($t.k_introspection_ge_15000_rps.value / 1500 | r(1)) × | \($t.k_introspection_ge_15000_rps | pf) |",
  "| (l) example API GET /orders, 64 conn: req/s with the resource-server library / without | \($f.l_orders_with_library.rps | r(0)) / \($f.l_orders_without_library.rps | r(0)) (\($f.l_orders_with_library.non2xx + $f.l_orders_without_library.non2xx | r(0)) non-2xx\($f.l_orders_with_library | rounds("with: "))\($f.l_orders_without_library | rounds("without: ")))\($f.l_orders_with_library | noisy) | with ≥ 80 % of without; measured \($t.l_library_ge_80pct_of_without.value | pct) | \($t.l_library_ge_80pct_of_without | pf) |",
  "| (g) RS256 verifications/s, JVM, 2 threads | \($f.g_ceilings.rs256_verify_per_s | r(0))\($f.g_ceilings | noisy) | — | — |",
  "| (g) RS256 signatures/s, JVM, 2 threads | \($f.g_ceilings.rs256_sign_per_s | r(0)) | — | — |",
  "| (g) pgbench -N, \($f.g_ceilings.pgbench_clients) clients: transactions/s (synchronous_commit \($f.g_ceilings.synchronous_commit)) | \($f.g_ceilings.pgbench_tps | r(0)) | — | — |",
  "| (g) bcrypt cost \($f.g_ceilings.bcrypt_cost) hashes/s, JVM, 2 threads | \($f.g_ceilings.bcrypt_per_s | r(2))\($f.g_ceilings | noisy) | — | — |",
  "| (h) start to ready, median of 5 | \($f.h_startup.ready_seconds_median | r(2)) s (\($f.h_startup.ready_seconds | map(r(2)) | join(", ")) s)\($f.h_startup | noisy) | ≤ 2 s | \($t.h_ready_le_2s | pf) |",
  "| (h) resident memory: peak through the run (VmHWM) / after it (VmRSS) | \($f.h_memory.peak_rss_mib | r(0)) MiB / \($f.h_memory.rss_mib | r(0)) MiB (\($f.h_memory.threads) threads at the end; the sessions table \($f.h_memory.sessions_table_bytes_per_row) bytes a row with its indexes) | peak ≤ 256 MiB | \($t.h_peak_rss_le_256mib | pf) |",
  "| machine: \($m.cpus) CPUs; CPU used by other processes while measuring | max \($others | max | r(1)) %, mean \($others | add / length | r(1)) % (load average \($m.load_average_1m_start) at the start) | ≈ 0 % for trustworthy figures | — |"
' "$DIR/results.json"
