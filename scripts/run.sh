#!/usr/bin/env bash
# `make run`: build the release responder, migrate the database, and serve it behind nginx on
# http://$HOST:$PORT until Ctrl-C (SIGINT) or SIGTERM, then stop everything it started.
#
# Configuration: the environment, then .env (the environment wins; see .env.example). When .env is
# missing it is created from .env.example with a fresh random BETTER_AUTH_SECRET. This script does not parse .env:
# after the build it asks the binary (`todo-fcgi config --shell`), so nginx and the responder see the same values.
# Example: PORT=9090 make run
#
# Layout (relative to the repo root, the working directory of every process started here):
#   run/                 mode 0750: the responder socket and its lock
#   run/todo-PORT.sock   the socket when FCGI_SOCKET is left at its default (see below)
#   run/nginx-PORT/      nginx prefix: nginx.conf (rendered by scripts/nginx-conf.sh), pid, access.log, temp dirs,
#                        and a lock: one `make run` per PORT
#   nginx/html/api/docs/vendor/  Swagger UI and ReDoc for /api/docs and /api/redoc (scripts/docs-assets.sh, git-ignored)
#   data/                the SQLite database (DATABASE_PATH, default ./data/todo.db), shared by every run
# So two `make run` on two PORTs from one checkout do not touch each other's files (they serve the same database).
# FCGI_SOCKET: when it is not in the environment and is the default unix:./run/todo.sock (the built-in default, or
# the line .env.example puts in .env), this script uses unix:./run/todo-PORT.sock instead, for the responder and
# nginx alike. Any other value, or one in the environment, is used as it is, and a second run on it is refused.
# The responder is supervised: restarted (with a backoff) if it dies while we are not shutting down.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"

. scripts/env.sh # and scripts/lib.sh: log, die, alive, stop_process, port_open, ...
log_prefix=run

# ---- state and shutdown ----------------------------------------------------------------------------
stopping=0
resp_pid=""
nginx_pid=""
sleeper_pid=""

stop_nginx() {
    local pid="$nginx_pid" kids
    [[ -n "$pid" ]] || return 0
    nginx_pid=""
    if alive "$pid"; then
        kill -QUIT "$pid" 2>/dev/null || true # graceful: finish in-flight requests
        if ! wait_gone "$pid" 5; then
            log "nginx did not quit in 5 s; terminating it"
            kids="$(children "$pid")"
            if ! stop_process "$pid" TERM 2; then
                # shellcheck disable=SC2086
                kill -KILL $kids 2>/dev/null || true
            fi
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

stop_responder() {
    local pid="$resp_pid"
    resp_pid=""
    stop_process "$pid" TERM 5 "todo-fcgi did not exit 5 s after SIGTERM; killing it" || true
}

cleanup() {
    stopping=1
    if [[ -n "$sleeper_pid" ]]; then
        kill "$sleeper_pid" 2>/dev/null || true
        wait "$sleeper_pid" 2>/dev/null || true
        sleeper_pid=""
    fi
    stop_nginx
    stop_responder
}

on_signal() {
    trap '' INT TERM
    if [[ -n "$nginx_pid$resp_pid" ]]; then log "$1 received, stopping"; fi
    cleanup
    [[ "$1" == INT ]] && exit 130
    exit 143
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'cleanup' EXIT

# ---- dependencies, .env, build, configuration -------------------------------------------------------
scripts/deps.sh build run
# Swagger UI and ReDoc for /api/docs and /api/redoc (pip, cached in nginx/html/api/docs/vendor/): without them
# only those two pages are missing, so a machine without PyPI still serves the API and the web app.
scripts/docs-assets.sh || log "warning: could not fetch the Swagger UI and ReDoc files; /api/docs and /api/redoc will answer 404"

if [[ ! -e .env ]]; then
    secret="$(random_secret)"
    [[ ${#secret} == 64 ]] || die "could not read 32 random bytes from /dev/urandom"
    # A file of our own, then a hard link: of two runs starting at once in a fresh checkout exactly one creates
    # .env, and the other uses it (a shared .env.tmp and mv could hand the second a half-written file, or none).
    tmp_env=".env.tmp.$$"
    (
        umask 077
        if [[ -f .env.example ]]; then
            sed "s/^BETTER_AUTH_SECRET=.*/BETTER_AUTH_SECRET=$secret/" .env.example >"$tmp_env"
            grep -q "^BETTER_AUTH_SECRET=$secret\$" "$tmp_env" || echo "BETTER_AUTH_SECRET=$secret" >>"$tmp_env"
        else
            echo "BETTER_AUTH_SECRET=$secret" >"$tmp_env"
        fi
    )
    if ln "$tmp_env" .env 2>/dev/null; then
        log "created .env with a new random BETTER_AUTH_SECRET"
    fi
    rm -f "$tmp_env"
fi

log "building (swift build ${release_build[*]})"
swift build "${release_build[@]}"
bin="$(swift build "${release_build[@]}" --show-bin-path)/todo-fcgi"
[[ -x "$bin" ]] || die "the build did not produce $bin"

# HOST, PORT, FCGI_SOCKET, DATABASE_PATH, AUTH_RATE_PER_MINUTE (and CORS_ALLOWED_ORIGINS, WEB_ROOT, NGINX_WORKERS
# if set), as the
# responder reads them; it also refuses a missing or short BETTER_AUTH_SECRET, without printing it.
socket_in_environment="${FCGI_SOCKET+yes}"
todo_config "$bin" --require-secret ||
    die "the configuration above is not usable; fix it in the environment or .env (delete .env to get a generated one)"

# Open files: the responder holds one per upstream connection nginx opens (one per request in flight, so about
# one per concurrent client), and a shell's soft limit is often 1024. Up to the hard limit for both processes;
# nginx's workers set their own (worker_rlimit_nofile, see scripts/nginx-conf.sh).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

[[ "$PORT" =~ ^[0-9]+$ ]] && ((PORT >= 1 && PORT <= 65535)) || die "PORT must be a number from 1 to 65535, not '$PORT'"
PORT=$((10#$PORT)) # one name per port: 08080 is 8080

# The default socket is per port, so that runs on two ports do not share it (see the top of this file).
if [[ -z "$socket_in_environment" && "$FCGI_SOCKET" == unix:./run/todo.sock ]]; then
    FCGI_SOCKET="unix:./run/todo-$PORT.sock"
fi

url_host="$HOST"
[[ "$url_host" == *:* && "$url_host" != \[* ]] && url_host="[$url_host]"

# Mail for a local run: links point at this nginx, and messages land in run/mail/ (scripts/dev-mail.sh) instead
# of going to sendmail, unless APP_URL or a MAIL_COMMAND other than the default is set (environment or .env).
if ! app_url="$("$bin" config get APP_URL 2>/dev/null)"; then
    export APP_URL="http://$url_host:$PORT"
fi
if [[ "$("$bin" config get MAIL_COMMAND 2>/dev/null)" == "/usr/sbin/sendmail -t -i" ]]; then
    export MAIL_COMMAND="$root/scripts/dev-mail.sh"
    export TODO_MAIL_DIR="$root/run/mail"
    log "mail goes to run/mail/ (links on ${APP_URL:-$app_url}; set MAIL_COMMAND to send it for real)"
fi

if port_open "$HOST" "$PORT"; then
    die "port $PORT on $HOST is already in use; stop what listens there or choose another: PORT=9090 make run"
fi

# ---- directories, database ------------------------------------------------------------------------------
mkdir -p run data
chmod 0750 run
mkdir -p "$(dirname "$DATABASE_PATH")"

sock_path=""
case "$FCGI_SOCKET" in
unix:?*)
    sock_path="${FCGI_SOCKET#unix:}"
    [[ "$sock_path" == /* ]] || sock_path="$root/${sock_path#./}"
    mkdir -p "$(dirname "$sock_path")"
    lock_file="$sock_path.lock"
    ;;
tcp:?*:?*)
    tcp_addr="${FCGI_SOCKET#tcp:}"
    lock_file="$root/run/fcgi-tcp-${tcp_addr##*:}.lock"
    if port_open "${tcp_addr%:*}" "${tcp_addr##*:}"; then
        die "FCGI_SOCKET $FCGI_SOCKET is already in use by another process"
    fi
    ;;
*) die "FCGI_SOCKET must be unix:PATH or tcp:HOST:PORT, not '$FCGI_SOCKET'" ;;
esac

# One `make run` per responder socket (fd 9) and per nginx prefix, i.e. per port (fd 8).
nginx_prefix="$root/run/nginx-$PORT"
mkdir -p "$nginx_prefix"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$lock_file"
    flock -n 9 || die "another 'make run' is using $FCGI_SOCKET (lock $lock_file); stop it first"
    exec 8>"$nginx_prefix/run.lock"
    flock -n 8 || die "another 'make run' of this checkout serves port $PORT (lock $nginx_prefix/run.lock); stop it first"
fi

log "migrating $DATABASE_PATH"
# One migration at a time per database directory: two runs starting at once on a fresh database (one per port)
# would both switch the new file to WAL, and the second then fails with "database is locked".
if command -v flock >/dev/null 2>&1; then
    flock -w 60 "$(dirname "$DATABASE_PATH")" "$bin" migrate 8>&- 9>&-
else
    "$bin" migrate 8>&- 9>&-
fi

# ---- the responder, supervised ------------------------------------------------------------------------
resp_started=0
start_responder() {
    if [[ -n "$sock_path" && -S "$sock_path" ]]; then
        rm -f "$sock_path" # stale: we hold the lock for this socket
    fi
    "$bin" serve 8>&- 9>&- &
    resp_pid=$!
    resp_started=$SECONDS
}

# wait_responder_ready SECONDS: true once the socket accepts; false if the responder died or timed out.
wait_responder_ready() {
    local ticks=$(($1 * 10))
    while ((ticks-- > 0)); do
        alive "$resp_pid" || return 1
        if [[ -n "$sock_path" ]]; then
            [[ -S "$sock_path" ]] && return 0
        else
            port_open "${tcp_addr%:*}" "${tcp_addr##*:}" && return 0
        fi
        sleep 0.1
    done
    return 1
}

start_responder
if ! wait_responder_ready 15; then
    if alive "$resp_pid"; then
        die "todo-fcgi did not open $FCGI_SOCKET within 15 s"
    fi
    rc=0
    wait "$resp_pid" || rc=$?
    resp_pid=""
    die "todo-fcgi failed to start (exit status $rc); see its message above"
fi

# ---- nginx ------------------------------------------------------------------------------------------
NGINX_PREFIX="$nginx_prefix" scripts/nginx-conf.sh >"$nginx_prefix/nginx.conf.tmp"
mv "$nginx_prefix/nginx.conf.tmp" "$nginx_prefix/nginx.conf"
nginx -t -q -p "$nginx_prefix" -c "$nginx_prefix/nginx.conf" -e stderr 8>&- 9>&- ||
    die "nginx rejected $nginx_prefix/nginx.conf"
if port_open "$HOST" "$PORT"; then
    die "port $PORT on $HOST is already in use; choose another: PORT=9090 make run"
fi
nginx -p "$nginx_prefix" -c "$nginx_prefix/nginx.conf" -e stderr 8>&- 9>&- &
nginx_pid=$!

ticks=50
until port_open "$HOST" "$PORT"; do
    if ! alive "$nginx_pid" || ((ticks-- <= 0)); then
        rc=0
        alive "$nginx_pid" || { wait "$nginx_pid" || rc=$?; nginx_pid=""; }
        die "nginx did not start listening on $HOST:$PORT (is the port busy? exit status $rc)"
    fi
    sleep 0.1
done

echo "todo-fcgi is serving on http://$url_host:$PORT (Ctrl-C to stop)"

# ---- supervise until a signal ------------------------------------------------------------------------------
backoff=1
quick_failures=0
while :; do
    exited=""
    rc=0
    wait -n -p exited "$resp_pid" "$nginx_pid" || rc=$?
    ((stopping == 0)) || break
    if [[ -z "$exited" ]]; then
        continue
    elif [[ "$exited" == "$nginx_pid" ]]; then
        nginx_pid=""
        die "nginx exited unexpectedly (status $rc); stopping"
    elif [[ "$exited" == "$resp_pid" ]]; then
        resp_pid=""
        lived=$((SECONDS - resp_started))
        if ((lived >= 30)); then
            backoff=1
            quick_failures=0
        else
            quick_failures=$((quick_failures + 1))
        fi
        if ((quick_failures > 5)); then
            die "todo-fcgi keeps dying (status $rc, 6 times within 30 s of starting); giving up"
        fi
        log "todo-fcgi exited unexpectedly (status $rc after ${lived}s); restarting in ${backoff}s"
        sleep "$backoff" &
        sleeper_pid=$!
        wait "$sleeper_pid" || true
        sleeper_pid=""
        ((stopping == 0)) || break
        start_responder
        if wait_responder_ready 15; then
            log "todo-fcgi restarted (pid $resp_pid)"
        fi
        backoff=$((backoff * 2 > 10 ? 10 : backoff * 2))
    fi
done
