#!/usr/bin/env bash
# `make bench`: load-test the real nginx + todo-fcgi (release build) with wrk, beside two ceilings measured in the
# same run on the same machine, plus micro-benchmarks (todo-bench) beside `openssl speed`.
#
#   1. deps, `swift build -c release --static-swift-stdlib` of todo-fcgi and todo-bench, the C responder (gcc -O2 -lfcgi)
#   2. a fresh database in a temporary directory: `todo-fcgi migrate`, then bench/seed.py (Python sqlite3 and
#      PyJWT: BENCH_USERS users, BENCH_TASKS tasks spread over them, one HS256 and one EdDSA token per user;
#      the EdDSA key comes from `todo-fcgi keygen`, its public half is the responder's JWKS_FILE)
#   3. micro-benchmarks: todo-bench verify / handle, openssl speed
#   4. three targets behind nginx configs made by scripts/nginx-conf.sh (same snippet, keepalive):
#        todo-fcgi      `serve` with its default threads
#        c-responder    bench/c-responder/responder.c on a unix socket, answering our list-20 bytes; one process
#                       per nginx, with a thread for every connection that nginx may hold (libfcgi keeps a thread
#                       on a kept connection: fewer threads left requests waiting seconds behind idle connections)
#        c-responder-lean  the same C responder behind a lean nginx (no access log, worker_processes = CPUs, the
#                       same upstream keepalive): the FastCGI ceiling every scenario is reported against, beside
#                       the C responder behind `make run`'s nginx (which the todo-fcgi runs go through)
#        nginx return   `return 200 '<the same bytes>'` in a separate server block
#        todo-fcgi-pg   the same binary with DATABASE_URL on a PostgreSQL server started here (scripts/postgres.sh,
#                       fsync on), holding the same rows (COPY of the seeded SQLite tasks); PG_POOL_SIZE default
#      wrk + bench/wrk/api.lua: list, get, create, toggle, mix; HS256 and EdDSA tokens (PostgreSQL: HS256, the
#      verification is the same code); each connection count
#   5. hostile load (issue 12), on the SQLite target:
#        1,000 connections  list 20 (HS256) with 1,000 wrk connections at once: every answer must be 2xx and wrk
#                           must count no socket error (connect, read, write, or a response slower than wrk's 2 s);
#                           otherwise the bench fails (exit 1, after the report), loudly
#        password flood     bench/flood.py: 64 connections on each password route (wrong-password sign-in and
#                           delete-user, sign-up with a taken email) from 32 loopback addresses for BENCH_FLOOD_SECONDS,
#                           while /api/health and a list are probed from 127.0.0.1: their count, p50, p99 and max.
#                           Twice: through the nginx of the runs above (AUTH_RATE_PER_MINUTE=30, as `make run`), and
#                           through a second nginx on the same responder that lets every attempt through (100000/min,
#                           as for a flood from more addresses than the limit can tell apart). Printed, not judged.
#   6. a Markdown report on stdout, also in bench/results/latest.md (and a dated copy); raw wrk output in
#      bench/results/raw/
#
# Environment (all optional):
#   BENCH_QUICK=1          ~1 minute: 2 s runs at 32 connections only, short micro-benchmarks
#   BENCH_USERS (1000)     BENCH_TASKS (100000 in total; 1000000 for the large database)
#   BENCH_DURATION         seconds per wrk run (8, quick 2)
#   BENCH_CONNECTIONS      e.g. "32 256" (default; quick "32")
#   BENCH_SCENARIOS        subset of "list get create toggle mix"
#   BENCH_WRK_THREADS      wrk threads (default 2)
#   BENCH_NGINX_WORKERS    nginx worker_processes (default auto, one per CPU, as `make run`)
#   BENCH_C1000=0          leave out the 1,000-connection run (default 1, also with BENCH_QUICK)
#   BENCH_FLOOD=1          the password flood (default 1; 0 with BENCH_QUICK, where it is the longest part)
#   BENCH_FLOOD_SECONDS    how long each of the two floods sends (default 10; quick 3)
#   BENCH_SKIP_BUILD=1     use the release binaries already built (no swift build)
#   BENCH_BIN_DIR=DIR      use todo-fcgi and todo-bench from DIR instead (no build), e.g. .build/debug to try the
#                          script itself; the report then says which binary it measured
#   BENCH_KEEP=1           keep the temporary directory (database, logs, configs) and print its path
#   BENCH_POSTGRES=0       leave out the PostgreSQL column (default 1)
# The responder gets an explicit environment (no .env is read); progress goes to stderr, the report to stdout.
set -euo pipefail

export TODO_SKIP_DOTENV=1
. "$(dirname "${BASH_SOURCE[0]}")/env.sh" # and scripts/lib.sh
root="$TODO_ROOT"
cd "$root"
log_prefix=bench

quick="${BENCH_QUICK:-0}"
[[ "$quick" == 1 ]] || quick=0
users="${BENCH_USERS:-1000}"
tasks="${BENCH_TASKS:-100000}"
if [[ $quick == 1 ]]; then
    duration="${BENCH_DURATION:-2}"
    connections="${BENCH_CONNECTIONS:-32}"
    micro_seconds=0.2
else
    duration="${BENCH_DURATION:-8}"
    connections="${BENCH_CONNECTIONS:-32 256}"
    micro_seconds=0.5
fi
scenarios="${BENCH_SCENARIOS:-list get create toggle mix}"
postgres="${BENCH_POSTGRES:-1}"
[[ "$postgres" == 0 || "$postgres" == 1 ]] || die "BENCH_POSTGRES must be 0 or 1"
wrk_threads="${BENCH_WRK_THREADS:-2}"
nginx_workers="${BENCH_NGINX_WORKERS:-auto}"
c1000="${BENCH_C1000:-1}"
if [[ $quick == 1 ]]; then
    flood="${BENCH_FLOOD:-0}"
    flood_seconds="${BENCH_FLOOD_SECONDS:-3}"
else
    flood="${BENCH_FLOOD:-1}"
    flood_seconds="${BENCH_FLOOD_SECONDS:-10}"
fi
[[ "$c1000" == 0 || "$c1000" == 1 ]] || die "BENCH_C1000 must be 0 or 1"
[[ "$flood" == 0 || "$flood" == 1 ]] || die "BENCH_FLOOD must be 0 or 1"
[[ "$flood_seconds" =~ ^[1-9][0-9]*$ ]] || die "BENCH_FLOOD_SECONDS must be a positive integer"
[[ "$nginx_workers" == auto || "$nginx_workers" =~ ^[1-9][0-9]*$ ]] || die "BENCH_NGINX_WORKERS must be auto or a number"
for n in "$users" "$tasks" "$duration" "$wrk_threads"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "BENCH_USERS, BENCH_TASKS, BENCH_DURATION and BENCH_WRK_THREADS must be positive integers"
done
for c in $connections; do [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CONNECTIONS must list positive integers"; done
for s in $scenarios; do
    case "$s" in list | get | create | toggle | mix) ;; *) die "unknown scenario '$s' in BENCH_SCENARIOS" ;; esac
done

# ---- dependencies and builds ------------------------------------------------------------------------------
scripts/deps.sh build run bench

# Python with PyJWT and cryptography (Debian's python3-jwt, python3-cryptography: deps.sh's bench group).
python=""
for candidate in /usr/bin/python3 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import jwt, cryptography' 2>/dev/null; then
        python="$candidate"
        break
    fi
done
[[ -n "$python" ]] || die "no python3 with PyJWT and cryptography (scripts/deps.sh bench installs python3-jwt)"

if [[ -n "${BENCH_BIN_DIR:-}" ]]; then
    bin_dir="$(cd "$BENCH_BIN_DIR" && pwd -P)" || die "BENCH_BIN_DIR $BENCH_BIN_DIR is not a directory"
    log "BENCH_BIN_DIR: using the binaries in $bin_dir as they are"
elif [[ "${BENCH_SKIP_BUILD:-}" == 1 ]]; then
    log "BENCH_SKIP_BUILD=1: using the release binaries as they are"
    bin_dir="$(swift build "${release_build[@]}" --show-bin-path)"
else
    log "building (swift build ${release_build[*]}, products todo-fcgi and todo-bench)"
    swift build "${release_build[@]}" --product todo-fcgi >&2
    swift build "${release_build[@]}" --product todo-bench >&2
    bin_dir="$(swift build "${release_build[@]}" --show-bin-path)"
fi
todo_fcgi="$bin_dir/todo-fcgi"
todo_bench="$bin_dir/todo-bench"
[[ -x "$todo_fcgi" && -x "$todo_bench" ]] || die "the build did not produce $todo_fcgi and $todo_bench"

# wrk holds one descriptor per connection (1,000 in the hostile-load run), and the responder one per upstream
# connection nginx opens: the soft limit goes up to the hard one for everything started from here.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if ((c1000 == 1)) && [[ "$(ulimit -n)" != unlimited ]] && (($(ulimit -n) < 2048)); then
    die "the open-files limit is $(ulimit -n) (hard limit $(ulimit -Hn)): the 1,000-connection run needs 2048" \
        "(raise it, or BENCH_C1000=0)"
fi

work="$(mktemp -d /tmp/todo-bench.XXXXXX)"
chmod 0750 "$work"
results="$root/bench/results"
raw="$results/raw"
mkdir -p "$raw"
rm -f "$raw"/*.txt

# ---- processes we start, and their cleanup --------------------------------------------------------------------
pids=()
nginx_pids=()
cleanup() {
    local pid
    for pid in "${nginx_pids[@]}"; do stop_process "$pid" QUIT 5 || true; done
    for pid in "${pids[@]}"; do stop_process "$pid" TERM 5 || true; done
    [[ ! -d "$work/pg" ]] || scripts/postgres.sh stop "$work/pg" >/dev/null 2>&1 || true
    if [[ "${BENCH_KEEP:-}" == 1 ]]; then
        log "kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

gcc -O2 -Wall -o "$work/c-responder" bench/c-responder/responder.c -lfcgi -lpthread ||
    die "cannot compile bench/c-responder/responder.c"

# start_nginx NAME SOCKET PORT [EXTRA_SERVER_BLOCK [AUTH_RATE_PER_MINUTE [lean]]]: a config from
# scripts/nginx-conf.sh (rate 30 a minute unless told), in the background. lean: no access log and one worker per
# CPU, whatever BENCH_NGINX_WORKERS says (the ceiling's nginx).
start_nginx() {
    local name="$1" socket="$2" port="$3" extra="${4:-}" rate="${5:-30}" lean="${6:-}" prefix="$work/nginx-$1"
    local conf workers="$nginx_workers"
    mkdir -p "$prefix"
    [[ -z "$lean" ]] || workers="$(nproc)"
    conf="$(NGINX_PREFIX="$prefix" HOST=127.0.0.1 PORT="$port" FCGI_SOCKET="unix:$socket" \
        AUTH_RATE_PER_MINUTE="$rate" NGINX_WORKERS="$workers" scripts/nginx-conf.sh)"
    if [[ -n "$lean" ]]; then
        conf="$(sed -E 's/^([[:space:]]*)access_log .*;$/\1access_log off;/' <<<"$conf")"
        grep -q 'access_log off;' <<<"$conf" || die "no access_log line to turn off in the nginx config"
    fi
    if [[ -n "$extra" ]]; then
        # the config ends with the closing brace of http {}: put the extra server block inside it
        conf="${conf%\}*}$extra"$'\n}'
    fi
    printf '%s\n' "$conf" >"$prefix/nginx.conf"
    nginx -t -q -p "$prefix" -c "$prefix/nginx.conf" -e stderr 2>>"$work/nginx-$name.log" ||
        die "nginx rejected $prefix/nginx.conf: $(tail -5 "$work/nginx-$name.log")"
    nginx -p "$prefix" -c "$prefix/nginx.conf" -e stderr 2>>"$work/nginx-$name.log" &
    nginx_pids+=($!)
}

# ---- database, keys, tokens ---------------------------------------------------------------------------------
secret="$(random_secret)"
db="$work/todo.db"
# What both responders (SQLite, PostgreSQL) run with, less the database and the socket.
common_env=("PATH=$PATH" "HOME=${HOME:-/root}" "BETTER_AUTH_SECRET=$secret" "JWKS_FILE=$work/jwks.json")
(cd "$work" && env -i "${common_env[@]}" "DATABASE_PATH=$db" "$todo_fcgi" migrate >&2)
(cd "$work" && "$todo_fcgi" keygen --out "$work/ed25519.jwk" --kid bench >&2)
log "seeding $users users, $tasks tasks"
csv_out=()
[[ $postgres == 0 ]] || csv_out=(--csv-out "$work/tasks.csv")
"$python" bench/seed.py --db "$db" --users "$users" --tasks "$tasks" --secret "$secret" \
    --ed-key "$work/ed25519.jwk" --users-out "$work/users.txt" --jwks-out "$work/jwks.json" \
    --fixtures-out "$work/fixtures.json" "${csv_out[@]}" >&2
read -r user0 token0 _ <"$work/users.txt"

# The PostgreSQL column: a server of its own (fsync on), migrated by the binary, holding the very same rows.
if [[ $postgres == 1 ]]; then
    log "PostgreSQL: scripts/postgres.sh start (PG_FSYNC=on), todo-fcgi migrate, COPY of the seeded tasks"
    pg_url="$(PG_FSYNC=on scripts/postgres.sh start "$work/pg")" || die "PostgreSQL did not start"
    (cd "$work" && env -i "${common_env[@]}" "DATABASE_URL=$pg_url" "$todo_fcgi" migrate >&2)
    scripts/postgres.sh psql "$work/pg" \
        -c "\\copy tasks (id, user_id, title, description, completed, created_at, updated_at) FROM '$work/tasks.csv' WITH (FORMAT csv)" \
        -c "SELECT setval(pg_get_serial_sequence('tasks', 'id'), (SELECT max(id) FROM tasks))" \
        -c "VACUUM ANALYZE tasks" >/dev/null || die "copying the tasks into PostgreSQL failed"
fi

# ---- micro-benchmarks (before any responder runs) -----------------------------------------------------------------
log "micro-benchmarks: todo-bench verify, handle; openssl speed"
"$todo_bench" verify --fixtures "$work/fixtures.json" --seconds "$micro_seconds" >"$work/micro.tsv"
"$todo_bench" handle --seconds "$micro_seconds" >>"$work/micro.tsv"
openssl speed -mr -seconds 1 -bytes 256 -hmac sha256 ed25519 ecdsap256 rsa2048 >"$work/openssl.txt" 2>&1 ||
    log "openssl speed failed; its column stays empty"

# ---- the responders and their nginx ----------------------------------------------------------------------------

# start_responder NAME DATABASE_SETTING: `todo-fcgi serve` on $work/NAME.sock (log $work/NAME.log) with
# common_env and DATABASE_SETTING, behind an nginx of its own (start_nginx NAME); sets responder_pid and
# responder_url.
start_responder() {
    local name="$1" database="$2" socket="$work/$1.sock" port
    (cd "$work" && exec env -i "${common_env[@]}" "$database" "FCGI_SOCKET=unix:$socket" "$todo_fcgi" serve) \
        >>"$work/$name.log" 2>&1 &
    responder_pid=$!
    pids+=("$responder_pid")
    wait_for 20 "$responder_pid" test -S "$socket" || die "$name did not start: $(tail -5 "$work/$name.log")"
    port="$(free_port)"
    start_nginx "$name" "$socket" "$port"
    responder_url="http://127.0.0.1:$port"
    wait_for 10 "${nginx_pids[-1]}" curl -sf "$responder_url/api/health" ||
        die "nginx + $name not healthy: $(tail -5 "$work/nginx-$name.log") $(tail -5 "$work/$name.log")"
}

# check BASE EXPECTED METHOD PATH TOKEN [BODY]: one request through curl, which must answer EXPECTED.
check() {
    local got
    got="$(curl -s -o /dev/null -w '%{http_code}' -X "$3" -H "Authorization: Bearer $5" \
        -H 'Content-Type: application/json' ${6:+--data "$6"} "$1$4")"
    [[ "$got" == "$2" ]] || die "$3 $1$4 answered $got, expected $2"
}

# check_scenarios BASE ALG...: each scenario once for the first two users with their tokens of each ALG (hs, ed),
# so that a misconfiguration fails here and not as errors under load.
check_scenarios() {
    local base="$1" user hs ed first alg token
    shift
    while read -r user hs ed first _; do
        for alg in "$@"; do
            if [[ $alg == hs ]]; then token="$hs"; else token="$ed"; fi
            check "$base" 200 GET "/api/$user/tasks?limit=20" "$token"
            check "$base" 200 GET "/api/$user/tasks/$first" "$token"
            check "$base" 200 PATCH "/api/$user/tasks/$first/complete" "$token"
            check "$base" 200 PATCH "/api/$user/tasks/$first/complete" "$token"
        done
        check "$base" 201 POST "/api/$user/tasks" "$hs" '{"title":"check"}'
    done < <(head -2 "$work/users.txt")
}

start_responder app "DATABASE_PATH=$db"
resp_pid=$responder_pid
app=$responder_url

# The bytes both ceilings answer: our own list-20 response for the first user.
status="$(curl -s -o "$work/list20.json" -w '%{http_code}' -H "Authorization: Bearer $token0" \
    "$app/api/$user0/tasks?limit=20")"
[[ "$status" == 200 ]] || die "list 20 answered $status: $(head -c 300 "$work/list20.json")"
if grep -q "[\$'\\\\]" "$work/list20.json"; then die "the list-20 body has a character nginx's return cannot hold"; fi

check_scenarios "$app" hs ed

if [[ $postgres == 1 ]]; then
    start_responder app-pg "DATABASE_URL=$pg_url"
    pg_resp_pid=$responder_pid
    pg_app=$responder_url
    # the same answer as SQLite gives for the same rows (before either store has taken a write)
    cmp -s <(curl -s -H "Authorization: Bearer $token0" "$pg_app/api/$user0/tasks?limit=20") "$work/list20.json" ||
        die "PostgreSQL answers list 20 differently from SQLite"
    check_scenarios "$pg_app" hs
fi

# ---- the ceilings: the C responder and nginx alone -------------------------------------------------------------------
# libfcgi ties a thread to a kept connection until nginx closes it, so a C responder with fewer threads than the
# connections nginx may hold (in flight, up to the wrk connections, plus up to 64 kept per worker) leaves requests
# waiting in its backlog behind idle connections: seconds of p99 and a ceiling lower than the real one. Each nginx
# gets a responder of its own (one nginx's kept connections cannot starve the other's), with a thread for every
# connection it may hold (libfcgi's blocking reads leave idle threads asleep).
max_conns=0
for conns in $connections; do ((conns <= max_conns)) || max_conns=$conns; done
c_workers="$(nproc)"
[[ ! "$nginx_workers" =~ ^[0-9]+$ ]] || ((nginx_workers <= c_workers)) || c_workers=$nginx_workers
c_threads=$((max_conns + 64 * c_workers + 32))
((c_threads <= 1024)) || c_threads=1024
c_pids=()
for socket in c.sock c-lean.sock; do
    "$work/c-responder" "$work/$socket" "$work/list20.json" "$c_threads" >>"$work/c-responder.log" 2>&1 &
    c_pids+=($!)
    pids+=($!)
    wait_for 10 "$!" test -S "$work/$socket" || die "c-responder did not start: $(tail -5 "$work/c-responder.log")"
done
c_pid=${c_pids[0]}
lean_c_pid=${c_pids[1]}
c_port="$(free_port)"
lean_port="$(free_port)"
static_port="$(free_port)"
# nginx refuses a parameter over 4 KB: the body goes into variables of at most 2,000 bytes, joined by return.
body="$(cat "$work/list20.json")"
sets=""
joined=""
for ((i = 0; i * 2000 < ${#body}; i++)); do
    sets+="            set \$bench_body_$i '${body:i*2000:2000}';"$'\n'
    joined+="\$bench_body_$i"
done
static_block="
    # the nginx ceiling: the same bytes, answered by nginx itself
    server {
        listen 127.0.0.1:$static_port;
        location / {
            include snippets/security-headers.conf;
            add_header Cache-Control \"no-store\" always;
            default_type application/json;
$sets            return 200 \"$joined\";
        }
    }"
start_nginx ceiling "$work/c.sock" "$c_port" "$static_block"
wait_for 10 "${nginx_pids[-1]}" curl -sf "http://127.0.0.1:$c_port/api/x/tasks" || die "nginx + c-responder not answering"
start_nginx ceiling-lean "$work/c-lean.sock" "$lean_port" "" 30 lean
wait_for 10 "${nginx_pids[-1]}" curl -sf "http://127.0.0.1:$lean_port/api/x/tasks" ||
    die "the lean nginx + c-responder not answering"
for url in "http://127.0.0.1:$c_port/api/$user0/tasks?limit=20" "http://127.0.0.1:$lean_port/api/$user0/tasks?limit=20" \
    "http://127.0.0.1:$static_port/api/$user0/tasks?limit=20"; do
    cmp -s <(curl -s "$url") "$work/list20.json" || die "$url does not answer the list-20 bytes"
done

# ---- load ------------------------------------------------------------------------------------------------------
printf '' >"$work/load.tsv"

# run_wrk TARGET SCENARIO ALG CONNS: one wrk run, one row of load.tsv.
run_wrk() {
    local target="$1" scenario="$2" alg="$3" conns="$4" url pid server access log_file name out line
    case "$target" in
    todo-fcgi) url="$app" pid="$resp_pid" server=app log_file="$work/app.log" ;;
    todo-fcgi-pg) url="$pg_app" pid="$pg_resp_pid" server=app-pg log_file="$work/app-pg.log" ;;
    c-responder) url="http://127.0.0.1:$c_port" pid="$c_pid" server=ceiling log_file="$work/c-responder.log" ;;
    c-responder-lean) url="http://127.0.0.1:$lean_port" pid="$lean_c_pid" server=ceiling-lean log_file="$work/c-responder.log" ;;
    nginx-return) url="http://127.0.0.1:$static_port" pid="" server=ceiling log_file="$work/nginx-ceiling.log" ;;
    esac
    access="$work/nginx-$server/access.log"
    name="$target-$scenario-$alg-c$conns"
    out="$raw/$name.txt"
    : >"$access"
    : >"$log_file"
    [[ -z "$pid" ]] || echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true # VmHWM := current RSS
    local ticks_before=""
    [[ -z "$pid" ]] || ticks_before="$(cpu_ticks "$pid")"
    wrk -t"$wrk_threads" -c"$conns" -d"${duration}s" -s bench/wrk/api.lua "$url" -- \
        "$scenario" "$alg" "$work/users.txt" >"$out" 2>&1 || die "wrk failed for $name: $(tail -3 "$out")"
    line="$(grep '^WRK_RESULT ' "$out" | tail -1)"
    [[ -n "$line" ]] || die "no WRK_RESULT from wrk for $name: $(tail -3 "$out")"
    local -A r=()
    local kv
    for kv in ${line#WRK_RESULT }; do r["${kv%%=*}"]="${kv#*=}"; done
    # non-2xx answers as nginx logged them (the lean nginx logs nothing: wrk's count); 499 only marks requests wrk
    # abandoned when its time was up
    local bad
    bad="$(awk '$6 !~ /^2/ && $6 != 499 { n++ } END { print n + 0 }' "$access")"
    ((bad >= r[err_status])) || bad="${r[err_status]}"
    local errors=$((bad + r[err_connect] + r[err_read] + r[err_write] + r[err_timeout]))
    if ((errors > 0)); then
        awk '$6 !~ /^2/' "$access" | awk '{ print $6 }' | sort | uniq -c >>"$out"
        tail -20 "$log_file" >>"$out"
    fi
    local rss="-" cpu_us="-"
    [[ -z "$pid" ]] || rss="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")"
    if [[ -n "$ticks_before" ]] && ((r[requests] > 0)); then
        cpu_us=$((($(cpu_ticks "$pid") - ticks_before) * 1000000 / clock_ticks / r[requests]))
    fi
    local tokens="HS256"
    [[ "$alg" == ed ]] && tokens="EdDSA"
    [[ "$target" == todo-fcgi* ]] || tokens="HS256 (unchecked)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$scenario" "$tokens" "$conns" "${r[rps]}" \
        "${r[p50_us]}" "${r[p99_us]}" "$errors" "$rss" "${r[err_timeout]}" "$cpu_us" >>"$work/load.tsv"
    log "$(printf '%-12s %-6s %-5s c=%-4s %9.0f req/s  p50 %6.2f ms  p99 %7.2f ms  errors %s  rss %s kB  cpu %s us/req' \
        "$target" "$scenario" "$alg" "$conns" "${r[rps]}" "$((r[p50_us]))e-3" "$((r[p99_us]))e-3" "$errors" "$rss" \
        "$cpu_us")"
}

# cpu_ticks PID: the process's user + system CPU time so far, in clock ticks (all its threads; /proc/PID/stat
# fields 14 and 15, counted after the command name, which may hold spaces).
clock_ticks="$(getconf CLK_TCK)"
cpu_ticks() {
    local stat
    stat="$(<"/proc/$1/stat")"
    stat="${stat##*) }"
    awk '{ print $12 + $13 }' <<<"$stat"
}

# warm_up URL [ALG]: one second of list-20 against a target, not recorded. The responders get it with each kind of
# token, so that every run starts with their tokens verified once (the cache a client's repeated token meets),
# not only the HS256 ones.
warm_up() {
    wrk -t"$wrk_threads" -c32 -d1s -s bench/wrk/api.lua "$1" -- list "${2:-hs}" "$work/users.txt" >/dev/null 2>&1 ||
        true
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
n_runs=0
for _ in $connections; do n_runs=$((n_runs + 3 + (2 + postgres) * $(wc -w <<<"$scenarios"))); done
log "load: $n_runs wrk runs of ${duration}s (connections: $connections; scenarios: $scenarios)"
warm_up "http://127.0.0.1:$static_port"
warm_up "http://127.0.0.1:$c_port"
warm_up "http://127.0.0.1:$lean_port"
warm_up "$app"
warm_up "$app" ed
[[ $postgres == 0 ]] || warm_up "$pg_app"
for conns in $connections; do
    run_wrk nginx-return list hs "$conns"
    run_wrk c-responder-lean list hs "$conns"
    run_wrk c-responder list hs "$conns"
    # Each scenario with both kinds of token back to back, so that the two meet the same database (a write
    # scenario grows it and its WAL for every run after it).
    for scenario in $scenarios; do
        for alg in hs ed; do
            run_wrk todo-fcgi "$scenario" "$alg" "$conns"
        done
    done
    if [[ $postgres == 1 ]]; then
        for scenario in $scenarios; do
            run_wrk todo-fcgi-pg "$scenario" hs "$conns"
        done
    fi
done

# ---- hostile load (issue 12) ------------------------------------------------------------------------------------

# settle: until the responder has accepted every connection waiting in its listen queue. When a wrk run ends, nginx
# closes the upstream connections of the requests still in flight; those not yet accepted stay in the queue (the
# kernel counts them against the backlog) until the responder takes and drops them, and the next run should not
# start against a queue that is already half full. `ss` (iproute2) shows the queue; without it, a pause.
settle() {
    local ticks=100 queued
    if command -v ss >/dev/null 2>&1; then
        while ((ticks-- > 0)); do
            queued="$(ss -Hxl 2>/dev/null | awk -v s="$work/app.sock" '$5 == s { print $3 }')"
            [[ -z "$queued" || "$queued" == 0 ]] && break
            sleep 0.1
        done
    fi
    sleep 1
}

c1000_failed=""
if [[ $c1000 == 1 ]]; then
    settle
    log "1,000 connections: list 20 (HS256) for ${duration}s; any socket error or non-2xx answer fails the bench"
    run_wrk todo-fcgi list hs 1000
    IFS=$'\t' read -r -a c1000_row < <(tail -1 "$work/load.tsv")
    if [[ "${c1000_row[7]}" != 0 ]]; then
        c1000_failed="${c1000_row[7]} errors at 1,000 connections ($(grep -E 'Socket errors|Non-2xx' \
            "$raw/todo-fcgi-list-hs-c1000.txt" | tr -s ' ' | tr '\n' ';'));"
        c1000_failed+=" see bench/results/raw/todo-fcgi-list-hs-c1000.txt"
        log "FAILED: $c1000_failed"
    fi
fi

printf '' >"$work/flood.tsv"
if [[ $flood == 1 ]]; then
    settle
    flood_port="$(free_port)"
    start_nginx app-unlimited "$work/app.sock" "$flood_port" "" 100000
    wait_for 10 "${nginx_pids[-1]}" curl -sf "http://127.0.0.1:$flood_port/api/health" ||
        die "the second nginx (no rate limit) is not answering: $(tail -5 "$work/nginx-app-unlimited.log")"
    for phase in "limited:$app" "unlimited:http://127.0.0.1:$flood_port"; do
        log "password flood through the ${phase%%:*} nginx: ${flood_seconds}s"
        "$python" bench/flood.py --base "${phase#*:}" --label "${phase%%:*}" --user "$user0" --token "$token0" \
            --seconds "$flood_seconds" --out "$work/flood.tsv" || die "bench/flood.py failed"
        settle
    done
fi

# ---- report -----------------------------------------------------------------------------------------------------
commit="$(git_commit)"
{
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "nproc=$(nproc)"
    echo "model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "memory=$(awk '/^MemTotal:/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
    echo "commit=${commit:0:12}"
    echo "users=$users"
    echo "per_user=$((tasks / users > 0 ? tasks / users : 1))"
    echo "duration=$duration"
    echo "quick=$quick"
    echo "wrk_threads=$wrk_threads"
    echo "nginx_workers=$nginx_workers"
    echo "bin_dir=$bin_dir"
    # Whether the responder maps the Swift runtime's shared libraries (a build without --static-swift-stdlib).
    if readelf -d "$todo_fcgi" 2>/dev/null | grep -q 'libswiftCore'; then echo "swift_runtime=shared"; else
        echo "swift_runtime=linked in"; fi
    echo "flood_seconds=$flood_seconds"
    echo "c1000_failed=$c1000_failed"
    echo "load_before=$load_before"
    echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "postgres=$postgres"
    [[ $postgres == 0 ]] || echo "postgres_version=$(scripts/postgres.sh psql "$work/pg" -At -c 'SHOW server_version' | cut -d' ' -f1)"
} >"$work/meta.txt"
"$python" bench/report.py "$work" >"$results/latest.md.tmp"
mv "$results/latest.md.tmp" "$results/latest.md"
cp "$results/latest.md" "$results/$(date -u '+%Y%m%d-%H%M%S').md"
cat "$results/latest.md"
if [[ -n "$c1000_failed" ]]; then
    log "FAILED: $c1000_failed"
    exit 1
fi
