#!/bin/sh
# Start, stop or check the todo-fcgi responder as an ordinary user, with spawn-fcgi (no root needed).
# An example for hosts without root (see INSTALL): copy it, adjust the three settings, and run
#
#   deploy/spawn-fcgi.sh start | stop | restart | status
#
# spawn-fcgi creates the socket (mode 0660) and starts `todo-fcgi serve` with it on fd 0; the responder then
# ignores FCGI_SOCKET. The responder reads its configuration from the environment and from APP_DIR/.env
# (BETTER_AUTH_SECRET at least; DATABASE_PATH relative to APP_DIR). Its log (logfmt, a line per request) goes to
# APP_DIR/todo-fcgi.log, reopened on SIGHUP: deploy/logrotate.conf rotates it.
# To start it at boot without root: `crontab -e` and add   @reboot /path/to/deploy/spawn-fcgi.sh start
# Without spawn-fcgi, the responder binds the socket itself:
#   cd "$APP_DIR" && FCGI_SOCKET="unix:$SOCKET" nohup ./todo-fcgi serve --log-file todo-fcgi.log >>todo-fcgi.log 2>&1 &
set -eu

# ---- settings ---------------------------------------------------------------------------------------------
# Where the bundle is unpacked (default: the directory above this script).
APP_DIR="${APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}"
# The socket nginx connects to. Its directory must be group www-data with the setgid bit (mode 2750), so that
# the socket gets nginx's group: the admin runs once   chgrp www-data DIR && chmod 2750 DIR
SOCKET="${SOCKET:-$APP_DIR/run/todo.sock}"
# Worker threads: how many requests are answered at once (connections are not limited by it); empty: the
# default of `serve`, 2 per CPU and at least 4.
THREADS="${THREADS:-}"

PIDFILE="$APP_DIR/run/todo-fcgi.pid"
LOG="$APP_DIR/todo-fcgi.log"

running() {
    [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

start() {
    if running; then
        echo "todo-fcgi is already running (pid $(cat "$PIDFILE"))"
        return 0
    fi
    command -v spawn-fcgi >/dev/null 2>&1 || {
        echo "spawn-fcgi is not installed; start the responder without it (see the top of $0)" >&2
        exit 1
    }
    mkdir -p "$(dirname "$SOCKET")" "$(dirname "$PIDFILE")"
    umask 027
    rm -f "$SOCKET" # a stale socket of a responder that is gone (checked above)
    # -M 0660: owner and group only (FastCGI has no authentication). -d: the .env and relative paths are read
    # from APP_DIR. -P: the responder's pid, for stop.
    spawn-fcgi -s "$SOCKET" -M 0660 -d "$APP_DIR" -P "$PIDFILE" -- \
        "$APP_DIR/todo-fcgi" serve --log-file "$LOG" ${THREADS:+--threads "$THREADS"} >>"$LOG" 2>&1
    echo "todo-fcgi started (pid $(cat "$PIDFILE")), listening on $SOCKET; log: $LOG"
}

stop() {
    if ! running; then
        echo "todo-fcgi is not running"
        rm -f "$PIDFILE"
        return 0
    fi
    pid="$(cat "$PIDFILE")"
    # SIGTERM: it stops accepting, finishes the requests in flight and exits within 5 seconds.
    kill -TERM "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "todo-fcgi (pid $pid) did not stop within 10 s" >&2
        exit 1
    fi
    rm -f "$PIDFILE" "$SOCKET"
    echo "todo-fcgi stopped"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
restart)
    stop
    start
    ;;
status)
    if running; then echo "todo-fcgi is running (pid $(cat "$PIDFILE")) on $SOCKET"; else
        echo "todo-fcgi is not running"
        exit 3
    fi
    ;;
*)
    echo "usage: $0 start|stop|restart|status" >&2
    exit 2
    ;;
esac
