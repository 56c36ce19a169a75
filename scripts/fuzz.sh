#!/usr/bin/env bash
# `make fuzz`: coverage-guided fuzzing (libFuzzer + AddressSanitizer) of three targets, for a bounded time each:
#
#   fuzz-request  FastCGI params and body -> IncomingRequest -> APIRequest -> TodoApplication.handle on a real
#                 SQLite database (with accounts) -> CGI framing. Fails on a crash, a hang, a 5xx, a body that is
#                 not JSON, a header with CR/LF, or the HMAC secret in a response.
#   fuzz-token    JWTVerifier.verify / verifySignature (HMAC + Ed25519, ES256, RS256 keys), JSONParser.parse and
#                 Base64URL.decode on arbitrary input. Fails on a crash, a verified token with an empty subject,
#                 a cached and an uncached verifier that disagree, or a JSON / base64url round trip that differs.
#   fuzz-fastcgi  raw bytes of a FastCGI connection (a socketpair) -> ParamsGuard, libfcgi's FCGX_Accept_r, the
#                 params and body reading of FastCGIRequestReader, the response, request after request as a worker
#                 does. Fails on a crash or abort (libfcgi's included), a hang, or a body handed on beside a
#                 defect, over the limit, or of another length than CONTENT_LENGTH.
#
# Environment: FUZZ_SECONDS (default 60) per target, FUZZ_TARGETS (default "request token fastcgi"). The targets run one
# after the other, each in one process.
#
# Layout (all under .build-fuzz/, which git ignores):
#   .build-fuzz/release/fuzz-*        the instrumented binaries (-sanitize=fuzzer,address, -D TODO_FUZZING)
#   .build-fuzz/corpus/<target>/      a fresh copy of fuzz/corpus/<target>/ that the run grows (the repo's seed
#                                     corpus is never written to)
#   .build-fuzz/artifacts/<target>-*  crash-*, timeout-*, oom-* inputs, if any
#   .build-fuzz/logs/<target>.log     libFuzzer's output
# Exits non-zero when a target found a crash, a hang or an out-of-memory input.
#
# Reproduce a finding without the fuzzer: `swift build --product fuzz-request` (a normal build: the targets then
# read the files they are given), then `.build/debug/fuzz-request FILE...` (or fuzz-token, fuzz-fastcgi). Rewrite
# the seed corpus: `.build/debug/fuzz-request --write-seeds fuzz/corpus/request` (and fuzz-token ...
# fuzz/corpus/token, fuzz-fastcgi ... fuzz/corpus/fastcgi).
# Keep a reproducer worth fixing under fuzz/crashes/.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/env.sh" # and scripts/lib.sh
cd "$TODO_ROOT"
log_prefix=fuzz

seconds="${FUZZ_SECONDS:-60}"
targets="${FUZZ_TARGETS:-request token fastcgi}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { log "FUZZ_SECONDS must be a positive integer, not '$seconds'"; exit 2; }
for target in $targets; do
    case "$target" in request | token | fastcgi) ;; *) log "unknown target '$target' (request, token, fastcgi)"; exit 2 ;; esac
done

scripts/deps.sh build

# libFuzzer and the sanitizer runtimes come with the Swift toolchain for Linux (no clang package needed).
toolchain="$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")"
if ! compgen -G "$toolchain/lib/swift/clang/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null \
    && ! compgen -G "$toolchain/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null; then
    log "no libFuzzer runtime in $toolchain/lib/swift/clang/lib: use a Swift toolchain for Linux from swift.org"
    exit 1
fi

scratch=.build-fuzz
# `--sanitize=fuzzer` makes SwiftPM link libFuzzer's main (instead of renaming the target's entry point); the
# sanitizers go to swiftc as ONE flag: with `--sanitize=fuzzer --sanitize=address` SwiftPM passes two
# `-sanitize=` flags in no fixed order and the last one wins, so half the builds had no coverage instrumentation.
# shellcheck disable=SC2054 # the comma is swiftc's: one -sanitize= flag with two sanitizers
build_flags=(
    --scratch-path "$scratch" -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address
    -Xswiftc -DTODO_FUZZING
)
for target in $targets; do
    log "building fuzz-$target (release, libFuzzer + AddressSanitizer)"
    swift build "${build_flags[@]}" --product "fuzz-$target"
done
bin="$(swift build "${build_flags[@]}" --show-bin-path)"

mkdir -p "$scratch/artifacts" "$scratch/logs"
# Swift keeps class references in enum payloads with tag bits set, so LeakSanitizer cannot see them and reports
# objects that are still in use; memory growth is bounded by -rss_limit_mb instead (and measured by the soak test).
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# A failed check traps; let libFuzzer report it (Swift's own crash backtracer trips AddressSanitizer).
export SWIFT_BACKTRACE=enable=no

failed=()
summary=()
for target in $targets; do
    corpus="$scratch/corpus/$target"
    log="$scratch/logs/$target.log"
    rm -rf "$corpus" "$scratch/artifacts/$target-"*
    mkdir -p "$corpus"
    cp fuzz/corpus/"$target"/* "$corpus"/
    seeds=$(find "$corpus" -type f | wc -l)
    # Tokens up to the verifier's limit (8192 bytes) and beyond it; requests up to 4 KiB.
    max_len=4096
    [[ "$target" == token ]] && max_len=9000
    args=(
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len="$max_len"
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$scratch/artifacts/$target-"
    )
    log "fuzz-$target: $seconds s from $seeds seeds (log: $log)"
    set +e
    "$bin/fuzz-$target" "${args[@]}" "$corpus" >"$log" 2>&1
    status=$?
    set -e
    done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1 || true)
    runs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}' || true)
    rate=$(grep -E '^stat::average_exec_per_sec:' "$log" | awk '{print $2}' || true)
    if ! grep -q 'inline 8-bit counters' "$log"; then
        log "fuzz-$target: the binary has no coverage instrumentation (see $log); remove $scratch and retry"
        status=1
    fi
    cov=$(sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+) .*/\1 edges, \2 features/p' <<<"$done_line")
    size=$(find "$corpus" -type f | wc -l)
    line="fuzz-$target: ${runs:-?} runs, ${rate:-?} exec/s, coverage ${cov:-?}, corpus $seeds -> $size inputs"
    if [[ $status -ne 0 ]]; then
        failed+=("fuzz-$target")
        line+=", FAILED (exit $status)"
        grep -E '^(==[0-9]+==ERROR|Fatal error|.*Fatal error:|SUMMARY|artifact_prefix|Test unit written)' "$log" \
            | head -n 10 >&2 || true
    fi
    summary+=("$line")
    log "$line"
done

echo
for line in "${summary[@]}"; do echo "$line"; done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "FAILED: ${failed[*]}; inputs in $scratch/artifacts/ (reproduce: .build/debug/fuzz-<target> FILE)" >&2
    ls -l "$scratch/artifacts" >&2 || true
    exit 1
fi
