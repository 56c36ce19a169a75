#!/usr/bin/env bash
# `make soak`: a long mixed load against the release responder behind nginx, watching for leaks.
#
# Builds the release binary, starts `todo-fcgi serve` on a fresh database and a private unix socket, and nginx
# (rendered by scripts/nginx-conf.sh, as the integration tests do) on a free loopback port; seeds a few users;
# runs wrk with a Lua script that rotates users and tokens over a mix of list, get, create, toggle and delete
# requests; samples the responder's resident memory (VmRSS) and open file descriptors every SOAK_INTERVAL
# seconds into a CSV, and prints the curve. Fails when:
#   - RSS grows by more than SOAK_RSS_GROWTH_PCT % or the fd count by more than SOAK_FD_GROWTH between the
#     first sample at or after SOAK_WARMUP_SECONDS and the last one;
#   - any request fails: a status other than the one its operation expects, a socket error or a timeout
#     (wrk), a 5xx in the responder's log; or the responder dies, or does not exit 0 within 5 s of SIGTERM.
#
# Environment (all optional):
#   SOAK_SECONDS=300  SOAK_WARMUP_SECONDS=60  SOAK_INTERVAL=10  SOAK_RSS_GROWTH_PCT=20  SOAK_FD_GROWTH=10
#   SOAK_CONNECTIONS=8  SOAK_WRK_THREADS=2  SOAK_USERS=8  SOAK_RESPONDER_THREADS=32
#   SOAK_DIR=<dir>    where the CSV and the logs go (default: a new /tmp/todo-soak.XXXXXX, kept afterwards)
# Everything listens on 127.0.0.1 only; nothing outside SOAK_DIR is written (besides .build). Kept in SOAK_DIR:
# soak.csv, wrk.out, soak.lua (holds tokens valid for SOAK_SECONDS + 1 h), responder.log, nginx.log.
set -euo pipefail

export TODO_SKIP_DOTENV=1 # a developer's .env must not change what is measured
. "$(dirname "${BASH_SOURCE[0]}")/env.sh" # and scripts/lib.sh
cd "$TODO_ROOT"
log_prefix=soak

SOAK_SECONDS="${SOAK_SECONDS:-300}"
SOAK_WARMUP_SECONDS="${SOAK_WARMUP_SECONDS:-60}"
SOAK_INTERVAL="${SOAK_INTERVAL:-10}"
SOAK_RSS_GROWTH_PCT="${SOAK_RSS_GROWTH_PCT:-20}"
SOAK_FD_GROWTH="${SOAK_FD_GROWTH:-10}"
SOAK_CONNECTIONS="${SOAK_CONNECTIONS:-8}"
SOAK_WRK_THREADS="${SOAK_WRK_THREADS:-2}"
SOAK_USERS="${SOAK_USERS:-8}"
SOAK_RESPONDER_THREADS="${SOAK_RESPONDER_THREADS:-32}"
for v in SOAK_SECONDS SOAK_WARMUP_SECONDS SOAK_INTERVAL SOAK_RSS_GROWTH_PCT SOAK_FD_GROWTH SOAK_CONNECTIONS \
    SOAK_WRK_THREADS SOAK_USERS SOAK_RESPONDER_THREADS; do
    [[ "${!v}" =~ ^[0-9]+$ ]] && ((${!v} >= 1)) || [[ "$v" == SOAK_WARMUP_SECONDS && "${!v}" == 0 ]] ||
        die "$v must be a positive integer, not '${!v}'"
done
((SOAK_SECONDS >= SOAK_WARMUP_SECONDS + 2 * SOAK_INTERVAL)) ||
    die "SOAK_SECONDS ($SOAK_SECONDS) must leave at least two samples after the warm-up ($SOAK_WARMUP_SECONDS s, every $SOAK_INTERVAL s)"

scripts/deps.sh build run bench
command -v python3 >/dev/null 2>&1 || die "python3 is needed to pick a free port"

log "building (swift build ${release_build[*]})"
swift build "${release_build[@]}" >&2
bin="$(swift build "${release_build[@]}" --show-bin-path)/todo-fcgi"
[[ -x "$bin" ]] || die "the build did not produce $bin"

dir="${SOAK_DIR:-$(mktemp -d /tmp/todo-soak.XXXXXX)}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd -P)"
csv="$dir/soak.csv"

# ---- processes, and stopping them -------------------------------------------------------------------------
resp_pid=""
nginx_pid=""
wrk_pid=""

cleanup() {
    trap '' INT TERM
    stop_process "$wrk_pid" TERM 5 || true
    stop_process "$nginx_pid" QUIT 5 || true
    stop_process "$resp_pid" TERM 5 || true
    wrk_pid="" nginx_pid="" resp_pid=""
    # Large and not needed afterwards: the database and nginx's access log (one line per request); the
    # responder's log keeps only its non-2xx lines, nginx.log its warnings and errors.
    rm -f "$dir/todo.db" "$dir/todo.db-wal" "$dir/todo.db-shm" "$dir/nginx/access.log"
    rm -rf "$dir/nginx/client_body_temp" "$dir/nginx/fastcgi_temp" "$dir/nginx/proxy_temp" \
        "$dir/nginx/scgi_temp" "$dir/nginx/uwsgi_temp"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---- the responder ------------------------------------------------------------------------------------------
for v in JWT_ISSUER JWT_AUDIENCE JWKS_FILE JWKS_URL SIGNING_KEY_FILE JWT_LEEWAY_SECONDS; do unset "$v"; done
BETTER_AUTH_SECRET="$(random_secret)"
export BETTER_AUTH_SECRET
export DATABASE_PATH="$dir/todo.db"
export FCGI_SOCKET="unix:$dir/todo.sock"

# The request log (one line per request) is filtered: 2xx lines are dropped, everything else is kept.
"$bin" serve --threads "$SOAK_RESPONDER_THREADS" \
    2> >(grep --line-buffered -Ev ' [2][0-9][0-9] [0-9.]+ms$' >"$dir/responder.log") &
resp_pid=$!
for _ in $(seq 150); do
    [[ -S "$dir/todo.sock" ]] && break
    alive "$resp_pid" || die "the responder exited at start: $(cat "$dir/responder.log")"
    sleep 0.1
done
[[ -S "$dir/todo.sock" ]] || die "the responder did not open $dir/todo.sock within 15 s"

# ---- nginx ----------------------------------------------------------------------------------------------------
port="$(free_port)"
mkdir -p "$dir/nginx"
NGINX_PREFIX="$dir/nginx" HOST=127.0.0.1 PORT="$port" AUTH_RATE_PER_MINUTE=100000 \
    scripts/nginx-conf.sh >"$dir/nginx/nginx.conf"
nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e stderr 2>"$dir/nginx.log" &
nginx_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
    curl -fsS -o /dev/null "$base/api/health" 2>/dev/null && break
    alive "$nginx_pid" || die "nginx exited at start: $(cat "$dir/nginx.log")"
    sleep 0.1
done
curl -fsS -o /dev/null "$base/api/health" || die "nginx on $base does not answer /api/health"

# ---- seed users, tokens and tasks; write the wrk script --------------------------------------------------------
log "seeding $SOAK_USERS users (20 tasks each) on $base"
users_lua=""
for i in $(seq "$SOAK_USERS"); do
    user="soak-$i"
    token="$("$bin" token --sub "$user" --ttl $((SOAK_SECONDS + 3600)))"
    ids=""
    for n in $(seq 20); do
        body="$(curl -fsS -X POST "$base/api/$user/tasks" -H "Authorization: Bearer $token" \
            -H 'Content-Type: application/json' -d "{\"title\": \"seed $n\", \"description\": \"soak\"}")" ||
            die "seeding failed for $user"
        [[ "$body" =~ \"id\":([0-9]+) ]] || die "no id in $body"
        ids+="${BASH_REMATCH[1]},"
    done
    users_lua+="  {name = \"$user\", token = \"$token\", ids = {${ids%,}}},"$'\n'
done

cat >"$dir/soak.lua" <<EOF
-- Generated by scripts/soak.sh. Each request takes the next user (rotating users and their tokens):
-- 45 % list, 10 % get, 15 % toggle completion (seeded tasks), 15 % create, 15 % delete (of this wrk
-- thread's own creates; a create when there is none), so the database stays about the same size.
local users = {
$users_lua}
local threads = {}
local index = {}
for i, u in ipairs(users) do index[u.name] = i end

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  last_unexpected = ""
  counter = tid * 7919
  queue = {}
  math.randomseed(tid * 1000003)
end

local sorts = {"-created", "created", "title", "-updated"}

local function auth(u)
  return {["Authorization"] = "Bearer " .. u.token, ["Content-Type"] = "application/json"}
end

function request()
  counter = counter + 1
  local u = users[(counter % #users) + 1]
  local r = math.random(100)
  local base = "/api/" .. u.name .. "/tasks"
  if r <= 45 then
    return wrk.format("GET", base .. "?limit=50&sort=" .. sorts[(counter % #sorts) + 1], auth(u))
  elseif r <= 55 then
    return wrk.format("GET", base .. "/" .. u.ids[(counter % #u.ids) + 1], auth(u))
  elseif r <= 70 then
    return wrk.format("PATCH", base .. "/" .. u.ids[(counter % #u.ids) + 1] .. "/complete", auth(u))
  elseif r <= 85 or #queue == 0 then
    return wrk.format("POST", base, auth(u), '{"title": "soak ' .. counter .. '", "description": "x"}')
  else
    local item = table.remove(queue, 1)
    local owner = users[item.user]
    return wrk.format("DELETE", "/api/" .. owner.name .. "/tasks/" .. item.id, auth(owner))
  end
end

-- Every operation answers 200 (list, get, toggle), 201 (create) or 204 (delete): anything else is an error.
function response(status, headers, body)
  if status == 201 then
    local id = string.match(body, '"id":(%d+)')
    local user = string.match(body, '"user_id":"([^"]+)"')
    if id and user and index[user] then
      table.insert(queue, {user = index[user], id = id})
    else
      unexpected = unexpected + 1
      last_unexpected = "201 without id/user_id"
    end
  elseif status ~= 200 and status ~= 204 then
    unexpected = unexpected + 1
    last_unexpected = status .. " " .. string.sub(body or "", 1, 200)
  end
end

function done(summary, latency, requests)
  local n, last = 0, ""
  for _, t in ipairs(threads) do
    n = n + t:get("unexpected")
    if t:get("last_unexpected") ~= "" then last = t:get("last_unexpected") end
  end
  local e = summary.errors
  io.write(string.format("soak-result requests=%d unexpected=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, n, e.connect, e.read, e.write, e.status, e.timeout))
  if last ~= "" then io.write("soak-last-unexpected " .. last .. "\n") end
  io.write(string.format("soak-latency p50=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
EOF

# ---- load and samples ----------------------------------------------------------------------------------------------
sample() { # sample SECONDS: one CSV line
    local rss fds threads db wal
    rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$resp_pid/status" 2>/dev/null || echo 0)"
    fds="$(ls "/proc/$resp_pid/fd" 2>/dev/null | wc -l)"
    threads="$(awk '/^Threads:/ {print $2}' "/proc/$resp_pid/status" 2>/dev/null || echo 0)"
    db="$(($(stat -c %s "$dir/todo.db" 2>/dev/null || echo 0) / 1024))"
    wal="$(($(stat -c %s "$dir/todo.db-wal" 2>/dev/null || echo 0) / 1024))"
    echo "$1,$rss,$fds,$threads,$db,$wal" >>"$csv"
    printf 'soak: t=%4ss  rss=%6s kB  fds=%3s  threads=%3s  db=%6s kB  wal=%6s kB\n' "$1" "$rss" "$fds" "$threads" "$db" "$wal" >&2
}

log "running ${SOAK_SECONDS}s of mixed load: wrk -t$SOAK_WRK_THREADS -c$SOAK_CONNECTIONS (responder pid $resp_pid)"
echo "seconds,rss_kb,fds,threads,db_kb,wal_kb" >"$csv"
wrk -t"$SOAK_WRK_THREADS" -c"$SOAK_CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 10s -s "$dir/soak.lua" "$base" \
    >"$dir/wrk.out" 2>&1 &
wrk_pid=$!
start=$SECONDS
next=0
while alive "$wrk_pid"; do
    elapsed=$((SECONDS - start))
    if ((elapsed >= next && elapsed <= SOAK_SECONDS)); then
        alive "$resp_pid" || break
        sample "$next"
        next=$((next + SOAK_INTERVAL))
    fi
    sleep 0.2
done
wrk_rc=0
wait "$wrk_pid" || wrk_rc=$?
wrk_pid=""

# ---- verdict ---------------------------------------------------------------------------------------------------------
failures=()
cat "$dir/wrk.out" >&2
alive "$resp_pid" || failures+=("the responder died during the soak")
((wrk_rc == 0)) || failures+=("wrk exited with status $wrk_rc")
result="$(grep '^soak-result ' "$dir/wrk.out" || true)"
if [[ -z "$result" ]]; then
    failures+=("wrk printed no result line")
else
    for field in unexpected connect read write status timeout; do
        value="$(sed -E "s/.* $field=([0-9]+).*/\1/" <<<"$result")"
        ((value == 0)) || failures+=("$value request errors of kind '$field'")
    done
fi
if grep -Eq ' 5[0-9][0-9] [0-9.]+ms$' "$dir/responder.log"; then
    failures+=("5xx answers in the responder log: $(grep -Ec ' 5[0-9][0-9] [0-9.]+ms$' "$dir/responder.log")")
fi
if grep -Eq '\[(error|crit|alert|emerg)\]' "$dir/nginx.log"; then
    failures+=("nginx logged errors: $(grep -Em1 '\[(error|crit|alert|emerg)\]' "$dir/nginx.log")")
fi

stop_process "$resp_pid" TERM 5 || true
resp_pid=""
[[ "$stopped_rc" == 0 ]] || failures+=("the responder's exit on SIGTERM: $stopped_rc (expected 0 within 5 s)")

read -r verdict <<<"$(awk -F, -v warm="$SOAK_WARMUP_SECONDS" -v pct="$SOAK_RSS_GROWTH_PCT" -v fdg="$SOAK_FD_GROWTH" '
    NR == 1 { next }
    $1 >= warm && first_t == "" { first_t = $1; first_rss = $2; first_fd = $3 }
    { last_t = $1; last_rss = $2; last_fd = $3; if ($2 > max_rss) max_rss = $2; n++ }
    END {
        if (first_t == "" || first_t == last_t) { print "too-few-samples"; exit }
        growth = (last_rss - first_rss) * 100.0 / first_rss
        ok = (growth <= pct && last_fd - first_fd <= fdg) ? "ok" : "grew"
        printf "%s rss %d->%d kB (%+.1f%%, t=%s->%s s) fds %d->%d (%+d) max_rss=%d kB samples=%d\n",
            ok, first_rss, last_rss, growth, first_t, last_t, first_fd, last_fd, last_fd - first_fd, max_rss, n
    }' "$csv")"

echo
echo "soak curve (responder pid, every ${SOAK_INTERVAL}s; CSV: $csv)"
awk -F, 'NR == 1 { printf "%8s %10s %5s %8s %8s  %s\n", "t(s)", "rss(kB)", "fds", "db(kB)", "wal(kB)", "rss"; next }
    { rss[NR] = $2; line[NR] = sprintf("%8s %10s %5s %8s %8s", $1, $2, $3, $5, $6); if ($2 > max) max = $2 }
    END { for (i = 2; i <= NR; i++) { bar = ""; w = int(rss[i] * 40 / (max ? max : 1));
          for (j = 0; j < w; j++) bar = bar "#"; printf "%s  %s\n", line[i], bar } }' "$csv"
echo "verdict: $verdict (bounds: rss +${SOAK_RSS_GROWTH_PCT}%, fds +${SOAK_FD_GROWTH} after ${SOAK_WARMUP_SECONDS}s)"

case "$verdict" in
ok*) ;;
grew*) failures+=("resources grew after the warm-up: ${verdict#grew }") ;;
*) failures+=("not enough samples after the warm-up") ;;
esac
if ((${#failures[@]} > 0)); then
    for f in "${failures[@]}"; do log "FAIL: $f"; done
    log "logs kept in $dir"
    exit 1
fi
log "passed; CSV and logs in $dir"
