# shellcheck shell=bash
# The helpers every script shares (bash only). scripts/env.sh sources this file; a script that does not need
# env.sh (nginx-conf.sh, postgres.sh) sources it alone:   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Messages: log and die write "<log_prefix>: ..." on stderr. The sourcing script sets, after sourcing:
#   log_prefix    its name in messages (default: the script's file name without .sh)
#   die_label     what die puts before its message (default "error: ")
#   die_status    die's exit status (default 1)
#   log_clock     a value of $SECONDS: when set, each message carries "[  Ns]", the seconds since then
# They are reset here, so nothing of the caller's environment leaks into them.
# Processes (by pid, from /proc: procps is not needed):
#   alive PID                        exists and is not a zombie
#   wait_gone PID SECONDS            until PID is gone; false on timeout
#   wait_for SECONDS PID COMMAND...  until COMMAND succeeds while PID is alive; false if PID died or on timeout
#   stop_process PID SIGNAL SECONDS [MESSAGE]
#                                    signal, wait, SIGKILL (with MESSAGE logged) after SECONDS; reap. Sets
#                                    stopped_rc to the exit status, or "killed"
#   children PID                     the direct children of PID, one a line
# Network and other:
#   free_port                        a free TCP port on 127.0.0.1 (python3)
#   connect_host HOST                an address to connect to for a listen address (wildcards: this machine)
#   port_open HOST PORT              something accepts TCP connections there
#   random_secret                    32 random bytes from /dev/urandom as 64 hex digits
#   git_commit                       the first 12 hex digits of HEAD's commit, read from .git without git

log_prefix="${0##*/}"
log_prefix="${log_prefix%.sh}"
die_label="error: "
die_status=1
log_clock=""

log() {
    if [[ -n "$log_clock" ]]; then
        printf '%s: [%3ds] %s\n' "$log_prefix" "$((SECONDS - log_clock))" "$*" >&2
    else
        printf '%s: %s\n' "$log_prefix" "$*" >&2
    fi
}

die() {
    log "$die_label$*"
    exit "$die_status"
}

# ---- processes ----------------------------------------------------------------------------------------------

# alive PID: the process exists and is not a zombie (kill -0 succeeds on unreaped zombies).
alive() {
    local s
    [[ -n "$1" && -r "/proc/$1/stat" ]] || return 1
    { read -r s <"/proc/$1/stat"; } 2>/dev/null || return 1
    s="${s##*) }"
    [[ "${s%% *}" != Z ]]
}

# wait_gone PID SECONDS: poll until PID is gone (or a zombie); false on timeout.
wait_gone() {
    local pid="$1" ticks=$(($2 * 10))
    while alive "$pid"; do
        ((ticks-- > 0)) || return 1
        sleep 0.1
    done
}

# wait_for SECONDS PID COMMAND...: until COMMAND (its output discarded) succeeds, while PID lives.
wait_for() {
    local ticks=$(($1 * 10)) pid="$2"
    shift 2
    until "$@" >/dev/null 2>&1; do
        alive "$pid" || return 1
        ((ticks-- > 0)) || return 1
        sleep 0.1
    done
}

# stop_process PID SIGNAL SECONDS [MESSAGE]: send SIGNAL, wait up to SECONDS for PID to go, then log MESSAGE
# (if given) and SIGKILL it; reap it when it is our child. Sets stopped_rc to its exit status, or "killed";
# returns 1 when it had to be killed. Nothing happens for an empty PID. Not in a subshell: only the shell that
# started a process can wait for it.
# shellcheck disable=SC2034 # read by the sourcing scripts
stopped_rc=""
# shellcheck disable=SC2034
stop_process() {
    local pid="$1" rc=0
    stopped_rc=""
    [[ -n "$pid" ]] || return 0
    if alive "$pid"; then
        kill "-$2" "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" "$3"; then
            [[ -z "${4:-}" ]] || log "$4"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 2 || true
            wait "$pid" 2>/dev/null || true
            stopped_rc=killed
            return 1
        fi
    fi
    wait "$pid" 2>/dev/null || rc=$?
    stopped_rc="$rc"
}

# children PID: direct children of PID.
children() {
    local f s rest ppid
    for f in /proc/[0-9]*/stat; do
        { read -r s <"$f"; } 2>/dev/null || continue
        rest="${s##*) }"
        read -r _ ppid _ <<<"$rest"
        if [[ "$ppid" == "$1" ]]; then
            f="${f#/proc/}"
            echo "${f%/stat}"
        fi
    done
}

# ---- network, secrets -----------------------------------------------------------------------------------------

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

connect_host() {
    local h="${1#[}"
    h="${h%]}"
    case "$h" in
    0.0.0.0 | "") echo 127.0.0.1 ;;
    :: | ::0) echo ::1 ;;
    *) echo "$h" ;;
    esac
}

port_open() {
    (exec 3<>"/dev/tcp/$(connect_host "$1")/$2") 2>/dev/null
}

random_secret() {
    od -An -tx1 -N32 /dev/urandom | tr -d ' \n'
}

# git_commit: the commit of HEAD in the current directory's checkout (a .git directory, or a .git file as in a
# worktree, whose refs live in the common directory), read without running git (nothing is locked or written);
# its first 12 hex digits, or "unknown" outside a checkout.
git_commit() {
    local git_dir=.git common head ref sha=""
    if [[ -f .git ]]; then
        git_dir="$(sed -n 's/^gitdir: //p' .git)"
        [[ "$git_dir" == /* ]] || git_dir="$PWD/$git_dir"
    fi
    [[ -r "$git_dir/HEAD" ]] || {
        echo unknown
        return
    }
    common="$git_dir"
    if [[ -r "$git_dir/commondir" ]]; then
        read -r common <"$git_dir/commondir"
        [[ "$common" == /* ]] || common="$git_dir/$common"
    fi
    read -r head <"$git_dir/HEAD"
    if [[ "$head" == "ref: "* ]]; then
        ref="${head#ref: }"
        if [[ -r "$git_dir/$ref" ]]; then
            read -r sha <"$git_dir/$ref"
        elif [[ -r "$common/$ref" ]]; then
            read -r sha <"$common/$ref"
        elif [[ -r "$common/packed-refs" ]]; then
            sha="$(awk -v ref="$ref" '$2 == ref { print $1 }' "$common/packed-refs")"
        fi
    else
        sha="$head"
    fi
    [[ "$sha" =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]] && echo "${sha:0:12}" || echo unknown
}
