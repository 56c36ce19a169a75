#!/usr/bin/env bash
# Install the Debian packages todo-fcgi needs, only those missing (idempotent), and check for Swift.
#
# Usage: scripts/deps.sh GROUP...     GROUP is one of:
#   build   libfcgi-dev libssl-dev libsqlite3-dev libunistring-dev libpq-dev pkg-config git, and a Swift toolchain
#           (checked, not installed)
#   run     nginx (any installed nginx is accepted, else nginx-light), spawn-fcgi, curl
#   test    curl, sqlite3, postgresql (the server scripts/postgres.sh starts for the tests), python3 with a
#           working `python3 -m venv` (python3-venv), shellcheck (the scripts' lint), logrotate (deploy/logrotate.conf),
#           groff-base (renders the generated man page),
#           systemd-analyze (systemd: verifies deploy/*.socket and *.service)
#   deb     lintian (scripts/deb.sh checks the package with it)
#   bench   wrk, gcc and libfcgi-dev (the C responder), python3-jwt and python3-cryptography (seeding), postgresql
#           (the server of the PostgreSQL column)
# `apt-get update` runs once, and only when something is missing. Needs root (or sudo) to install.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/env.sh" # and scripts/lib.sh
log_prefix=deps

missing=()
want_swift=0
want_venv_check=0

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

need() {
    local pkg
    for pkg in "$@"; do
        if ! is_installed "$pkg"; then
            case " ${missing[*]-} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
        fi
    done
}

[[ $# -gt 0 ]] || {
    echo "usage: $0 build|run|test|deb|bench..." >&2
    exit 2
}

for group in "$@"; do
    case "$group" in
    build)
        need libfcgi-dev libssl-dev libsqlite3-dev libunistring-dev libpq-dev pkg-config git
        want_swift=1
        ;;
    run)
        if ! command -v nginx >/dev/null 2>&1; then need nginx-light; fi
        need spawn-fcgi curl
        ;;
    test)
        need curl sqlite3 postgresql chromium chromium-driver shellcheck logrotate groff-base
        command -v systemd-analyze >/dev/null 2>&1 || need systemd
        command -v python3 >/dev/null 2>&1 || need python3
        want_venv_check=1
        ;;
    deb)
        need lintian
        ;;
    bench)
        command -v wrk >/dev/null 2>&1 || need wrk; need gcc libc6-dev libfcgi-dev python3-jwt python3-cryptography postgresql
        ;;
    *)
        log "unknown group '$group' (expected build, run, test, deb or bench)"
        exit 2
        ;;
    esac
done

apt_updated=0
apt_install() {
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            log "missing packages: $*"
            log "run as root: apt-get update && apt-get install -y $*"
            exit 1
        fi
    fi
    if [[ $apt_updated == 0 ]]; then
        log "apt-get update"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        apt_updated=1
    fi
    log "installing: $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

if [[ ${#missing[@]} -gt 0 ]]; then
    apt_install "${missing[@]}"
fi

# `python3 -m venv` can exist and still fail (Debian's python3 without python3-venv has no ensurepip):
# try it for real.
venv_works() {
    local tmp ok=1
    tmp="$(mktemp -d)"
    if python3 -m venv "$tmp/venv" >/dev/null 2>&1 && "$tmp/venv/bin/python" -m pip --version >/dev/null 2>&1; then
        ok=0
    fi
    rm -rf "$tmp"
    return $ok
}
if [[ $want_venv_check == 1 ]] && ! venv_works; then
    pyver="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || true)"
    venv_pkgs=(python3-venv)
    [[ -n "$pyver" ]] && apt-cache show "python$pyver-venv" >/dev/null 2>&1 && venv_pkgs+=("python$pyver-venv")
    apt_install "${venv_pkgs[@]}"
    if ! venv_works; then
        log "'python3 -m venv' still does not work with $(command -v python3); fix the Python installation"
        exit 1
    fi
fi

if [[ $want_swift == 1 ]]; then
    if ! command -v swift >/dev/null 2>&1; then
        log "Swift was not found on PATH nor at /opt/swift/usr/bin."
        log "Install a Swift 6 toolchain for Linux (Debian 12) under /opt/swift (so that"
        log "/opt/swift/usr/bin/swift exists), or put its usr/bin on PATH, then run this again."
        exit 1
    fi
    if ! swift --version >/dev/null 2>&1; then
        log "$(command -v swift) does not run: 'swift --version' failed (missing toolchain libraries?)"
        exit 1
    fi
fi
exit 0
