#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: a fresh cluster in DIR, listening on a free loopback port only.
#
# Usage:
#   scripts/postgres.sh start DIR     initdb in DIR/data, start it, create database `todo`, print its URL
#   scripts/postgres.sh restart DIR   stop (fast) and start again on the same port; prints the URL
#   scripts/postgres.sh down DIR      stop the server (fast shutdown), keeping its data and port
#   scripts/postgres.sh up DIR        start a server stopped by `down` again; prints the URL
#   scripts/postgres.sh stop DIR      stop the server and remove DIR
#   scripts/postgres.sh url DIR       print the URL of the database `todo` again
#   scripts/postgres.sh psql DIR ARG... run psql on the database `todo` with ARG... (stdin passes through)
#
# It installs nothing (scripts/deps.sh test does: Debian's `postgresql`). The binaries are taken from
# /usr/lib/postgresql/<newest>/bin (or PG_BIN). PostgreSQL refuses to run as root: as root, DIR is given to the
# `postgres` user and every server command runs as that user. The cluster uses scram-sha-256 with a random
# password (in the URL), no unix socket, listen_addresses=127.0.0.1, fsync off unless PG_FSYNC=on (a test server: a
# crash of the machine may lose it, a crash or restart of the server loses nothing that was acknowledged; `make
# bench` sets PG_FSYNC=on so that a commit costs what it costs in production), and UTF-8 with the C.UTF-8 locale
# so that lower() folds all of Unicode like the SQLite backend does.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # free_port, die
log_prefix=postgres.sh
die_label=""

[[ $# -ge 2 && ($# -eq 2 || "$1" == psql) ]] || die "usage: $0 start|restart|down|up|stop|url DIR, or $0 psql DIR ARG..."
command=$1
dir=$2
shift 2
fsync=${PG_FSYNC:-off}
[[ "$fsync" == on || "$fsync" == off ]] || die "PG_FSYNC must be on or off"

pg_bin() {
    if [[ -n "${PG_BIN:-}" ]]; then
        echo "$PG_BIN"
        return
    fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$found" && -x "$found/initdb" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql (run scripts/deps.sh test)"
    echo "$found"
}

# as_owner CMD...: run CMD as the cluster's owner (the `postgres` user when we are root).
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The cluster lives in DIR itself, or (as root, when the `postgres` user cannot reach DIR, e.g. under a 0700
# temporary directory) in a directory of its own under /tmp whose path DIR/home records.
home() {
    if [[ -f "$dir/home" ]]; then cat "$dir/home"; else echo "$dir"; fi
}

url() {
    local h
    h=$(home)
    echo "postgresql://postgres:$(cat "$h/password")@127.0.0.1:$(cat "$h/port")/todo"
}

server_start() {
    local bin=$1 h
    h=$(home)
    as_owner "$bin/pg_ctl" start -w -t 60 -D "$h/data" -l "$h/server.log" \
        -o "-p $(cat "$h/port") -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=$fsync -c max_connections=300" \
        >/dev/null || {
        tail -n 20 "$h/server.log" >&2 || true
        die "the server did not start (log: $h/server.log)"
    }
}

case "$command" in
start)
    bin=$(pg_bin)
    [[ ! -e "$dir/data" && ! -e "$dir/home" ]] || die "$dir already holds a cluster"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    h=$dir
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (installed with postgresql)"
        chown postgres: "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            h=$(mktemp -d /tmp/todo-postgres.XXXXXX)
            echo "$h" >"$dir/home"
            chown postgres: "$h"
        fi
    fi
    chmod 0700 "$h"
    as_owner sh -c "umask 077; python3 -c 'import secrets; print(secrets.token_hex(16))' > '$h/password'"
    as_owner "$bin/initdb" -D "$h/data" -U postgres --pwfile="$h/password" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$h/initdb.log" 2>&1 || {
        cat "$h/initdb.log" >&2
        die "initdb failed"
    }
    free_port | as_owner sh -c "cat > '$h/port'"
    server_start "$bin"
    PGPASSWORD=$(cat "$h/password") "$bin/psql" -X -q -h 127.0.0.1 -p "$(cat "$h/port")" -U postgres \
        -d postgres -c "CREATE DATABASE todo" >/dev/null
    url
    ;;
restart | down | up)
    bin=$(pg_bin)
    [[ -d "$(home)/data" ]] || die "no cluster in $dir"
    if [[ "$command" != up ]]; then
        as_owner "$bin/pg_ctl" stop -w -t 60 -D "$(home)/data" -m fast >/dev/null
    fi
    if [[ "$command" != down ]]; then
        server_start "$bin"
        url
    fi
    ;;
stop)
    h=$(home)
    if [[ -d "$h/data" ]]; then
        bin=$(pg_bin)
        as_owner "$bin/pg_ctl" stop -w -t 60 -D "$h/data" -m fast >/dev/null 2>&1 || true
    fi
    [[ "$h" == "$dir" ]] || rm -rf "$h"
    rm -rf "$dir"
    ;;
url)
    url
    ;;
psql)
    h=$(home)
    PGPASSWORD=$(cat "$h/password") "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$h/port")" \
        -U postgres -d todo "$@"
    ;;
*)
    die "unknown command '$command' (expected start, restart, down, up, stop, url or psql)"
    ;;
esac
