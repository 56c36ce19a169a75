"""`todo-fcgi doctor [--env-file FILE] [--site FILE] [--snippets DIR]`: the configuration a deployment will run
with, checked as `serve` would read it, one line per check: `ok|warn|skip|PROBLEM  <check>  <explanation> Fix: ...`,
then a summary. Exit 0 when no line is a PROBLEM (warnings allowed), 1 otherwise.

The binary runs in an empty working directory with the configuration in its environment (and, where a test says
so, in a .env there). One test per misconfiguration the doctor claims to detect, and clean configurations that
pass. Keys are made with Python `cryptography`, databases with Python's sqlite3 (or `todo-fcgi migrate`), the JWKS
URL is served by this process. No secret is ever printed: every run is checked for it."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from conftest import PG_SERVER_URL, REPO_ROOT, TODO_FCGI_BIN, b64url, needs_tool
from jwks_support import JwksServer, clean_env, generate_key, jwk_set, write_jwks

SECRET = "doctor-" + secrets.token_hex(24)
SITE = REPO_ROOT / "nginx" / "todo-fcgi.site.conf"
LINE_RE = re.compile(r"^(ok|warn|skip|PROBLEM)\s+(\S+)\s+(.*)$")
CHECKS = ("settings", "secret", "env-file", "database", "socket", "jwks-file", "jwks-url", "signing-key", "cors",
          "nginx")
NGINX = shutil.which("nginx")
needs_nginx = needs_tool(NGINX, "nginx")


class Result:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.checks: dict[str, tuple[str, str]] = {}
        for line in self.out.splitlines():
            m = LINE_RE.match(line)
            if m:
                assert m.group(2) not in self.checks, f"two lines for {m.group(2)}:\n{self!r}"
                self.checks[m.group(2)] = (m.group(1), m.group(3))

    def level(self, check: str) -> str:
        assert check in self.checks, f"no line for {check}:\n{self!r}"
        return self.checks[check][0]

    def text(self, check: str) -> str:
        return self.checks[check][1]

    def __repr__(self):
        return f"rc={self.rc}\nstdout:\n{self.out}\nstderr:\n{self.err}"


@pytest.fixture
def app(tmp_path) -> Path:
    """The working directory the doctor runs in (where a .env would be)."""
    d = tmp_path / "app"
    d.mkdir()
    return d


@pytest.fixture
def doctor(tmp_path, app):
    """doctor(*args, secret=SECRET, path=None, **env) -> Result. The database and the socket default to fresh
    places under tmp_path; the site file is the repository's unless --site is given."""
    if not TODO_FCGI_BIN.exists():
        pytest.fail(f"responder binary not found: {TODO_FCGI_BIN}")
    (tmp_path / "run").mkdir(mode=0o750)

    def run(*args, secret: str | None = SECRET, path: str | None = None, **env) -> Result:
        e = clean_env()
        e.pop("BETTER_AUTH_SECRET", None)
        e.pop("TODO_SKIP_DOTENV", None)  # `make test` sets it; these tests mean the doctor to read their ./.env
        e.update({"DATABASE_PATH": str(tmp_path / "data" / "todo.db"),
                  "FCGI_SOCKET": f"unix:{tmp_path / 'run' / 'todo.sock'}"})
        if secret is not None:
            e["BETTER_AUTH_SECRET"] = secret
        if path is not None:
            e["PATH"] = path
        e.update({k: str(v) for k, v in env.items()})
        argv = [str(TODO_FCGI_BIN), "doctor", *map(str, args)]
        if "--site" not in args and not (app / "nginx").exists():
            argv += ["--site", str(SITE)]
        proc = subprocess.run(argv, cwd=app, env=e, capture_output=True, text=True, timeout=60)
        res = Result(proc)
        for s in {SECRET, secret} - {None, ""}:
            assert s not in res.out and s not in res.err, f"a secret was printed:\n{res!r}"
        assert res.out.rstrip().splitlines()[-1].startswith(("no problems found", "1 problem", "2 problems")), res
        return res

    return run


def problem(res: Result, check: str, *phrases: str):
    """Exit 1, the check's line is a PROBLEM naming every phrase and giving a fix, and no other check failed."""
    assert res.rc == 1, res
    assert res.level(check) == "PROBLEM", res
    for phrase in phrases:
        assert phrase in res.text(check), f"{phrase!r} not in the {check} line:\n{res!r}"
    others = [name for name, (level, _) in res.checks.items() if level == "PROBLEM" and name != check]
    assert not others, f"other checks failed too: {others}\n{res!r}"


def ed25519_private_jwk(kid: str = "doctor-key") -> dict:
    key = ed25519.Ed25519PrivateKey.generate()
    d = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    x = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(x), "d": b64url(d), "kid": kid}


def write_private(path: Path, document: dict, mode: int = 0o600) -> Path:
    path.write_text(json.dumps(document))
    path.chmod(mode)
    return path


def sqlite_file(path: Path, user_version: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE IF NOT EXISTS something (x)")
        con.execute(f"PRAGMA user_version = {user_version}")
    con.close()
    return path


# ---------------------------------------------------------------------------------------------- clean

def test_fresh_configuration_passes(doctor):
    """Only the secret set: the database and the socket will be created, the optional keys are skipped."""
    res = doctor()
    assert res.rc == 0, res
    assert set(res.checks) == set(CHECKS), res
    assert res.level("database") == "ok" and "does not exist yet" in res.text("database"), res
    assert res.level("socket") == "ok" and "will be created" in res.text("socket"), res
    for check in ("env-file", "jwks-file", "jwks-url", "signing-key"):
        assert res.level(check) == "skip", res
    assert res.level("nginx") == ("ok" if NGINX else "skip"), res
    assert "no problems found" in res.out, res


def test_full_configuration_passes(doctor, tmp_path, app):
    """Every optional setting in use and valid: a migrated database, a .env holding the secret (mode 0600), a JWKS
    file and URL with the audience they must name, an Ed25519 signing key (mode 0600), the site file checked by nginx
    -t."""
    db = tmp_path / "data" / "todo.db"
    env = {"DATABASE_PATH": str(db)}
    migrated = subprocess.run([str(TODO_FCGI_BIN), "migrate"], cwd=app, capture_output=True, text=True,
                              env={**clean_env(), **env}, timeout=60)
    assert migrated.returncode == 0, migrated.stderr
    (app / ".env").write_text(f"BETTER_AUTH_SECRET={SECRET}\n")
    (app / ".env").chmod(0o600)
    jwks = write_jwks(tmp_path / "jwks.json", jwk_set(generate_key("EdDSA"), generate_key("ES256")))
    signing = write_private(tmp_path / "signing.jwk", ed25519_private_jwk())
    server = JwksServer(jwk_set(generate_key("RS256")))
    try:
        res = doctor(secret=None, JWKS_FILE=jwks, JWKS_URL=server.url, SIGNING_KEY_FILE=signing,
                     JWT_AUDIENCE="https://app.example.com", **env)
    finally:
        server.stop()
    assert res.rc == 0, res
    expected = {check: "ok" for check in CHECKS}
    if NGINX is None:
        expected["nginx"] = "skip"
    assert {name: level for name, (level, _) in res.checks.items()} == expected, res
    assert "current schema version" in res.text("database"), res
    assert "2 usable keys (ES256, EdDSA)" in res.text("jwks-file"), res
    assert "1 usable key (RS256)" in res.text("jwks-url"), res
    assert "kid doctor-key" in res.text("signing-key"), res
    assert "from the settings file" in res.text("secret"), res


# ---------------------------------------------------------------------------------------------- settings and secret

def test_malformed_setting(doctor):
    problem(doctor(PORT="eighty"), "settings", "PORT must be a whole number")


def test_env_file_that_does_not_exist(doctor, tmp_path):
    problem(doctor("--env-file", tmp_path / "missing.env"), "settings", "missing.env does not exist")


def test_secret_missing(doctor):
    problem(doctor(secret=None), "secret", "BETTER_AUTH_SECRET is not set")


def test_secret_too_short(doctor):
    problem(doctor(secret="short-secret"), "secret", "BETTER_AUTH_SECRET is too short (12 bytes)", "at least 32")


def test_secret_one_character_repeated(doctor):
    problem(doctor(secret="x" * 40), "secret", "one character repeated", "openssl rand -hex 32")


@pytest.mark.parametrize("weak, phrase", [
    ("password" * 5, "only 7 distinct characters"),
    ("deadbeef" * 8, "only 5 distinct hex digits"),
])
def test_secret_with_few_distinct_bytes_is_a_warning(doctor, weak, phrase):
    """Long enough but a pattern ("passwordpassword...", fewer than 16 distinct bytes, or fewer than 8 distinct
    digits for a hex secret): a warning, which alone does not fail the doctor."""
    res = doctor(secret=weak)
    assert res.rc == 0, res
    assert res.level("secret") == "warn", res
    assert phrase in res.text("secret") and "Fix:" in res.text("secret"), res
    assert "1 warning" in res.out, res


def test_random_hex_secret_missing_some_digits_is_fine(doctor):
    """A quarter of `openssl rand -hex 32` outputs lack some hex digit; such a secret is not called weak."""
    alphabet = "0123456789abc"  # 13 of the 16 digits
    res = doctor(secret="".join(secrets.choice(alphabet) for _ in range(64)))
    assert res.rc == 0 and res.level("secret") == "ok", res


def test_env_file_holding_the_secret_readable_by_everyone(doctor, app):
    (app / ".env").write_text(f"BETTER_AUTH_SECRET={SECRET}\n")
    (app / ".env").chmod(0o644)
    problem(doctor(secret=None), "env-file", "holds BETTER_AUTH_SECRET", "mode 0644", "chmod 600")


def test_env_file_option_reads_that_file(doctor, tmp_path):
    """--env-file replaces ./.env (systemd's EnvironmentFile, root-owned and group-readable)."""
    env_file = tmp_path / "todo-fcgi.env"
    env_file.write_text(f"BETTER_AUTH_SECRET={SECRET}\n")
    env_file.chmod(0o640)
    res = doctor("--env-file", env_file, secret=None)
    assert res.rc == 0, res
    assert res.level("secret") == "ok" and res.level("env-file") == "ok", res
    assert "mode 0640" in res.text("env-file"), res


# ---------------------------------------------------------------------------------------------- database

def test_database_directory_cannot_be_created(doctor, tmp_path):
    (tmp_path / "a-file").write_text("not a directory")
    problem(doctor(DATABASE_PATH=tmp_path / "a-file" / "data" / "todo.db"), "database",
            "cannot be created", "a-file is not a directory")


def test_database_directory_not_writable(doctor, tmp_path):
    if os.geteuid() == 0:
        # Root may write in any mode-0555 directory; /proc/1 refuses even root (CI runs as root).
        locked = Path("/proc/1")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
    problem(doctor(DATABASE_PATH=locked / "todo.db"), "database", "cannot create files in")


def test_database_file_that_is_not_sqlite(doctor, tmp_path):
    db = tmp_path / "data" / "todo.db"
    db.parent.mkdir()
    db.write_bytes(b"this is not a database, just some text that is long enough to look like a header\n" * 20)
    problem(doctor(DATABASE_PATH=db), "database", "is not a SQLite database")


def test_database_from_a_newer_version(doctor, tmp_path):
    db = sqlite_file(tmp_path / "data" / "todo.db", 999)
    problem(doctor(DATABASE_PATH=db), "database", "version 999", "knows only up to version")


def test_postgres_database_unreachable(doctor):
    """DATABASE_URL selects PostgreSQL: the doctor connects (and never prints the URL's password)."""
    password = "pw-" + secrets.token_hex(8)
    res = doctor(DATABASE_URL=f"postgres://todo:{password}@127.0.0.1:1/todo?connect_timeout=3")
    assert password not in res.out and password not in res.err, res
    problem(res, "database", "DATABASE_URL postgres://todo:***@127.0.0.1:1/todo", "Fix:")


@pytest.mark.postgres_only
def test_postgres_database_reachable(doctor):
    res = doctor(DATABASE_URL=PG_SERVER_URL)
    assert res.rc == 0 and res.level("database") == "ok", res
    assert "PostgreSQL answers" in res.text("database"), res


def test_older_schema_is_fine_and_announced(doctor, tmp_path):
    db = sqlite_file(tmp_path / "data" / "todo.db", 0)
    res = doctor(DATABASE_PATH=db)
    assert res.rc == 0, res
    assert "serve migrates it to" in res.text("database"), res


# ---------------------------------------------------------------------------------------------- socket

@pytest.mark.parametrize("value, phrase", [
    ("bogus:/tmp/x.sock", "FCGI_SOCKET must start with unix: or tcp:"),
    ("tcp:127.0.0.1:0", "a port from 1 to 65535"),
    ("unix:", "needs a path"),
])
def test_socket_not_parseable(doctor, value, phrase):
    problem(doctor(FCGI_SOCKET=value), "socket", phrase)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.7", "[::]"])
def test_socket_not_on_loopback(doctor, host):
    problem(doctor(FCGI_SOCKET=f"tcp:{host}:9000"), "socket", "is not a loopback address")


def test_socket_on_loopback_tcp_passes(doctor):
    res = doctor(FCGI_SOCKET="tcp:127.0.0.1:9000")
    assert res.rc == 0 and res.level("socket") == "ok", res


def test_socket_directory_writable_by_everyone(doctor, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    problem(doctor(FCGI_SOCKET=f"unix:{shared}/todo.sock"), "socket", "writable by every user", "mode 1777")


def test_socket_directory_cannot_be_created(doctor, tmp_path):
    (tmp_path / "a-file").write_text("not a directory")
    problem(doctor(FCGI_SOCKET=f"unix:{tmp_path}/a-file/run/todo.sock"), "socket",
            "cannot be created", "a-file is not a directory")


def test_socket_path_taken_by_a_regular_file(doctor, tmp_path):
    (tmp_path / "run" / "todo.sock").write_text("")
    problem(doctor(), "socket", "exists and is not a socket")


# ---------------------------------------------------------------------------------------------- keys

def test_jwks_file_unreadable(doctor, tmp_path):
    problem(doctor(JWKS_FILE=tmp_path / "nowhere.json"), "jwks-file", "cannot read JWKS_FILE")


@pytest.mark.parametrize("document, reason", [
    ("not json at all", "not JSON"),
    ({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": b64url(b"\x01" * 16)}]}, "invalid key"),
    ({"keys": [{"kty": "oct", "k": b64url(b"0" * 32)}]}, "symmetric keys are not accepted"),
])
def test_jwks_file_not_a_usable_set(doctor, tmp_path, document, reason):
    path = write_jwks(tmp_path / "jwks.json", document)
    problem(doctor(JWKS_FILE=path), "jwks-file", "is not a usable JWK Set", reason)


def test_jwks_file_without_a_signing_key(doctor, tmp_path):
    path = write_jwks(tmp_path / "jwks.json", jwk_set(generate_key("EdDSA", use="enc")))
    problem(doctor(JWKS_FILE=path), "jwks-file", "holds no usable key")


def test_jwks_url_unreachable(doctor):
    server = JwksServer(jwk_set(generate_key("EdDSA")))
    url = server.url
    server.stop()
    problem(doctor(JWKS_URL=url), "jwks-url", "cannot fetch JWKS_URL", "refused")


@pytest.mark.parametrize("status, body, phrase", [
    (404, "not found", "answered HTTP 404"),
    (200, "<html>a login page</html>", "is not a usable JWK Set"),
    (200, '{"keys": []}', "holds no usable key"),
])
def test_jwks_url_answers_no_key_set(doctor, status, body, phrase):
    server = JwksServer()
    server.set_response(status, body)
    try:
        problem(doctor(JWKS_URL=server.url), "jwks-url", phrase)
    finally:
        server.stop()


@pytest.mark.parametrize("document, phrase", [
    ("{", "cannot read SIGNING_KEY_FILE"),
    ({k: v for k, v in ed25519_private_jwk().items() if k != "d"}, "is not an Ed25519 private JWK"),
])
def test_signing_key_unusable(doctor, tmp_path, document, phrase):
    path = tmp_path / "signing.jwk"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    path.chmod(0o600)
    problem(doctor(SIGNING_KEY_FILE=path), "signing-key", phrase)


def test_signing_key_missing(doctor, tmp_path):
    problem(doctor(SIGNING_KEY_FILE=tmp_path / "nowhere.jwk"), "signing-key", "cannot read SIGNING_KEY_FILE")


def test_signing_key_readable_by_everyone(doctor, tmp_path):
    path = write_private(tmp_path / "signing.jwk", ed25519_private_jwk(), mode=0o644)
    problem(doctor(SIGNING_KEY_FILE=path), "signing-key", "every user on this host can read", "chmod 600")


# ---------------------------------------------------------------------------------------------- nginx

@needs_nginx
def test_site_file_nginx_refuses(doctor, app):
    """A copy of nginx/ in the working directory (as in the bundle) is found without --site; a broken directive
    in the site file is reported with nginx's own words and the file and line."""
    shutil.copytree(REPO_ROOT / "nginx", app / "nginx", ignore=shutil.ignore_patterns("html"))
    site = app / "nginx" / "todo-fcgi.site.conf"
    site.write_text(site.read_text().replace("server_tokens off;", "server_tokens off;\n    frobnicate on;", 1))
    res = doctor()
    problem(res, "nginx", "nginx -t refuses", 'unknown directive "frobnicate"', "nginx/todo-fcgi.site.conf:")


@needs_nginx
def test_snippet_nginx_refuses(doctor, tmp_path):
    """--snippets names the directory the site's /etc/nginx/snippets/ includes are taken from."""
    snippets = tmp_path / "snippets"
    shutil.copytree(REPO_ROOT / "nginx" / "snippets", snippets)
    api = snippets / "todo-fcgi-api.conf"
    api.write_text(api.read_text().replace("fastcgi_keep_conn on;", "fastcgi_keep_conn sometimes;", 1))
    res = doctor("--site", SITE, "--snippets", snippets)
    problem(res, "nginx", "nginx -t refuses", "fastcgi_keep_conn", str(snippets))


@needs_nginx
def test_site_log_files_are_not_opened(doctor, app, tmp_path):
    """nginx -t opens the log files a site names, and the installed ones (/var/log/nginx) are not writable by the
    service user the doctor runs as: the doctor's check moves them into its own directory. Here they are in a
    directory that does not exist, which nginx -t refuses even as root, so the check fails if they are opened."""
    shutil.copytree(REPO_ROOT / "nginx", app / "nginx", ignore=shutil.ignore_patterns("html"))
    site = app / "nginx" / "todo-fcgi.site.conf"
    missing = tmp_path / "no-such-directory"
    text = site.read_text()
    assert "access_log /var/log/nginx/todo-fcgi.access.log todo_fcgi;" in text
    text = text.replace("/var/log/nginx/todo-fcgi.access.log", f"{missing}/access.log", 1)
    text = text.replace("server_tokens off;", f'server_tokens off;\n    error_log "{missing}/error.log" warn;', 1)
    site.write_text(text)
    res = doctor()
    assert res.level("nginx") == "ok" and "nginx -t accepts" in res.text("nginx"), res
    assert not missing.exists(), "the doctor created the site's log directory"


def test_site_cors_map_must_match_cors_allowed_origins(doctor, app):
    """The site's map $http_origin $todo_cors allows exactly CORS_ALLOWED_ORIGINS, default "deny" when any."""
    res = doctor(CORS_ALLOWED_ORIGINS="https://app.example.com")
    problem(res, "cors", "not allowed there: https://app.example.com", 'expected "deny"')
    shutil.copytree(REPO_ROOT / "nginx", app / "nginx", ignore=shutil.ignore_patterns("html"))
    site = app / "nginx" / "todo-fcgi.site.conf"
    site.write_text(site.read_text().replace(
        'map $http_origin $todo_cors {\n    default "";\n}',
        'map $http_origin $todo_cors {\n    default "deny";\n    "~^https://app\\.example\\.com$" "allow";\n}', 1))
    res = doctor(CORS_ALLOWED_ORIGINS="https://app.example.com")
    assert res.rc == 0 and res.level("cors") == "ok", res
    res = doctor(CORS_ALLOWED_ORIGINS="https://app.example.com,http://localhost:5173")
    problem(res, "cors", "not allowed there: http://localhost:5173")
    res = doctor()
    problem(res, "cors", "allowed there only: https://app.example.com")


def test_a_bad_cors_origin_is_a_settings_problem(doctor):
    res = doctor(CORS_ALLOWED_ORIGINS="https://app.example.com/")
    assert res.rc == 1 and "CORS_ALLOWED_ORIGINS" in res.out, res


def test_without_nginx_on_path_the_site_is_skipped(doctor, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    res = doctor(path=str(empty))
    assert res.rc == 0, res
    assert res.level("nginx") == "skip" and "not on PATH" in res.text("nginx"), res
