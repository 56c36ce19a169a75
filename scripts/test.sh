#!/usr/bin/env bash
# `make test` (and CI, through .ci/run): every check the project has, with a section header each.
#
#   1. deps        scripts/deps.sh build run test
#   1b. docs       scripts/docs-assets.sh: the Swagger UI and ReDoc files /api/docs and /api/redoc serve
#   2. build       swift build --build-tests -Xswiftc -warnings-as-errors
#                  (SwiftPM builds remote dependencies with -suppress-warnings, which the Swift 6 driver
#                  lets win over -warnings-as-errors, so only this package's own targets are strict)
#   3. postgresql  scripts/postgres.sh start: a throwaway PostgreSQL server on a free loopback port in a
#                  temporary directory, stopped and removed when this script exits
#   4. unit tests  swift test (Swift Testing and XCTest), with the same flags so nothing is rebuilt, and
#                  PG_TEST_URL set so that the PostgreSQL store tests run against that server
#   5. format      swift format lint --strict -r Sources Tests Package.swift   (fix: make format); shellcheck -x
#                  -S warning scripts/*.sh (settings in .shellcheckrc: sourced files are followed from scripts/)
#   6. integration pytest -q integration in the virtualenv .venv-test, with
#                  TODO_FCGI_BIN=$PWD/.build/debug/todo-fcgi and REPO_ROOT=$PWD: on SQLite, then
#                  the same suite on PostgreSQL (TODO_TEST_DATABASE_URL: each server gets a fresh database on
#                  the throwaway server), less the tests marked sqlite_only
#   7. dist-test   scripts/dist-test.sh: the release bundle (make dist) on a debootstrapped Debian, through nginx
# A failed build stops here; otherwise every section runs and the script exits non-zero if any failed.
# .env is not read (TODO_SKIP_DOTENV=1, which the binary honours too): tests never depend on a developer's
# local configuration.
# With CI set, unit and integration tests run under a time limit (TEST_TIMEOUT seconds, default 1800).
set -euo pipefail

export TODO_SKIP_DOTENV=1
. "$(dirname "${BASH_SOURCE[0]}")/env.sh" # and scripts/lib.sh
cd "$TODO_ROOT"
log_prefix="test"

section() { printf '\n==== %s ====\n' "$*"; }
failed=()

# limited CMD...: run CMD, under `timeout` only in CI (timeout starts its own process group, which would
# keep Ctrl-C from reaching the tests in a terminal).
limited() {
    if [[ -n "${CI:-}" ]]; then
        timeout --kill-after=15 "${TEST_TIMEOUT:-1800}" "$@"
    else
        "$@"
    fi
}

section "dependencies"
scripts/deps.sh build run test

swift_flags=(-Xswiftc -warnings-as-errors)

section "Swagger UI and ReDoc files (scripts/docs-assets.sh)"
if ! scripts/docs-assets.sh; then
    failed+=("docs-assets")
fi

section "swift build --build-tests (warnings are errors)"
if ! swift build --build-tests "${swift_flags[@]}"; then
    log "the build failed; nothing else can run"
    exit 1
fi

section "postgresql (a throwaway server for the tests)"
pg_dir="$(mktemp -d)/pg"
pg_url=""
trap 'scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$(dirname "$pg_dir")"' EXIT
if pg_url=$(scripts/postgres.sh start "$pg_dir"); then
    echo "postgresql: serving on ${pg_url#*@}"
else
    pg_url=""
    echo "postgresql: could not start a server; the PostgreSQL tests cannot run" >&2
    failed+=("postgresql server")
fi

section "swift test"
if ! PG_TEST_URL="$pg_url" limited swift test "${swift_flags[@]}"; then
    failed+=("swift test")
fi

section "swift format lint --strict"
if swift format lint --strict -r Sources Tests Package.swift; then
    echo "format: clean"
else
    echo "format: not clean (run 'make format' to fix it)" >&2
    failed+=("swift format lint")
fi

section "shellcheck (warnings and errors)"
if shellcheck -x -S warning scripts/*.sh; then
    echo "shellcheck: clean"
else
    echo "shellcheck: not clean (see above)" >&2
    failed+=("shellcheck")
fi

section "integration tests (pytest)"
shopt -s nullglob
tests=(integration/test_*.py integration/*_test.py integration/*/test_*.py)
shopt -u nullglob
if [[ ${#tests[@]} -eq 0 ]]; then
    echo "integration: no test files under integration/ yet; skipped"
else
    venv=.venv-test
    req=integration/requirements.txt
    # The stamp records what the virtualenv was built from: the requirements and the Python version.
    want="$(python3 --version 2>&1) $(command -v python3)"
    if [[ -f "$req" ]]; then
        want+=" $(sha256sum "$req" | cut -d' ' -f1)"
    else
        want+=" pytest-only"
    fi
    stamp="$venv/.todo-requirements.stamp"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import sys' 2>/dev/null ||
        [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
        echo "integration: (re)creating $venv"
        rm -rf "$venv"
        python3 -m venv "$venv"
        if [[ -f "$req" ]]; then
            "$venv/bin/python" -m pip install -q -r "$req"
        else
            "$venv/bin/python" -m pip install -q pytest
        fi
        echo "$want" >"$stamp"
    else
        echo "integration: $venv is up to date with $req"
    fi
    rc=0
    TODO_FCGI_BIN="$PWD/.build/debug/todo-fcgi" REPO_ROOT="$PWD" \
        limited "$venv/bin/python" -m pytest -q integration || rc=$?
    if [[ $rc -eq 5 ]]; then
        echo "integration: pytest collected no tests; not counted as a failure"
    elif [[ $rc -ne 0 ]]; then
        failed+=("integration tests (pytest exit $rc)")
    fi

    section "integration tests on PostgreSQL (pytest -m 'not sqlite_only')"
    if [[ -n "$pg_url" ]]; then
        rc=0
        TODO_TEST_DATABASE_URL="${pg_url%/*}/postgres" TODO_FCGI_BIN="$PWD/.build/debug/todo-fcgi" REPO_ROOT="$PWD" \
            limited "$venv/bin/python" -m pytest -q -m "not sqlite_only" integration || rc=$?
        if [[ $rc -ne 0 && $rc -ne 5 ]]; then
            failed+=("integration tests on PostgreSQL (pytest exit $rc)")
        fi
    else
        echo "integration on PostgreSQL: no server (see the postgresql section)" >&2
    fi
fi

section "release bundle on a clean Debian (scripts/dist-test.sh)"
if ! limited scripts/dist-test.sh; then
    failed+=("dist-test")
fi

section "summary"
if [[ ${#failed[@]} -gt 0 ]]; then
    printf 'FAILED: %s\n' "${failed[@]}"
    exit 1
fi
echo "all checks passed"
