#!/usr/bin/env bash
# `make dist-test` (the last section of `make test`): the release bundle proved on a clean Debian system.
#
#   1. bundle      dist/todo-fcgi-<version>-linux-<arch>.tar.gz, rebuilt by scripts/dist.sh when missing or older
#                  than any of its inputs (Sources, Package.swift, nginx/, deploy/, .env.example, scripts/dist.sh)
#   1b. lean       scripts/dist-lean.sh: no Foundation/ICU library or symbol in the binary (readelf, nm), binary
#                  <= 30 MB and bundle <= 12 MB
#   2. rootfs      `debootstrap --variant=minbase --include=nginx-light,libssl3,libsqlite3-0` of the host's Debian
#                  release, from the mirror named in the host's apt sources (read here, at run time), cached as
#                  .build-dist/rootfs-<release>-<arch>-<key>.tar.gz where key hashes the package list: reruns only
#                  unpack it (remove the file to refresh it). debootstrap is installed with apt when missing.
#   3. install     unpacked afresh in .build-dist/chroot.XXXXXX with /proc mounted; the bundle installed as its
#                  INSTALL says for a host with root: /srv/todo-fcgi, user todo-fcgi, /etc/todo-fcgi.env (0640),
#                  /run/todo-fcgi (0750, group www-data) and /var/lib/todo-fcgi (0700) as systemd would make them,
#                  the snippets in /etc/nginx/snippets, the site in sites-available on a free loopback port
#   4. checks      inside the chroot: ldd (nothing "not found", no Swift, Foundation or libfcgi library),
#                  --version (version and commit), `todo-fcgi doctor` as the service user (exit 0, nginx -t included),
#                  one request in CGI mode; then the responder (as todo-fcgi:www-data, as the unit runs it) and
#                  nginx (Debian's own nginx.conf), and from the host with curl: health, the web app, /api/docs and
#                  /api/redoc with their files, sign-up,
#                  create a task, list it; SIGTERM stops the responder with status 0; then, when the host has
#                  spawn-fcgi, deploy/spawn-fcgi.sh start/status/stop on the same socket (setgid directory, as
#                  INSTALL section 2 asks the admin for) and the list again through nginx
#   5. package     scripts/deb.sh's .deb installed with dpkg -i in a second clean root (test_deb_package: the
#                  maintainer scripts, man page and completion, the responder as the units run it, sign-up and a
#                  task through nginx with the packaged site, remove and purge)
#   6. numbers     start-up time (exec to the socket accepting), idle RSS, bundle and binary sizes, timings
# Every process started in the chroot is stopped and /proc unmounted on any exit (trap); the chroot is removed
# (DIST_TEST_KEEP=1 keeps it, unmounted, for a look). Needs root (re-runs itself with sudo otherwise) and the
# Debian mirror; the loopback interface is the host's (no network namespace), hence the free port.
set -euo pipefail

export TODO_SKIP_DOTENV=1
. "$(dirname "${BASH_SOURCE[0]}")/env.sh" # and scripts/lib.sh
root="$TODO_ROOT"
cd "$root"

started=$SECONDS
log_prefix=dist-test
log_clock=$started # every message says "[  Ns]", the seconds since the start
die_label="FAILED: "

if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "needs root (debootstrap, chroot, mount); run it as root"
    log "needs root (debootstrap, chroot, mount): re-running with sudo"
    exec sudo --preserve-env=PATH,CI "$0" "$@"
fi

packages=(nginx-light libssl3 libsqlite3-0)
work_dir="$root/.build-dist"
mkdir -p "$work_dir"

# ---- 1. the bundle ----------------------------------------------------------------------------------------
version="$(sed -n 's/^ *static let version = "\([^"]*\)".*/\1/p' Sources/todo-fcgi/BuildInfo.swift)"
name="todo-fcgi-$version-linux-$(uname -m)"
bundle="dist/$name.tar.gz"
stale=""
if [[ ! -f "$bundle" ]]; then
    stale="missing"
else
    stale="$(find Sources Package.swift nginx deploy .env.example scripts/dist.sh scripts/manpage.py -newer "$bundle" \
        ! -path 'deploy/debian*' -print 2>/dev/null |
        head -1)"
fi
if [[ -n "$stale" ]]; then
    [[ "$stale" == missing ]] && why="it is missing" || why="$stale is newer"
    log "building the bundle with scripts/dist.sh ($why)"
    t=$SECONDS
    scripts/dist.sh >/dev/null
    log "scripts/dist.sh took $((SECONDS - t)) s"
else
    log "$bundle is up to date"
fi
[[ -f "$bundle" ]] || die "scripts/dist.sh did not produce $bundle"

# ---- 1b. lean: no Foundation or ICU, binary and bundle sizes (issue 17; scripts/dist-lean.sh) --------------
. "$root/scripts/dist-lean.sh"
check_lean_bundle "$bundle"

# ---- 2. the root file system --------------------------------------------------------------------------------
# shellcheck disable=SC1091
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
[[ -n "$codename" ]] || die "cannot tell the host's Debian release (VERSION_CODENAME in /etc/os-release)"
deb_arch="$(dpkg --print-architecture)"

# debian_mirror RELEASE: the first archive URI of the host's apt sources that serves RELEASE itself (deb822
# /etc/apt/sources.list.d/*.sources "URIs:" with RELEASE among "Suites:", or a one-line "deb URI RELEASE ..."
# in /etc/apt/sources.list or sources.list.d/*.list).
debian_mirror() {
    local release="$1" file uri
    for file in /etc/apt/sources.list.d/*.sources; do
        [[ -r "$file" ]] || continue
        uri="$(awk -v release="$release" '
            BEGIN { RS = ""; FS = "\n" }
            {
                uris = ""; suite = 0; deb = 0; enabled = 1
                for (i = 1; i <= NF; i++) {
                    line = $i
                    if (line ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", line); uris = line }
                    else if (line ~ /^Suites:/) {
                        sub(/^Suites:[ \t]*/, "", line); n = split(line, s, /[ \t]+/)
                        for (j = 1; j <= n; j++) if (s[j] == release) suite = 1
                    }
                    else if (line ~ /^Types:/ && line ~ /[ \t]deb([ \t]|$)/) deb = 1
                    else if (line ~ /^Enabled:[ \t]*no/) enabled = 0
                }
                if (suite && deb && enabled && uris != "") { split(uris, u, /[ \t]+/); print u[1]; exit }
            }' "$file")"
        if [[ -n "$uri" ]]; then
            echo "$uri"
            return 0
        fi
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r "$file" ]] || continue
        uri="$(awk -v release="$release" '
            $1 == "deb" {
                i = 2
                if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == release) { print $i; exit }
            }' "$file")"
        if [[ -n "$uri" ]]; then
            echo "$uri"
            return 0
        fi
    done
    return 1
}

key="$(printf '%s\n' "variant=minbase" "release=$codename" "arch=$deb_arch" "include=${packages[*]}" |
    sha256sum | cut -c1-12)"
rootfs_cache="$work_dir/rootfs-$codename-$deb_arch-$key.tar.gz"

# mounts_under DIR: mount points at or below DIR (from /proc/self/mounts), deepest first.
mounts_under() {
    awk -v dir="$1" '$2 == dir || index($2, dir "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}
unmount_all() {
    local mount_point
    for mount_point in $(mounts_under "$1"); do
        umount "$mount_point" 2>/dev/null || umount -l "$mount_point" 2>/dev/null || true
    done
}
# remove_tree DIR: unmount whatever is mounted below DIR, then remove it (never across file systems).
remove_tree() {
    [[ -n "$1" && "$1" == "$work_dir/"* && -d "$1" ]] || return 0
    unmount_all "$1"
    if [[ -n "$(mounts_under "$1")" ]]; then
        echo "dist-test: $1 still has mounts; not removing it" >&2
        return 0
    fi
    rm -rf --one-file-system "$1"
}

bootstrap_dir=""
chroot_dir=""
resp_pid=""
nginx_pid=""
spawned_pid=""
result="FAILED"

# chroot_pids: processes whose root directory is the chroot (we started every one of them).
chroot_pids() {
    local proc_root pid
    [[ -n "$chroot_dir" ]] || return 0
    for proc_root in /proc/[0-9]*/root; do
        pid="${proc_root#/proc/}"
        pid="${pid%/root}"
        [[ "$(readlink "$proc_root" 2>/dev/null)" == "$chroot_dir" ]] && echo "$pid"
    done
    return 0
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    if [[ "$result" != ok && -n "$chroot_dir" && -d "$chroot_dir" ]]; then
        for f in /var/log/todo-fcgi.log /var/log/nginx/error.log /var/log/nginx/stderr.log; do
            if [[ -s "$chroot_dir$f" ]]; then
                echo "---- $f (last lines)" >&2
                tail -20 "$chroot_dir$f" >&2
            fi
        done
    fi
    stop_process "$nginx_pid" QUIT 5 || true
    stop_process "$resp_pid" TERM 6 || true
    stop_process "$spawned_pid" TERM 6 || true
    for pid in $(chroot_pids); do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in $(chroot_pids); do
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    done
    [[ -z "$bootstrap_dir" ]] || remove_tree "$bootstrap_dir"
    if [[ -n "$chroot_dir" ]]; then
        if [[ "${DIST_TEST_KEEP:-}" == 1 ]]; then
            unmount_all "$chroot_dir"
            echo "dist-test: kept $chroot_dir" >&2
        else
            remove_tree "$chroot_dir"
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -f "$rootfs_cache" ]]; then
    log "root file system: cached $(basename "$rootfs_cache")"
else
    if ! command -v debootstrap >/dev/null 2>&1; then
        log "installing debootstrap (apt-get)"
        install=(debootstrap)
        [[ -f /usr/share/keyrings/debian-archive-keyring.gpg ]] || install+=(debian-archive-keyring)
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${install[@]}" >&2 || {
            DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${install[@]}" >&2
        }
    fi
    mirror="$(debian_mirror "$codename")" ||
        die "no mirror for $codename in /etc/apt/sources.list or /etc/apt/sources.list.d/ (URIs: or deb lines)"
    log "debootstrap --variant=minbase $codename ($deb_arch) from $mirror with ${packages[*]}"
    t=$SECONDS
    bootstrap_dir="$(mktemp -d "$work_dir/bootstrap.XXXXXX")"
    if ! debootstrap --variant=minbase --arch="$deb_arch" --include="$(
        IFS=,
        echo "${packages[*]}"
    )" "$codename" "$bootstrap_dir" "$mirror" >"$work_dir/debootstrap.log" 2>&1; then
        tail -20 "$work_dir/debootstrap.log" >&2
        die "debootstrap failed (log: $work_dir/debootstrap.log)"
    fi
    unmount_all "$bootstrap_dir"
    rm -rf "$bootstrap_dir/var/cache/apt/archives/"*.deb "$bootstrap_dir/var/lib/apt/lists/"* 2>/dev/null || true
    tar -C "$bootstrap_dir" --numeric-owner -czf "$rootfs_cache.tmp" .
    mv "$rootfs_cache.tmp" "$rootfs_cache"
    remove_tree "$bootstrap_dir"
    bootstrap_dir=""
    log "debootstrap and caching took $((SECONDS - t)) s ($(du -h "$rootfs_cache" | cut -f1))"
fi

# ---- 3. a fresh chroot with the bundle installed ----------------------------------------------------------------
t=$SECONDS
chroot_dir="$(mktemp -d "$work_dir/chroot.XXXXXX")"
tar -C "$chroot_dir" --numeric-owner -xzf "$rootfs_cache"
chmod 0755 "$chroot_dir"
mount -t proc proc "$chroot_dir/proc"
log "unpacked a clean root file system in $chroot_dir ($((SECONDS - t)) s)"

in_root() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
# start_root_nginx WHAT RESPONDER_PID: nginx in the root (in the foreground of a background job: nginx_pid), then
# wait up to 10 s for /api/health through it; fails with WHAT in the message if nginx or the responder exits first.
start_root_nginx() {
    local what="$1" responder="$2" ticks=100
    chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin nginx -g 'daemon off;' \
        2>>"$chroot_dir/var/log/nginx/stderr.log" &
    nginx_pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do
        kill -0 "$responder" 2>/dev/null || die "the responder exited: $(tail -5 "$chroot_dir/var/log/todo-fcgi.log")"
        kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited: $(tail -5 "$chroot_dir/var/log/nginx/error.log" 2>/dev/null)"
        ((ticks-- > 0)) || die "$what did not answer on 127.0.0.1:$port within 10 s"
        sleep 0.1
    done
}

for pkg in "${packages[@]}"; do
    in_root dpkg-query -W -f='${Status}\n' "$pkg" | grep -q 'install ok installed' || die "$pkg is not installed"
done
if in_root sh -c 'command -v swift || ls /usr/lib/*/libfcgi* /usr/lib/swift' >/dev/null 2>&1; then
    die "the root file system is not clean: it has Swift or libfcgi"
fi

port="$(free_port)"
secret="$(random_secret)"
cp "$bundle" "$chroot_dir/tmp/$name.tar.gz"
# INSTALL, section 1 (what systemd would do for the unit is done by hand: the two directories, the user, the env).
in_root /bin/sh -eu -c '
    useradd --system --home-dir /srv/todo-fcgi --shell /usr/sbin/nologin todo-fcgi
    mkdir -p /srv/todo-fcgi
    tar -xzf "/tmp/$1.tar.gz" -C /srv/todo-fcgi --strip-components=1
    chown -R root:root /srv/todo-fcgi
    install -o root -g todo-fcgi -m 0640 /srv/todo-fcgi/.env.example /etc/todo-fcgi.env
    sed -i -e "s/^BETTER_AUTH_SECRET=.*/BETTER_AUTH_SECRET=$3/" -e "/^DATABASE_PATH=/d" -e "/^FCGI_SOCKET=/d" \
        /etc/todo-fcgi.env
    install -d -o todo-fcgi -g www-data -m 0750 /run/todo-fcgi
    install -d -o todo-fcgi -g www-data -m 0700 /var/lib/todo-fcgi
    install -o todo-fcgi -g www-data -m 0640 /dev/null /var/log/todo-fcgi.log
    cp /srv/todo-fcgi/nginx/snippets/*.conf /etc/nginx/snippets/
    sed -e "s/^\( *\)listen 80 default_server\([^;]*\);/\1listen 127.0.0.1:$2 default_server\2;/" \
        -e "/listen \[::\]:80/d" /srv/todo-fcgi/nginx/todo-fcgi.site.conf >/etc/nginx/sites-available/todo-fcgi
    ln -s ../sites-available/todo-fcgi /etc/nginx/sites-enabled/todo-fcgi
    rm -f /etc/nginx/sites-enabled/default
' install "$name" "$port" "$secret" || die "installing the bundle as INSTALL says failed"
grep -q "listen 127.0.0.1:$port" "$chroot_dir/etc/nginx/sites-available/todo-fcgi" ||
    die "could not point the site at port $port"
log "installed the bundle as INSTALL section 1 says (nginx on 127.0.0.1:$port)"

# ---- 4. checks inside the chroot ----------------------------------------------------------------------------------
binary=/srv/todo-fcgi/todo-fcgi
ldd_out="$(in_root ldd "$binary")" || die "ldd $binary failed: $ldd_out"
echo "$ldd_out" | sed 's/^/    /' >&2
! grep -q 'not found' <<<"$ldd_out" || die "a library the binary needs is missing: $(grep 'not found' <<<"$ldd_out")"
! grep -Eiq 'swift|foundation|dispatch|icu|fcgi' <<<"$ldd_out" || die "ldd shows a Swift or libfcgi library"
log "ldd: nothing missing, no Swift, Foundation or libfcgi library"

version_line="$(in_root "$binary" --version)" || die "$binary --version failed"
commit="$(tar -xzOf "$bundle" "$name/BUILD-INFO" | head -1 | sed -n 's/.*(commit \(.*\))$/\1/p')"
[[ "$version_line" == "todo-fcgi $version (commit $commit)" ]] ||
    die "--version printed '$version_line', expected 'todo-fcgi $version (commit $commit)'"
log "--version: $version_line"

todo_uid="$(in_root id -u todo-fcgi)"
todo_gid="$(in_root id -g todo-fcgi)"
www_gid="$(in_root getent group www-data | cut -d: -f3)"
# as_service [VAR=VALUE...] -- CMD...: as the unit runs it: user todo-fcgi, group www-data (and its own group, to
# read the env file), in /srv/todo-fcgi, umask 027, with FCGI_SOCKET and DATABASE_PATH as the unit sets them and,
# with LOAD_ENV_FILE=1, the variables of /etc/todo-fcgi.env (its EnvironmentFile; the secret never goes on a
# command line). It ends in exec: call it in a subshell, $(...) or &, whose pid then is the program's.
as_service() {
    local assignments=()
    while [[ "$1" != -- ]]; do
        assignments+=("$1")
        shift
    done
    shift
    exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin FCGI_SOCKET=unix:/run/todo-fcgi/todo.sock \
        DATABASE_PATH=/var/lib/todo-fcgi/todo.db "${assignments[@]}" \
        chroot --userspec="$todo_uid:$www_gid" --groups="$www_gid,$todo_gid" "$chroot_dir" /bin/sh -c '
            umask 027
            if [ "${LOAD_ENV_FILE:-}" = 1 ]; then
                set -a
                . /etc/todo-fcgi.env
                set +a
            fi
            unset LOAD_ENV_FILE
            cd /srv/todo-fcgi && exec "$@"' as_service "$@"
}

doctor_out="$(as_service -- "$binary" doctor --env-file /etc/todo-fcgi.env \
    --site /etc/nginx/sites-available/todo-fcgi --snippets /etc/nginx/snippets 2>&1)" || {
    echo "$doctor_out" >&2
    die "todo-fcgi doctor found problems in the installed configuration"
}
grep -q "$secret" <<<"$doctor_out" && die "todo-fcgi doctor printed the secret"
sed 's/^/    /' <<<"$doctor_out" >&2
grep -Eq '^ok +nginx ' <<<"$doctor_out" || die "the doctor did not check the site with nginx -t: $doctor_out"
log "doctor (as todo-fcgi, with the installed env file and site): $(tail -1 <<<"$doctor_out")"

cgi_out="$(as_service LOAD_ENV_FILE=1 GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET REQUEST_URI=/api/health \
    SERVER_PROTOCOL=HTTP/1.1 -- "$binary" </dev/null 2>/dev/null)" || die "CGI mode failed"
[[ "$cgi_out" == "Status: 200"* && "$cgi_out" == *'"status":"ok"'* ]] ||
    die "CGI mode did not answer the health check: $cgi_out"
log "CGI mode: one request answered (Status: 200)"

# PostgreSQL is optional: libpq is loaded only when DATABASE_URL asks for it. Without libpq5 installed, the
# binary above ran fine; asked for PostgreSQL, it must say what is missing instead of failing to start at all.
pg_out="$(as_service LOAD_ENV_FILE=1 DATABASE_URL=postgresql://todo@127.0.0.1:1/todo -- "$binary" migrate 2>&1)" &&
    die "migrate with DATABASE_URL succeeded without libpq: $pg_out"
grep -q 'libpq5' <<<"$pg_out" || die "without libpq, DATABASE_URL did not name the missing package: $pg_out"
log "without libpq5: SQLite serves, and DATABASE_URL says libpq5 is needed"

# ---- the responder and nginx -------------------------------------------------------------------------------------
sock="$chroot_dir/run/todo-fcgi/todo.sock"
rm -f "$sock"
t0=$EPOCHREALTIME
since=$SECONDS
as_service LOAD_ENV_FILE=1 -- "$binary" serve --threads 8 2>>"$chroot_dir/var/log/todo-fcgi.log" &
resp_pid=$!
until [[ -S "$sock" ]]; do
    kill -0 "$resp_pid" 2>/dev/null || die "the responder exited: $(tail -5 "$chroot_dir/var/log/todo-fcgi.log")"
    ((SECONDS - since < 20)) || die "the responder did not create its socket within 20 s"
done
t1=$EPOCHREALTIME
python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])' "$sock" ||
    die "the socket does not accept connections"
startup_ms="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) * 1000 }')"
[[ "$(stat -c '%a %g' "$sock")" == "660 $www_gid" ]] || die "the socket is $(stat -c '%a %g' "$sock"), not 660 www-data"
log "responder listening after $startup_ms ms (exec to socket, chroot and sh included); socket 0660 group www-data"

in_root nginx -t -q || die "nginx -t refuses the installed configuration"
start_root_nginx nginx "$resp_pid"
log "nginx (Debian's nginx.conf, user www-data) answers on 127.0.0.1:$port"

sleep 1
idle_rss_kb="$(awk '/^VmRSS/ { print $2 }' "/proc/$resp_pid/status")"

# ---- 4b. over HTTP from the host ------------------------------------------------------------------------------------
base="http://127.0.0.1:$port"
request() { # request METHOD PATH [BODY [TOKEN]] -> sets status and body
    local args=(-s -o "$chroot_dir/tmp/response.json" -w '%{http_code}' -X "$1" "$base$2")
    [[ -z "${3:-}" ]] || args+=(-H 'Content-Type: application/json' --data "$3")
    [[ -z "${4:-}" ]] || args+=(-H "Authorization: Bearer $4")
    status="$(curl "${args[@]}")"
    body="$(cat "$chroot_dir/tmp/response.json")"
}
json() { python3 -c 'import json, sys; d = json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }
# sign_up_create_list NAME TITLE WHERE: a sign-up (a fresh email), a task created with its token, and the list holding
# exactly that task; sets token, user_id and task_id; WHERE goes into the failure messages.
sign_up_create_list() {
    local name="$1" title="$2" where="$3"
    local email="${name,,}.$RANDOM@example.com"
    request POST /api/auth/sign-up/email "{\"name\":\"$name\",\"email\":\"$email\",\"password\":\"correct horse battery\"}"
    [[ "$status" == 200 ]] || die "sign-up$where answered $status: $body"
    token="$(json "$body" 'd["token"]')"
    user_id="$(json "$body" 'd["user"]["id"]')"
    request POST "/api/$user_id/tasks" "{\"title\":\"$title\",\"description\":\"from dist-test\"}" "$token"
    [[ "$status" == 201 ]] || die "create task$where answered $status: $body"
    task_id="$(json "$body" 'd["id"]')"
    request GET "/api/$user_id/tasks" "" "$token"
    [[ "$status" == 200 ]] || die "list tasks$where answered $status: $body"
    [[ "$(json "$body" '[(t["id"], t["title"]) for t in d]')" == "[($task_id, '$title')]" ]] ||
        die "the list$where is not the one task created: $body"
}

request GET /api/health
[[ "$status" == 200 && "$body" == *'"status":"ok"'* ]] || die "GET /api/health: $status $body"
request GET /
[[ "$status" == 200 && "$body" == *"<title>"* ]] || die "GET / (the web app): $status"
request GET /api/docs
[[ "$status" == 200 && "$body" == *swagger-init.js* ]] || die "GET /api/docs (Swagger UI): $status"
request GET /api/docs/vendor/swagger-ui-bundle.js
[[ "$status" == 200 ]] || die "GET /api/docs/vendor/swagger-ui-bundle.js: $status"
request GET /api/redoc
[[ "$status" == 200 && "$body" == *redoc-init.js* ]] || die "GET /api/redoc (ReDoc): $status"
request GET /api/docs/vendor/redoc.standalone.js
[[ "$status" == 200 ]] || die "GET /api/docs/vendor/redoc.standalone.js: $status"
sign_up_create_list Ann "Proved on a clean Debian" ""
request GET "/api/$user_id/tasks"
[[ "$status" == 401 ]] || die "the list without a token answered $status"
log "over HTTP: health, web app, /api/docs and /api/redoc with their files, sign-up, create task $task_id, list it (and 401 without the token)"
busy_rss_kb="$(awk '/^VmRSS/ { print $2 }' "/proc/$resp_pid/status")"

# ---- stop -------------------------------------------------------------------------------------------------------------
stop_process "$resp_pid" TERM 6 || die "the responder did not exit within 6 s of SIGTERM"
rc="$stopped_rc"
resp_pid=""
((rc == 0)) || die "the responder exited with $rc on SIGTERM"
[[ ! -e "$sock" ]] || die "the responder left its socket behind"

# ---- INSTALL section 2: deploy/spawn-fcgi.sh (run from the host: spawn-fcgi is not in the clean system) -------------
if command -v spawn-fcgi >/dev/null 2>&1; then
    app="$chroot_dir/srv/todo-fcgi"
    chmod 2750 "$chroot_dir/run/todo-fcgi" # what INSTALL asks the admin for: the socket then gets group www-data
    env -i PATH="$PATH" APP_DIR="$app" SOCKET="$sock" THREADS=4 "BETTER_AUTH_SECRET=$secret" \
        DATABASE_PATH="$chroot_dir/var/lib/todo-fcgi/todo.db" "$app/deploy/spawn-fcgi.sh" start >&2 ||
        die "deploy/spawn-fcgi.sh start failed: $(tail -5 "$app/todo-fcgi.log" 2>/dev/null)"
    spawned_pid="$(cat "$app/run/todo-fcgi.pid")"
    [[ "$(stat -c '%a %g' "$sock")" == "660 $www_gid" ]] ||
        die "the spawn-fcgi socket is $(stat -c '%a %g' "$sock"), not 660 www-data (setgid directory)"
    request GET "/api/$user_id/tasks" "" "$token"
    [[ "$status" == 200 && "$body" == *"Proved on a clean Debian"* ]] ||
        die "through nginx to the spawn-fcgi responder: $status $body"
    grep -Eq "^ts=[0-9T:.-]+Z level=info rid=[0-9a-f]{32} method=GET path=/api/$user_id/tasks status=200 " \
        "$app/todo-fcgi.log" || die "no logfmt request line in $app/todo-fcgi.log (serve --log-file)"
    APP_DIR="$app" SOCKET="$sock" "$app/deploy/spawn-fcgi.sh" status >&2 ||
        die "deploy/spawn-fcgi.sh status says it is not running"
    APP_DIR="$app" SOCKET="$sock" "$app/deploy/spawn-fcgi.sh" stop >&2 || die "deploy/spawn-fcgi.sh stop failed"
    ! kill -0 "$spawned_pid" 2>/dev/null || die "deploy/spawn-fcgi.sh stop left the responder running"
    spawned_pid=""
    log "deploy/spawn-fcgi.sh: start (socket 0660 group www-data via the setgid directory), list through nginx, stop"
else
    log "spawn-fcgi is not installed on this host: deploy/spawn-fcgi.sh not exercised"
fi

binary_bytes="$(stat -c %s "$chroot_dir$binary")"
bundle_bytes="$(stat -c %s "$bundle")"

# ---- 6. the Debian package (scripts/deb.sh) in a second clean root -------------------------------------------------
# dpkg -i of dist/todo-fcgi_<version>_<arch>.deb (built from the same bundle) in a fresh chroot: the maintainer
# scripts' user, env file (0640, secret never in dpkg's output) and migrations; the man page (rendered on the
# host: the minimal root has no man) and the bash completion; then the responder started as the package's units
# would (user todo-fcgi, group www-data, in /var/lib/todo-fcgi, EnvironmentFile /etc/todo-fcgi.env, a listening
# socket made 0660 todo-fcgi:www-data by a holder and passed on fd 0, as todo-fcgi.socket does: the chroot runs
# no systemd), the packaged site enabled on the free port, and a sign-up, a task and its list through nginx; then
# dpkg -r keeps the env file and the data, dpkg --purge removes them and the user.
test_deb_package() {
    local deb deb_log out uid gid wgid env_secret sock_path t token user_id task_id
    t=$SECONDS
    deb="$(scripts/deb.sh 2>"$work_dir/deb.log" | tail -1)" || {
        tail -30 "$work_dir/deb.log" >&2
        die "scripts/deb.sh failed (log: $work_dir/deb.log)"
    }
    [[ -f "$deb" ]] || die "scripts/deb.sh did not produce a package"
    sed -n '/lintian/,$p' "$work_dir/deb.log" | head -40 | sed 's/^/    /' >&2
    log "package $deb ($(stat -c %s "$deb") bytes, built in $((SECONDS - t)) s)"

    stop_process "$nginx_pid" QUIT 5 || true
    nginx_pid=""
    remove_tree "$chroot_dir"
    chroot_dir="$(mktemp -d "$work_dir/chroot.XXXXXX")"
    tar -C "$chroot_dir" --numeric-owner -xzf "$rootfs_cache"
    chmod 0755 "$chroot_dir"
    mount -t proc proc "$chroot_dir/proc"
    [[ ! -d "$chroot_dir/run/systemd/system" ]] || die "the clean root has /run/systemd/system"
    cp "$deb" "$chroot_dir/tmp/todo-fcgi.deb"

    deb_log="$work_dir/dpkg-install.log"
    in_root dpkg -i /tmp/todo-fcgi.deb >"$deb_log" 2>&1 || {
        cat "$deb_log" >&2
        die "dpkg -i of the package failed in a clean $codename"
    }
    sed 's/^/    /' "$deb_log" >&2
    env_secret="$(sed -n 's/^BETTER_AUTH_SECRET=//p' "$chroot_dir/etc/todo-fcgi.env")"
    [[ "$env_secret" =~ ^[0-9a-f]{64}$ ]] || die "/etc/todo-fcgi.env has no generated 64-hex-digit secret"
    ! grep -qF "$env_secret" "$deb_log" || die "dpkg's output shows the generated secret"
    [[ "$(in_root stat -c '%a %U:%G' /etc/todo-fcgi.env)" == "640 root:todo-fcgi" ]] ||
        die "/etc/todo-fcgi.env is $(in_root stat -c '%a %U:%G' /etc/todo-fcgi.env), not 640 root:todo-fcgi"
    ! grep -Eq '^(DATABASE_PATH|FCGI_SOCKET)=' "$chroot_dir/etc/todo-fcgi.env" ||
        die "/etc/todo-fcgi.env sets DATABASE_PATH or FCGI_SOCKET (the units' to set)"
    in_root id -nG todo-fcgi | grep -qw www-data || die "the user todo-fcgi is not in the group www-data"
    [[ "$(in_root stat -c '%a %U' /var/lib/todo-fcgi)" == "750 todo-fcgi" ]] ||
        die "/var/lib/todo-fcgi is $(in_root stat -c '%a %U' /var/lib/todo-fcgi), not 750 todo-fcgi"
    [[ -s "$chroot_dir/var/lib/todo-fcgi/todo.db" ]] || die "postinst did not migrate /var/lib/todo-fcgi/todo.db"
    [[ ! -e "$chroot_dir/etc/nginx/sites-enabled/todo-fcgi" ]] || die "the package enabled its site by itself"
    grep -q '^ExecStart=/usr/bin/todo-fcgi serve$' "$chroot_dir/lib/systemd/system/todo-fcgi.service" ||
        die "the packaged service does not run /usr/bin/todo-fcgi"
    # Again, as an upgrade: the env file (and its secret) stays, the migrations find nothing to do.
    in_root dpkg -i /tmp/todo-fcgi.deb >>"$deb_log" 2>&1 || die "dpkg -i over the installed package failed: $(tail -5 "$deb_log")"
    [[ "$(sed -n 's/^BETTER_AUTH_SECRET=//p' "$chroot_dir/etc/todo-fcgi.env")" == "$env_secret" ]] ||
        die "reinstalling the package replaced the secret in /etc/todo-fcgi.env"
    ! grep -qF "$env_secret" "$deb_log" || die "dpkg's output shows the generated secret"
    log "dpkg -i: user todo-fcgi (in www-data), /etc/todo-fcgi.env 0640 root:todo-fcgi with a generated secret" \
        "(not in dpkg's output), /var/lib/todo-fcgi 0750 migrated, site not enabled; reinstalled: secret kept"

    # The man page, rendered by the host's man (the minimal root has none), and the bash completion, sourced there.
    out="$(MANWIDTH=100 man -l "$chroot_dir/usr/share/man/man1/todo-fcgi.1.gz" 2>&1)" ||
        die "man -l of the packaged man page failed: $out"
    for cmd in serve migrate token keygen user doctor config; do
        grep -qw "$cmd" <<<"$out" || die "the man page does not name the subcommand $cmd"
    done
    out="$(in_root bash -c '. /usr/share/bash-completion/completions/todo-fcgi && complete -p todo-fcgi' 2>&1)" ||
        die "bash could not source the packaged completion: $out"
    [[ "$out" == *todo-fcgi* ]] || die "the bash completion registered nothing for todo-fcgi: $out"
    for f in /usr/share/zsh/vendor-completions/_todo-fcgi /usr/share/fish/vendor_completions.d/todo-fcgi.fish; do
        [[ -s "$chroot_dir$f" ]] || die "$f is missing from the package"
    done
    log "man -l renders todo-fcgi(1) with every subcommand; bash sources the completion (zsh and fish files there)"

    # The responder as todo-fcgi.socket + todo-fcgi.service run it.
    uid="$(in_root id -u todo-fcgi)"
    gid="$(in_root id -g todo-fcgi)"
    wgid="$(in_root getent group www-data | cut -d: -f3)"
    install -d -m 0755 "$chroot_dir/run/todo-fcgi"
    sock_path="$chroot_dir/run/todo-fcgi/todo.sock"
    rm -f "$sock_path"
    python3 -c '
import os, socket, sys
path, uid, gid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
os.chown(path, uid, gid)
os.chmod(path, 0o660)
s.listen(4096)
os.dup2(s.fileno(), 0)
os.set_inheritable(0, True)
os.execvp(sys.argv[4], sys.argv[4:])' "$sock_path" "$uid" "$wgid" \
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DATABASE_PATH=/var/lib/todo-fcgi/todo.db \
        chroot --userspec="$uid:$wgid" --groups="$wgid,$gid" "$chroot_dir" /bin/sh -c '
            umask 027
            set -a
            . /etc/todo-fcgi.env
            set +a
            cd /var/lib/todo-fcgi && exec /usr/bin/todo-fcgi serve' 2>>"$chroot_dir/var/log/todo-fcgi.log" &
    resp_pid=$!

    # The packaged site, enabled as README "Debian package" says, on the free port instead of 80.
    in_root /bin/sh -eu -c '
        sed -i -e "s/^\( *\)listen 80 default_server\([^;]*\);/\1listen 127.0.0.1:$1 default_server\2;/" \
            -e "/listen \[::\]:80/d" /etc/nginx/sites-available/todo-fcgi
        ln -s ../sites-available/todo-fcgi /etc/nginx/sites-enabled/todo-fcgi
        rm -f /etc/nginx/sites-enabled/default
    ' enable "$port" || die "enabling the packaged site failed"
    grep -q 'root /usr/share/todo-fcgi/html;' "$chroot_dir/etc/nginx/sites-available/todo-fcgi" ||
        die "the packaged site's root is not /usr/share/todo-fcgi/html"
    in_root nginx -t -q || die "nginx -t refuses the packaged site"
    start_root_nginx "nginx with the packaged site" "$resp_pid"
    request GET /
    [[ "$status" == 200 && "$body" == *"<title>"* ]] || die "GET / from /usr/share/todo-fcgi/html: $status"
    request GET /api/docs
    [[ "$status" == 200 && "$body" == *swagger-init.js* ]] || die "GET /api/docs from the package: $status"
    sign_up_create_list Deb "Installed with dpkg" " through the package"
    log "package over HTTP: web app, /api/docs, sign-up, create task $task_id, list it (responder on fd 0 as the units run it)"

    stop_process "$resp_pid" TERM 6 || die "the packaged responder did not exit within 6 s of SIGTERM"
    rc="$stopped_rc"
    resp_pid=""
    ((rc == 0)) || die "the packaged responder exited with $rc on SIGTERM"
    stop_process "$nginx_pid" QUIT 5 || true
    nginx_pid=""

    in_root dpkg -r todo-fcgi >>"$deb_log" 2>&1 || die "dpkg -r todo-fcgi failed: $(tail -5 "$deb_log")"
    [[ ! -e "$chroot_dir/usr/bin/todo-fcgi" ]] || die "dpkg -r left /usr/bin/todo-fcgi"
    [[ -f "$chroot_dir/etc/todo-fcgi.env" && -s "$chroot_dir/var/lib/todo-fcgi/todo.db" ]] ||
        die "dpkg -r removed the env file or the data (only purge may)"
    in_root dpkg --purge todo-fcgi >>"$deb_log" 2>&1 || die "dpkg --purge todo-fcgi failed: $(tail -5 "$deb_log")"
    [[ ! -e "$chroot_dir/etc/todo-fcgi.env" && ! -e "$chroot_dir/var/lib/todo-fcgi" ]] ||
        die "dpkg --purge left /etc/todo-fcgi.env or /var/lib/todo-fcgi"
    ! in_root getent passwd todo-fcgi >/dev/null || die "dpkg --purge left the user todo-fcgi"
    [[ ! -e "$chroot_dir/etc/nginx/sites-available/todo-fcgi" ]] || die "dpkg --purge left the site (a conffile)"
    ! grep -qF "$env_secret" "$deb_log" || die "dpkg's output shows the generated secret"
    log "dpkg -r kept the env file and the data; dpkg --purge removed them, the user and the conffiles"
}
test_deb_package

result=ok
log "PASSED: bundle $((bundle_bytes / 1024)) KiB, binary $((binary_bytes / 1024)) KiB, start-up ${startup_ms} ms," \
    "idle RSS $((idle_rss_kb / 1024)) MiB (after the requests: $((busy_rss_kb / 1024)) MiB), $((SECONDS - started)) s in all"
