#!/usr/bin/env bash
# `make deb`: dist/todo-fcgi_<version>_<arch>.deb, a Debian package made with dpkg-deb alone (no debhelper) from
# the release bundle scripts/dist.sh builds, so the static binary is compiled once for both.
#
#   1. bundle      dist/todo-fcgi-<version>-linux-<arch>.tar.gz, rebuilt by scripts/dist.sh when missing or older
#                  than any of its inputs (the same test as scripts/dist-test.sh), then unpacked
#   2. tree        /usr/bin/todo-fcgi; /usr/share/todo-fcgi/html (the web app with /api/docs and /api/redoc) and
#                  env.example; /etc/nginx/snippets/*.conf and /etc/nginx/sites-available/todo-fcgi (conffiles;
#                  the site's root rewritten to /usr/share/todo-fcgi/html here, with sed, so nginx/ stays the one
#                  source); /lib/systemd/system/todo-fcgi.{socket,service} (binary /usr/bin, working directory
#                  /var/lib/todo-fcgi); /etc/logrotate.d/todo-fcgi (conffile, for `serve --log-file`
#                  /var/log/todo-fcgi/todo-fcgi.log; the units log to the journal); the man page and the bash,
#                  zsh and fish completions; /usr/share/doc/todo-fcgi/{copyright,changelog.gz}
#   3. control     Depends: the libraries' packages dist.sh found with dpkg -S (BUILD-INFO's "packages:" line),
#                  nginx | nginx-light | nginx-full | nginx-extras, passwd (useradd in postinst);
#                  postinst/prerm/postrm from deploy/debian/ (user todo-fcgi, /etc/todo-fcgi.env with a
#                  generated secret, migrations on configure, the socket unit when systemd runs)
#   4. build       dpkg-deb --build --root-owner-group; then dpkg-deb -I and -c, and lintian when installed
#                  (scripts/deps.sh deb installs it): its tags are printed for a look (they do not fail the build)
#
# The site is installed but not enabled: it is a default_server on port 80, as Debian's own default site is,
# and a package must not take over a port or a site the admin has (enable it with a link in sites-enabled).
# Output: the package's path on the last line of stdout; progress on stderr.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/env.sh" # and scripts/lib.sh
root="$TODO_ROOT"
cd "$root"
log_prefix=deb

version="$(sed -n 's/^ *static let version = "\([^"]*\)".*/\1/p' Sources/todo-fcgi/BuildInfo.swift)"
[[ "$version" =~ ^[0-9A-Za-z.+-]+$ ]] || die "cannot read the version from Sources/todo-fcgi/BuildInfo.swift"
deb_arch="$(dpkg --print-architecture)"
name="todo-fcgi-$version-linux-$(uname -m)"
bundle="dist/$name.tar.gz"
for file in deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm deploy/debian/copyright; do
    [[ -f "$file" ]] || die "$file is missing; the package needs it"
done

# ---- 1. the bundle ----------------------------------------------------------------------------------------------
stale=""
if [[ ! -f "$bundle" ]]; then
    stale="it is missing"
else
    newer="$(find Sources Package.swift nginx deploy .env.example scripts/dist.sh scripts/manpage.py -newer "$bundle" \
        ! -path 'deploy/debian*' -print 2>/dev/null | head -1)"
    [[ -z "$newer" ]] || stale="$newer is newer"
fi
if [[ -n "$stale" ]]; then
    log "building the bundle with scripts/dist.sh ($stale)"
    scripts/dist.sh >/dev/null
fi
[[ -f "$bundle" ]] || die "scripts/dist.sh did not produce $bundle"

work="$root/.build-dist/deb"
rm -rf "$work"
mkdir -p "$work"
tar -C "$work" -xzf "$bundle"
b="$work/$name"
pkg="$work/root"

# ---- 2. the tree ------------------------------------------------------------------------------------------------
share=/usr/share/todo-fcgi
install -d "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg$share" "$pkg/etc/nginx/snippets" "$pkg/etc/nginx/sites-available" \
    "$pkg/lib/systemd/system" "$pkg/etc/logrotate.d" "$pkg/usr/share/man/man1" \
    "$pkg/usr/share/bash-completion/completions" "$pkg/usr/share/zsh/vendor-completions" \
    "$pkg/usr/share/fish/vendor_completions.d" "$pkg/usr/share/doc/todo-fcgi"
install -m 0755 "$b/todo-fcgi" "$pkg/usr/bin/todo-fcgi"
cp -R "$b/html" "$pkg$share/html"
install -m 0644 "$b/.env.example" "$pkg$share/env.example"
install -m 0644 "$b"/nginx/snippets/*.conf "$pkg/etc/nginx/snippets/"
# The site: the web app's root moves to the package's directory; every other line stays the repo's.
sed -e "s|/srv/todo-fcgi/html|$share/html|g" "$b/nginx/todo-fcgi.site.conf" >"$pkg/etc/nginx/sites-available/todo-fcgi"
grep -q "root $share/html;" "$pkg/etc/nginx/sites-available/todo-fcgi" || die "could not point the site's root at $share/html"
# The units: binary in /usr/bin, working directory the state directory (no /srv/todo-fcgi in a package).
sed -e 's|^ExecStart=/srv/todo-fcgi/todo-fcgi |ExecStart=/usr/bin/todo-fcgi |' \
    -e 's|^WorkingDirectory=/srv/todo-fcgi$|WorkingDirectory=/var/lib/todo-fcgi|' \
    "$b/deploy/todo-fcgi.service" >"$pkg/lib/systemd/system/todo-fcgi.service"
install -m 0644 "$b/deploy/todo-fcgi.socket" "$pkg/lib/systemd/system/todo-fcgi.socket"
grep -q '^ExecStart=/usr/bin/todo-fcgi serve$' "$pkg/lib/systemd/system/todo-fcgi.service" ||
    die "could not point the service's ExecStart at /usr/bin/todo-fcgi"
! cat "$pkg/lib/systemd/system/todo-fcgi.service" "$pkg/etc/nginx/sites-available/todo-fcgi" | grep -v '^ *#' |
    grep -q '/srv/todo-fcgi' || die "a /srv/todo-fcgi path is left (outside comments) in the packaged site or service"
sed -e 's|/srv/todo-fcgi/todo-fcgi.log|/var/log/todo-fcgi/todo-fcgi.log|g' \
    -e 's|/srv/todo-fcgi/run/todo-fcgi.pid|/run/todo-fcgi/todo-fcgi.pid|g' \
    "$b/deploy/logrotate.conf" | grep -v '^#' >"$pkg/etc/logrotate.d/todo-fcgi"
gzip -9n <"$b/man/todo-fcgi.1" >"$pkg/usr/share/man/man1/todo-fcgi.1.gz"
sed '1{/^#!/d}' "$b/completions/todo-fcgi.bash" >"$pkg/usr/share/bash-completion/completions/todo-fcgi" # sourced
install -m 0644 "$b/completions/_todo-fcgi" "$pkg/usr/share/zsh/vendor-completions/_todo-fcgi"
install -m 0644 "$b/completions/todo-fcgi.fish" "$pkg/usr/share/fish/vendor_completions.d/todo-fcgi.fish"
install -m 0644 deploy/debian/copyright "$pkg/usr/share/doc/todo-fcgi/copyright"
commit="$(sed -n 's/.*(commit \([^)]*\)).*/\1/p' "$b/BUILD-INFO" | head -1)"
{
    echo "todo-fcgi ($version) unstable; urgency=medium"
    echo
    echo "  * Release $version (commit $commit)."
    echo
    echo " -- todo-fcgi maintainers <todo-fcgi@example.org>  $(date -u -R)"
} | gzip -9n >"$pkg/usr/share/doc/todo-fcgi/changelog.gz" # a native package: changelog.gz

# ---- 3. control ---------------------------------------------------------------------------------------------------
libs="$(sed -n 's/^packages: *\([^(]*\).*/\1/p' "$b/BUILD-INFO" | xargs)"
[[ -n "$libs" ]] || die "BUILD-INFO names no runtime packages"
# libc6 etc. are left out of BUILD-INFO's list (every Debian has them), but a package names them all.
base="libc6 (>= 2.35)"
needs="$(sed -n 's/^needs: *//p' "$b/BUILD-INFO")"
[[ "$needs" != *libstdc++* ]] || base+=", libstdc++6"
[[ "$needs" != *libgcc_s* ]] || base+=", libgcc-s1"
depends="$base, $(sed 's/ /, /g' <<<"$libs"), nginx | nginx-light | nginx-full | nginx-extras | nginx-core, passwd"
size_kb="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
cat >"$pkg/DEBIAN/control" <<EOF
Package: todo-fcgi
Version: $version
Architecture: $deb_arch
Maintainer: todo-fcgi maintainers <todo-fcgi@example.org>
Installed-Size: $size_kb
Depends: $depends
Section: web
Priority: optional
Description: multi-user task API, a FastCGI responder behind nginx
 todo-fcgi serves a task API (accounts compatible with Better Auth, JWT
 access tokens) over FastCGI to nginx, which serves the web app. Data is
 kept in SQLite in /var/lib/todo-fcgi (or PostgreSQL with DATABASE_URL).
 .
 The package installs the systemd socket and service units, the nginx
 site (in sites-available, not enabled) and a configuration
 /etc/todo-fcgi.env with a generated secret.
EOF
find "$pkg/etc" -type f | sed "s|^$pkg||" | sort >"$pkg/DEBIAN/conffiles"
install -m 0755 deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm "$pkg/DEBIAN/"
find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -type f ! -path "$pkg/DEBIAN/p*" ! -path "$pkg/usr/bin/*" -exec chmod 0644 {} +
(cd "$pkg" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) >"$pkg/DEBIAN/md5sums"

# ---- 4. build and check ---------------------------------------------------------------------------------------------
mkdir -p dist
out="dist/todo-fcgi_${version}_${deb_arch}.deb"
dpkg-deb --build --root-owner-group -Zxz "$pkg" "$out" >&2
dpkg-deb -I "$out" >&2
dpkg-deb -c "$out" | grep -E ' \./(usr/bin|etc|lib/systemd|usr/share/man)/' >&2
if command -v lintian >/dev/null 2>&1; then
    log "lintian:"
    lintian_out="$(lintian --tag-display-limit 0 "$out" 2>&1 || true)"
    [[ -z "$lintian_out" ]] && log "  no tags" || sed 's/^/  /' <<<"$lintian_out" >&2
else
    log "lintian is not installed (scripts/deps.sh deb): not checked"
fi
rm -rf "$work"
log "$out: $(stat -c %s "$out") bytes"
echo "$out"
