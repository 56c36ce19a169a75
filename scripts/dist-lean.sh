# shellcheck shell=bash
# Sourced by scripts/dist-test.sh: issue 17's "lean binary" checks of the bundle, kept in a file of their own.
#
# check_lean_bundle BUNDLE: the todo-fcgi binary in the tar.gz BUNDLE links no Foundation and no ICU (no
# libFoundation*/libicu* NEEDED entry; no $s10Foundation, FoundationEssentials or FoundationInternationalization
# symbol, no ICU data (icudt*_dat) or _FoundationICU symbol), the binary is at most DIST_MAX_BINARY_MB (30) MB and the
# bundle at most DIST_MAX_BUNDLE_MB (12) MB. Needs readelf and nm (binutils). FoundationEssentials is refused too since
# the command line stopped using swift-argument-parser (Sources/Commands): it held 4 MB of resident memory.
check_lean_bundle() {
    local bundle="$1" scratch binary needed symbols bad size_bytes bundle_bytes
    local max_binary=$((${DIST_MAX_BINARY_MB:-30} * 1024 * 1024)) max_bundle=$((${DIST_MAX_BUNDLE_MB:-12} * 1024 * 1024))
    scratch="$(mktemp -d)"
    tar -xzf "$bundle" -C "$scratch"
    binary="$(find "$scratch" -type f -name todo-fcgi | head -1)"
    [[ -n "$binary" ]] || { rm -rf "$scratch"; die "no todo-fcgi binary in $bundle"; }
    needed="$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
    bad="$(grep -Ei 'foundation|icu' <<<"$needed" || true)"
    [[ -z "$bad" ]] || { rm -rf "$scratch"; die "the binary needs Foundation or ICU libraries: $bad"; }
    symbols="$(nm "$binary" 2>/dev/null | awk '{print $NF}')"
    bad="$(grep -E '^\$s10Foundation|FoundationEssentials|FoundationInternationalization|_FoundationICU|^icudt[0-9]+_dat$' <<<"$symbols" |
        head -5 || true)"
    [[ -z "$bad" ]] || { rm -rf "$scratch"; die "the binary holds Foundation or ICU symbols, e.g. $bad"; }
    [[ "$(wc -l <<<"$symbols")" -gt 1000 ]] || { rm -rf "$scratch"; die "nm found no symbols in the binary"; }
    size_bytes="$(stat -c %s "$binary")"
    bundle_bytes="$(stat -c %s "$bundle")"
    rm -rf "$scratch"
    log "lean: no Foundation or ICU (NEEDED: $(tr '\n' ' ' <<<"$needed")); binary $((size_bytes / 1024)) KiB," \
        "bundle $((bundle_bytes / 1024)) KiB"
    ((size_bytes <= max_binary)) || die "the binary is $size_bytes bytes, over $max_binary"
    ((bundle_bytes <= max_bundle)) || die "the bundle is $bundle_bytes bytes, over $max_bundle"
}
