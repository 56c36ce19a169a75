#!/usr/bin/env bash
# `make dist`: the release bundle dist/todo-fcgi-<version>-linux-<arch>.tar.gz, for hosts without a Swift toolchain.
#
#   1. deps        scripts/deps.sh build
#   2. build       swift build -c release --static-swift-stdlib (the Swift runtime linked in, no ICU) in its
#                  own scratch path .build-dist/swift, so `make run`'s release build in .build is untouched;
#                  the git commit goes in with -Xcc '-DTODO_FCGI_COMMIT="<sha>"' (Sources/CBuildInfo), so
#                  `todo-fcgi --version` prints "todo-fcgi <version> (commit <sha>)".
#                  libfcgi is linked statically: SwiftPM reads copies of the system .pc files from
#                  .build-dist/link/pkgconfig (PKG_CONFIG_PATH) whose Libs have no -L of the system library
#                  directory, and fcgi.pc points at .build-dist/link/lib, which holds libfcgi.a and nothing else.
#                  The linker searches that directory first, finds no libfcgi.so there, and takes the archive.
#   3. checks      the binary's NEEDED entries: no Swift, Foundation, ICU or libfcgi library; `--version` names the
#                  version and the commit. The Debian packages of the libraries it needs (libssl3 for libssl and
#                  libcrypto, libsqlite3-0, ...) are found with dpkg -S and written into INSTALL and BUILD-INFO.
#   4. bundle      todo-fcgi (debug info stripped), html/ (the web app, and in html/api/docs/ the Swagger UI and ReDoc
#                  pages with the files scripts/docs-assets.sh takes from the drf-spectacular-sidecar wheel), nginx/todo-fcgi.site.conf, nginx/snippets/,
#                  deploy/todo-fcgi.service, deploy/todo-fcgi.socket, deploy/spawn-fcgi.sh, .env.example, INSTALL (deploy/INSTALL.in with the
#                  version filled in), BUILD-INFO, man/todo-fcgi.1 (scripts/manpage.py, from the binary's
#                  --dump-help) and completions/ (todo-fcgi.bash, _todo-fcgi, todo-fcgi.fish: the
#                  binary's --generate-completion-script); a tar.gz with root-owned entries in name order.
#                  scripts/deb.sh packages this same tarball as a .deb (`make deb`), so the binary is built once.
#
# Environment: TODO_FCGI_COMMIT overrides the commit read from .git (e.g. when building from a source tarball).
# Output: the bundle's path on the last line of stdout; progress on stderr.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/env.sh" # and scripts/lib.sh (git_commit among them)
root="$TODO_ROOT"
cd "$root"
log_prefix=dist
started=$SECONDS

# ---- what we build ------------------------------------------------------------------------------------------
version="$(sed -n 's/^ *static let version = "\([^"]*\)".*/\1/p' Sources/todo-fcgi/BuildInfo.swift)"
[[ "$version" =~ ^[0-9A-Za-z.+-]+$ ]] || die "cannot read the version from Sources/todo-fcgi/BuildInfo.swift"
arch="$(uname -m)"
name="todo-fcgi-$version-linux-$arch"

commit="${TODO_FCGI_COMMIT:-$(git_commit)}"
[[ "$commit" =~ ^[0-9A-Za-z._-]+$ ]] || die "TODO_FCGI_COMMIT may hold only letters, digits, '.', '_' and '-'"
log "building $name (commit $commit)"

scripts/deps.sh build
scripts/docs-assets.sh || die "could not fetch the Swagger UI and ReDoc files for /api/docs and /api/redoc"

required=(nginx/html/index.html nginx/html/api/docs/index.html nginx/html/api/docs/vendor/swagger-ui-bundle.js
    nginx/html/api/docs/vendor/redoc.standalone.js nginx/todo-fcgi.site.conf nginx/snippets/todo-fcgi-api.conf
    nginx/snippets/todo-fcgi-cors.conf nginx/snippets/security-headers.conf deploy/todo-fcgi.service deploy/todo-fcgi.socket deploy/spawn-fcgi.sh
    deploy/logrotate.conf deploy/INSTALL.in
    .env.example scripts/manpage.py)
for file in "${required[@]}"; do
    [[ -f "$file" ]] || die "$file is missing; the bundle needs it"
done

# ---- a link directory where libfcgi is only an archive ----------------------------------------------------------
link_dir="$root/.build-dist/link"
rm -rf "$link_dir"
mkdir -p "$link_dir/lib" "$link_dir/pkgconfig"
fcgi_libdir="$(pkg-config --variable=libdir fcgi)" || die "pkg-config does not know fcgi (libfcgi-dev)"
[[ -f "$fcgi_libdir/libfcgi.a" ]] || die "$fcgi_libdir/libfcgi.a is missing (Debian's libfcgi-dev ships it)"
cp "$fcgi_libdir/libfcgi.a" "$link_dir/lib/"
# Every pkg-config name the package's system-library targets use, copied without -L<system libdir>.
mapfile -t pc_names < <(sed -n 's/.*pkgConfig: "\([^"]*\)".*/\1/p' Package.swift)
pc_names+=(libcrypto) # libssl.pc requires it
for pc in "${pc_names[@]}"; do
    pc_dir="$(pkg-config --variable=pcfiledir "$pc")" || die "pkg-config does not know $pc"
    if [[ "$pc" == fcgi ]]; then
        sed -E "s|^Libs:.*|Libs: -L$link_dir/lib -lfcgi|" "$pc_dir/$pc.pc" >"$link_dir/pkgconfig/$pc.pc"
    else
        sed -E '/^Libs:/ s/-L[^ ]*//g' "$pc_dir/$pc.pc" >"$link_dir/pkgconfig/$pc.pc"
    fi
done

# ---- the static build ---------------------------------------------------------------------------------------
scratch="$root/.build-dist/swift"
build=(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product todo-fcgi
    -Xcc "-DTODO_FCGI_COMMIT=\"$commit\"")
build_started=$SECONDS
PKG_CONFIG_PATH="$link_dir/pkgconfig" "${build[@]}" >&2 || die "the release build failed"
bin="$(PKG_CONFIG_PATH="$link_dir/pkgconfig" "${build[@]}" --show-bin-path)/todo-fcgi"
[[ -x "$bin" ]] || die "the build did not produce $bin"
log "built in $((SECONDS - build_started)) s"

# ---- checks on the binary -------------------------------------------------------------------------------------
needed="$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
bad="$(grep -Ei 'swift|foundation|dispatch|icu|fcgi' <<<"$needed" || true)"
[[ -z "$bad" ]] || die "the binary still needs: $(tr '\n' ' ' <<<"$bad")"
# The Debian packages that hold the libraries the binary names (apt brings what they need in turn), less those
# every Debian system has; INSTALL and BUILD-INFO list them.
package_of() { # package_of LIBRARY-PATH: the package that ships it (merged /usr or not)
    local real candidate
    real="$(readlink -f "$1")"
    for candidate in "$real" "${real#/usr}" "/usr$real" "$1"; do
        dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1 && return 0
    done
    return 1
}
runtime_packages=""
for lib in $needed; do
    path="$(ldd "$bin" | awk -v name="$lib" '$1 == name && $3 ~ /^\// { print $3 }')"
    [[ -n "$path" ]] || continue # the dynamic loader itself
    package="$(package_of "$path")" || die "no Debian package ships $path"
    case " libc6 libstdc++6 libgcc-s1 $runtime_packages " in *" $package "*) ;; *) runtime_packages+="$package " ;; esac
done
runtime_packages="${runtime_packages% }"
[[ -n "$runtime_packages" ]] || die "could not tell which packages the binary needs"
version_line="$("$bin" --version)"
[[ "$version_line" == *"$version"* && "$version_line" == *"$commit"* ]] ||
    die "--version printed '$version_line', not the version $version and the commit $commit"

# ---- the bundle -------------------------------------------------------------------------------------------------
stage_root="$root/.build-dist/stage"
stage="$stage_root/$name"
rm -rf "$stage_root"
mkdir -p "$stage/nginx/snippets" "$stage/deploy"
strip --strip-debug -o "$stage/todo-fcgi" "$bin"
chmod 0755 "$stage/todo-fcgi"
binary_bytes="$(stat -c %s "$stage/todo-fcgi")"
cp -R nginx/html "$stage/html"
rm -rf "$stage"/html/api/docs/vendor.* # a concurrent docs-assets.sh's staging directory, if any
cp nginx/todo-fcgi.site.conf "$stage/nginx/"
cp nginx/snippets/*.conf "$stage/nginx/snippets/"
cp deploy/todo-fcgi.service deploy/todo-fcgi.socket deploy/spawn-fcgi.sh deploy/logrotate.conf "$stage/deploy/"
chmod 0755 "$stage/deploy/spawn-fcgi.sh"
cp .env.example "$stage/.env.example"
# The man page and the completions come from the binary's own command line, so they describe what ships.
mkdir -p "$stage/man" "$stage/completions"
python3 scripts/manpage.py "$bin" "$(date -u '+%B %-d, %Y')" >"$stage/man/todo-fcgi.1" || die "scripts/manpage.py failed"
"$bin" --generate-completion-script bash >"$stage/completions/todo-fcgi.bash"
"$bin" --generate-completion-script zsh >"$stage/completions/_todo-fcgi"
"$bin" --generate-completion-script fish >"$stage/completions/todo-fcgi.fish"
sed -e "s/@VERSION@/$version/g" -e "s/@COMMIT@/$commit/g" -e "s/@ARCH@/$arch/g" -e "s/@NAME@/$name/g" \
    -e "s/@PACKAGES@/$runtime_packages/g" deploy/INSTALL.in >"$stage/INSTALL"
{
    echo "$version_line"
    echo "built:    $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(. /etc/os-release && echo "$PRETTY_NAME") $arch"
    echo "swift:    $(swift --version 2>/dev/null | head -1)"
    echo "needs:    $(tr '\n' ' ' <<<"$needed")"
    echo "packages: $runtime_packages (and libc6, libstdc++6, libgcc-s1, which every Debian has)"
} >"$stage/BUILD-INFO"
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f ! -perm -u+x -exec chmod 0644 {} +

mkdir -p dist
out="dist/$name.tar.gz"
tar -C "$stage_root" --sort=name --owner=0 --group=0 --numeric-owner -czf "$out.tmp" "$name"
mv "$out.tmp" "$out"
rm -rf "$stage_root"

log "$out: $(stat -c %s "$out") bytes; the binary $binary_bytes bytes; $((SECONDS - started)) s in all"
log "$version_line; needs the packages $runtime_packages"
echo "$out"
