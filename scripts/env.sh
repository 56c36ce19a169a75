# shellcheck shell=bash
# Sourced by the other scripts (bash only):   . "$(dirname "${BASH_SOURCE[0]}")/env.sh"
#
# - sets TODO_ROOT to the repository root (the directory above scripts/);
# - puts the Swift toolchain on PATH (/opt/swift/usr/bin) when `swift` is not found, and /usr/sbin, /sbin
#   (nginx lives there) when missing;
# - defines todo_config (below), and sources scripts/lib.sh (log, die, alive, stop_process, free_port, ...).
# It does not read .env: only the binary does (one parser, one syntax: see .env.example). A script that needs
# settings from .env builds the binary first and calls `todo_config BIN`, as scripts/run.sh does. The scripts'
# own knobs (BENCH_*, SOAK_*, FUZZ_*, TODO_FCGI_COMMIT, ...) come from the environment only.
# With TODO_SKIP_DOTENV=1 (set by test.sh, bench.sh, soak.sh, dist-test.sh) the binary does not read .env either.

TODO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export TODO_ROOT
# shellcheck source=scripts/lib.sh
. "$TODO_ROOT/scripts/lib.sh"

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin" ;; esac
case ":$PATH:" in *:/sbin:*) ;; *) export PATH="$PATH:/sbin" ;; esac

# The release build the scripts serve and measure (make run, make release, bench, soak): the Swift runtime linked in,
# as in the shipped binary (scripts/dist.sh). Under the bench's list load it is 2.6 MB less resident than a build
# that maps libswiftCore.so, whose relocated pages every process touches at start (issue 17's memory target).
# shellcheck disable=SC2034 # used by the scripts that source this file
release_build=(-c release --static-swift-stdlib)

# todo_config BIN [ARGS...]: export the settings the scripts read (DATABASE_PATH, HOST, PORT, FCGI_SOCKET,
# AUTH_RATE_PER_MINUTE, and WEB_ROOT, NGINX_WORKERS when set) as the binary BIN sees them: the environment, then
# ./.env of the current directory (`BIN config --shell ARGS`, which never prints a secret). Returns BIN's status,
# with its message on stderr, when a value is invalid; nothing is exported then.
todo_config() {
    local settings
    settings="$("$1" config --shell "${@:2}")" || return
    eval "$settings"
}
