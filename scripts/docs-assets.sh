#!/usr/bin/env bash
# Fetch the static files of Swagger UI and ReDoc for /api/docs and /api/redoc (nginx/snippets/todo-fcgi-api.conf)
# from PyPI's drf-spectacular-sidecar wheel, into nginx/html/api/docs/vendor/ (git-ignored, never committed).
#
# Usage: scripts/docs-assets.sh        (called by scripts/run.sh, scripts/test.sh and scripts/dist.sh)
#
# The wheel is pinned (version and sha256, pip --require-hashes) and downloaded with pip (`pip download --no-deps`);
# only the files the pages use are unpacked: swagger-ui-bundle.js, swagger-ui.css, favicon-32x32.png and
# redoc.standalone.js, with their licences. Idempotent: nothing is fetched when vendor/VERSION already names the
# pinned version and every file is there. pip is `python3 -m pip` when it works, else a throwaway virtualenv
# (scripts/deps.sh test makes `python3 -m venv` work).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source=scripts/lib.sh
. "$repo/scripts/lib.sh" # log, die
log_prefix=docs-assets

version="2026.10.1"
sha256="fe1d005d8ac9b5d0472f2fe5deeb2e7d6dcffaa24118044f22578b4b8c4b31f2"
dest="$repo/nginx/html/api/docs/vendor"
# wheel member (under drf_spectacular_sidecar/static/drf_spectacular_sidecar/) -> file in $dest
files=(
    "swagger-ui-dist/swagger-ui-bundle.js=swagger-ui-bundle.js"
    "swagger-ui-dist/swagger-ui.css=swagger-ui.css"
    "swagger-ui-dist/favicon-32x32.png=favicon-32x32.png"
    "swagger-ui-dist/LICENSE=LICENSE.swagger-ui"
    "redoc/bundles/redoc.standalone.js=redoc.standalone.js"
    "redoc/LICENSE=LICENSE.redoc"
)

complete() {
    local entry
    [[ "$(cat "$dest/VERSION" 2>/dev/null)" == "drf-spectacular-sidecar $version" ]] || return 1
    for entry in "${files[@]}"; do
        [[ -s "$dest/${entry#*=}" ]] || return 1
    done
}
if complete; then
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python=python3
if ! python3 -m pip --version >/dev/null 2>&1; then
    "$repo/scripts/deps.sh" test >&2
    python3 -m venv "$tmp/venv"
    python="$tmp/venv/bin/python"
fi

log "fetching drf-spectacular-sidecar $version with pip"
echo "drf-spectacular-sidecar==$version --hash=sha256:$sha256" >"$tmp/requirements.txt"
"$python" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes \
    -r "$tmp/requirements.txt" -d "$tmp/wheel" >&2 || die "pip could not download drf-spectacular-sidecar $version"
wheel=("$tmp"/wheel/drf_spectacular_sidecar-"$version"-*.whl)
[[ -f "${wheel[0]}" ]] || die "pip did not leave the wheel in $tmp/wheel"

# Unpacked beside $dest, then renamed into place: a concurrent run never sees half the files.
mkdir -p "$(dirname "$dest")"
staging="$(mktemp -d "$dest.tmp.XXXXXX")"
"$python" - "${wheel[0]}" "$staging" "${files[@]}" <<'PY' || die "could not unpack the wheel"
import sys, zipfile
wheel, out, *pairs = sys.argv[1:]
prefix = "drf_spectacular_sidecar/static/drf_spectacular_sidecar/"
with zipfile.ZipFile(wheel) as z:
    for pair in pairs:
        member, name = pair.split("=", 1)
        with open(f"{out}/{name}", "wb") as f:
            f.write(z.read(prefix + member))
PY
echo "drf-spectacular-sidecar $version" >"$staging/VERSION"
chmod 0755 "$staging"
[[ ! -e "$dest" ]] || mv "$dest" "$dest.old.$$"
mv "$staging" "$dest" || { rm -rf "$staging"; complete || die "could not move the files into $dest"; }
rm -rf "$dest.old.$$"
log "Swagger UI and ReDoc files in ${dest#"$repo"/}"
