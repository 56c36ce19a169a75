#!/usr/bin/env bash
# Render a complete nginx.conf for a local run of todo-fcgi (as root or as an unprivileged user) on stdout.
#
# Usage:
#   NGINX_PREFIX=/abs/dir [HOST=127.0.0.1] [PORT=8080] [FCGI_SOCKET=unix:./run/todo.sock] \
#   [WEB_ROOT=<repo>/nginx/html] [AUTH_RATE_PER_MINUTE=30] [NGINX_WORKERS=auto] \
#       scripts/nginx-conf.sh > "$NGINX_PREFIX/nginx.conf"
#   nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" -e stderr        # runs in the foreground
#
# Inputs (environment only; .env is NOT read here: callers that want its values export them first with
# `todo_config BIN` from scripts/env.sh, i.e. `todo-fcgi config --shell`, as scripts/run.sh does):
#   NGINX_PREFIX          required, absolute: pid file, access.log and the *_temp directories go there.
#                         Created if missing. A symlink NGINX_PREFIX/snippets -> <repo>/nginx/snippets is
#                         (re)made, because the API snippet includes snippets/security-headers.conf relative
#                         to the directory of nginx.conf, as on a Debian host (/etc/nginx/snippets).
#   HOST, PORT            where nginx listens (default 127.0.0.1, 8080; an IPv6 HOST may be given bare).
#   FCGI_SOCKET           the responder: unix:PATH (a relative PATH is taken from the repo root) or
#                         tcp:HOST:PORT (default unix:./run/todo.sock).
#   WEB_ROOT              static files (default <repo>/nginx/html; made absolute against the repo root).
#   AUTH_RATE_PER_MINUTE  requests per client address per minute to the routes that check a password or send
#                         mail (sign-in, sign-up, delete-user, ...; default 30), burst 5.
#   NGINX_WORKERS         worker_processes (default auto: one per CPU; or a number).
#   CORS_ALLOWED_ORIGINS  origins (comma-separated, exact scheme://host[:port]) that get CORS on /api/ (API.md
#                         "Conventions"): rendered as the map $http_origin $todo_cors that the API snippet reads.
#                         Unset or empty: no CORS. The binary checks each entry (`todo-fcgi config --shell`).
# Connections: each worker takes up to 8192 connections (worker_connections) with an fd limit of 16384
# (worker_rlimit_nofile): a proxied request holds two connections (client and upstream) and a static file one
# connection and one open file, so 4,096 concurrent clients fit even if one worker accepts them all. nginx sets
# its workers' fd limit (soft and hard) to worker_rlimit_nofile, which an unprivileged user cannot raise above its
# hard limit (`ulimit -Hn`): the value is then that hard limit, and worker_connections half of it.
# Output: the config on stdout; errors on stderr with exit status 2. Logs go to stderr (error_log) and to
# NGINX_PREFIX/access.log. Workers run as root (`user root;`) only when this script runs as root, so they
# can reach the responder's 0660 socket; otherwise there is no user line and nginx runs as the caller.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source=scripts/lib.sh
. "$repo/scripts/lib.sh" # die
log_prefix=nginx-conf.sh
die_label=""
die_status=2

# Values are written inside double quotes in the config; refuse what would break out of them or be
# taken as an nginx variable.
check_safe() {
    local name="$1" value="$2"
    case "$value" in
    *'"'* | *"'"* | *'\'* | *'$'* | *$'\n'* | *'{'* | *'}'* | *';'*)
        die "$name contains a character that cannot go into nginx.conf: $value"
        ;;
    esac
}

abs_from_repo() {
    case "$1" in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$repo" "${1#./}" ;;
    esac
}

prefix="${NGINX_PREFIX:-}"
[[ -n "$prefix" ]] || die "NGINX_PREFIX is required (an absolute directory)"
[[ "$prefix" == /* ]] || die "NGINX_PREFIX must be absolute: $prefix"
prefix="${prefix%/}"
check_safe NGINX_PREFIX "$prefix"

host="${HOST:-127.0.0.1}"
port="${PORT:-8080}"
socket="${FCGI_SOCKET:-unix:./run/todo.sock}"
web_root="$(abs_from_repo "${WEB_ROOT:-nginx/html}")"
web_root="${web_root%/}"
rate="${AUTH_RATE_PER_MINUTE:-30}"
workers="${NGINX_WORKERS:-auto}"

[[ "$port" =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || die "PORT must be 1..65535: $port"
[[ "$rate" =~ ^[0-9]+$ ]] && ((rate >= 1)) || die "AUTH_RATE_PER_MINUTE must be a positive integer: $rate"
[[ "$workers" == auto || ("$workers" =~ ^[0-9]+$ && "$workers" -ge 1) ]] ||
    die "NGINX_WORKERS must be a positive integer or auto: $workers"
[[ -n "$host" ]] || die "HOST is empty"

# CORS: one map line per allowed origin (an anchored regex: ~ is case-sensitive); the default is "deny" when there is one, "" (CORS off) when not.
cors_map=""
cors_default='""'
origin_re='^https?://[]a-z0-9.:[-]+$'
IFS=',' read -r -a cors_entries <<<"${CORS_ALLOWED_ORIGINS:-}"
for origin in "${cors_entries[@]}"; do
    origin="${origin#"${origin%%[![:space:]]*}"}"
    origin="${origin%"${origin##*[![:space:]]}"}"
    [[ -n "$origin" ]] || continue
    [[ "$origin" =~ $origin_re ]] ||
        die "CORS_ALLOWED_ORIGINS: not an exact scheme://host[:port] origin: $origin"
    # a regex, because nginx compares a map's plain strings ignoring case; an origin is exact
    origin_regex="$(printf '%s' "$origin" | sed 's/[].[]/\\&/g')"
    cors_map+="        \"~^$origin_regex\$\" \"allow\";"$'\n'
    cors_default='"deny"'
done

# File descriptors: 16384 per worker, or the hard limit of whoever runs nginx when that is lower (nginx's
# setrlimit would fail above it, for root too without CAP_SYS_RESOURCE); half of it as connections.
rlimit_nofile=16384
hard_nofile="$(ulimit -Hn)"
if [[ "$hard_nofile" =~ ^[0-9]+$ ]] && ((hard_nofile < rlimit_nofile)); then
    rlimit_nofile="$hard_nofile"
fi
worker_connections=$((rlimit_nofile / 2))
((worker_connections >= 1024)) ||
    echo "nginx-conf.sh: warning: the hard limit on open files (ulimit -Hn: $hard_nofile) leaves each nginx worker" \
        "$worker_connections connections" >&2
check_safe HOST "$host"
check_safe WEB_ROOT "$web_root"
[[ -d "$web_root" ]] || echo "nginx-conf.sh: warning: WEB_ROOT $web_root does not exist" >&2

# listen address: bracket a bare IPv6 address
case "$host" in
\[*) listen="$host:$port" ;;
*:*) listen="[$host]:$port" ;;
*) listen="$host:$port" ;;
esac

case "$socket" in
unix:?*)
    sock_path="$(abs_from_repo "${socket#unix:}")"
    check_safe FCGI_SOCKET "$sock_path"
    upstream_server="unix:$sock_path"
    ;;
tcp:?*:?*)
    tcp="${socket#tcp:}"
    tcp_port="${tcp##*:}"
    [[ "$tcp_port" =~ ^[0-9]+$ ]] || die "FCGI_SOCKET tcp port is not a number: $socket"
    check_safe FCGI_SOCKET "$tcp"
    upstream_server="$tcp"
    ;;
*) die "FCGI_SOCKET must be unix:PATH or tcp:HOST:PORT: $socket" ;;
esac

snippets="$repo/nginx/snippets"
[[ -f "$snippets/todo-fcgi-api.conf" && -f "$snippets/security-headers.conf" ]] ||
    die "missing $snippets/todo-fcgi-api.conf or security-headers.conf"
check_safe "the repository path" "$repo"

mkdir -p "$prefix" || die "cannot create NGINX_PREFIX $prefix"
if [[ -L "$prefix/snippets" || ! -e "$prefix/snippets" ]]; then
    ln -sfn "$snippets" "$prefix/snippets" || die "cannot link $prefix/snippets"
elif [[ "$(cd "$prefix/snippets" && pwd -P)" != "$snippets" ]]; then
    die "$prefix/snippets exists and is not a link to $snippets"
fi

if [[ "$(id -u)" == 0 ]]; then
    user_line='user root;  # workers must reach the responder socket (mode 0660, owned by root)'
else
    user_line='# no "user" line: not started as root, workers run as the calling user'
fi

# The scgi and uwsgi modules may be compiled out; set their temp paths only when they exist, so that
# nginx never tries to create directories outside the prefix.
extra_temp=""
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
if [[ -x "$nginx_bin" ]]; then
    nginx_v="$("$nginx_bin" -V 2>&1 || true)"
    [[ "$nginx_v" == *--without-http_scgi_module* ]] ||
        extra_temp+="    scgi_temp_path \"$prefix/scgi_temp\";"$'\n'
    [[ "$nginx_v" == *--without-http_uwsgi_module* ]] ||
        extra_temp+="    uwsgi_temp_path \"$prefix/uwsgi_temp\";"$'\n'
    [[ "$nginx_v" == *--without-http_proxy_module* ]] ||
        extra_temp+="    proxy_temp_path \"$prefix/proxy_temp\";"$'\n'
fi

cat <<EOF
# Generated by scripts/nginx-conf.sh; edit that script (or nginx/snippets/), not this file.
# Start: nginx -p "$prefix" -c "$prefix/nginx.conf" -e stderr
$user_line
worker_processes $workers;
worker_rlimit_nofile $rlimit_nofile;
daemon off;
master_process on;
pid "$prefix/nginx.pid";
error_log stderr warn;

events {
    worker_connections $worker_connections;  # per worker; half of worker_rlimit_nofile (see nginx-conf.sh)
}

http {
    server_tokens off;

    # A small self-contained types table (no dependency on /etc/nginx/mime.types).
    types {
        text/html                 html htm;
        text/css                  css;
        text/plain                txt;
        application/javascript    js mjs;
        application/json          json map;
        application/manifest+json webmanifest;
        image/svg+xml             svg svgz;
        image/png                 png;
        image/jpeg                jpg jpeg;
        image/gif                 gif;
        image/webp                webp;
        image/x-icon              ico;
        font/woff                 woff;
        font/woff2                woff2;
    }
    default_type application/octet-stream;

    log_format todo '\$remote_addr [\$time_iso8601] "\$request" \$status \$body_bytes_sent '
                    'rt=\$request_time urt=\$upstream_response_time rid=\$request_id';
    access_log "$prefix/access.log" todo;

    client_body_temp_path "$prefix/client_body_temp";
    fastcgi_temp_path "$prefix/fastcgi_temp";
$extra_temp
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;

    limit_req_zone \$binary_remote_addr zone=todo_auth:1m rate=${rate}r/m;

    # CORS_ALLOWED_ORIGINS (see nginx/snippets/todo-fcgi-api.conf)
    map \$http_origin \$todo_cors {
        default $cors_default;
$cors_map    }

    upstream todo_fcgi {
        server "$upstream_server";
        # idle connections each worker keeps to the responder; under load every request beyond them opens and
        # closes a connection of its own, and a burst of those can fill the responder's listen queue
        keepalive 64;
    }

    server {
        listen "$listen" backlog=4096;  # 1,000 clients connecting at once (the kernel caps it at somaxconn)
        server_name localhost;
        root "$web_root";
        index index.html;

        include "$snippets/todo-fcgi-api.conf";
    }
}
EOF
