"""Integration harness: a real nginx in front of a real todo-fcgi responder on a real SQLite file.

Environment:
  TODO_FCGI_BIN  path of the responder binary (default $REPO_ROOT/.build/debug/todo-fcgi)
  REPO_ROOT      the repository (default: the parent of this directory)

  TODO_TEST_DATABASE_URL  PostgreSQL mode: a URL of a PostgreSQL server's maintenance database (scripts/test.sh
                 starts one with scripts/postgres.sh); each Server then gets a fresh database of its own on it
                 (CREATE DATABASE todo_<random>) and DATABASE_URL instead of DATABASE_PATH

Nothing here is mocked: every request goes over TCP to nginx, which passes it over FastCGI (unix socket)
to the responder, which answers from a SQLite database in a fresh temporary directory (or a fresh PostgreSQL
database). Tokens are minted with PyJWT (or, for deliberately malformed tokens, with Python's hmac), never with
the project's code. Tests that look into the database use `Server.sql`, which speaks to either backend; tests
about SQLite itself are marked `sqlite_only` (scripts/test.sh leaves them out of the PostgreSQL run).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import jwt
import pytest

import logfmt

REPO_ROOT = Path(os.environ.get("REPO_ROOT") or Path(__file__).resolve().parent.parent).resolve()
TODO_FCGI_BIN = Path(os.environ.get("TODO_FCGI_BIN") or REPO_ROOT / ".build" / "debug" / "todo-fcgi")
NGINX_CONF_SH = REPO_ROOT / "scripts" / "nginx-conf.sh"
WEB_ROOT = REPO_ROOT / "nginx" / "html"
NGINX_BIN = os.environ.get("NGINX_BIN", "nginx")

STARTUP_TIMEOUT = 20.0
SHUTDOWN_TIMEOUT = 5.0  # part of the contract: SIGTERM -> exit 0 within 5 s

# Configuration variables of the responder that must never leak in from the caller's environment.
CONFIG_VARS = (
    "BETTER_AUTH_SECRET", "DATABASE_PATH", "HOST", "PORT", "FCGI_SOCKET", "JWT_ISSUER", "JWT_AUDIENCE",
    "JWKS_FILE", "JWKS_URL", "JWT_LEEWAY_SECONDS", "ACCESS_TOKEN_TTL_SECONDS", "REFRESH_TOKEN_TTL_SECONDS",
    "SIGNING_KEY_FILE", "AUTH_RATE_PER_MINUTE", "NGINX_PREFIX", "WEB_ROOT", "DATABASE_URL", "PG_POOL_SIZE",
    "CORS_ALLOWED_ORIGINS",
)

# PostgreSQL mode (see the module's docstring): the server's maintenance database, or None for SQLite.
PG_SERVER_URL = os.environ.get("TODO_TEST_DATABASE_URL") or None

TIMESTAMP_RE = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"

MISSING = object()


# ---------------------------------------------------------------------------------------------- tokens

def b64url(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def needs_tool(path: str | None, name: str):
    """Decorates a test that needs NAME (found at PATH, or None): a test dependency that scripts/deps.sh
    installs, so without it the test fails with a clear message; it is never skipped."""
    def decorate(test):
        @functools.wraps(test)
        def run(*args, **kwargs):
            assert path is not None, f"{name} is not on PATH: run the tests through `make test`"
            return test(*args, **kwargs)
        return run
    return decorate


def make_token(secret: str | bytes | None, sub=MISSING, *, alg: str = "HS256", exp=MISSING, key=None,
               headers: dict | None = None, **claims) -> str:
    """A JWT minted by PyJWT. exp defaults to now+900; pass exp=None to leave it out; sub=MISSING/None
    leaves sub out. `key` overrides the secret (for wrong-secret and asymmetric tokens)."""
    payload: dict = {}
    if sub is not MISSING and sub is not None:
        payload["sub"] = sub
    if exp is MISSING:
        payload["exp"] = int(time.time()) + 900
    elif exp is not None:
        payload["exp"] = exp
    payload.update(claims)
    signing_key = key if key is not None else secret
    if alg == "none":
        signing_key = None
    # PyJWT's JWS layer, so that deliberately odd claims (an array iss, a numeric sub) can be signed too.
    body = json.dumps(payload, separators=(",", ":")).encode()
    return jwt.PyJWS().encode(body, signing_key, algorithm=alg, headers=headers)


def raw_hs256(secret: str, header_segment: str, payload_segment: str, digest=hashlib.sha256) -> str:
    """Sign arbitrary (possibly non-JSON) segments with HMAC (SHA-256 unless told), for malformed-token
    tests where the header must say something other than what PyJWT would write."""
    signing_input = f"{header_segment}.{payload_segment}".encode()
    sig = hmac.new(secret.encode(), signing_input, digest).digest()
    return f"{header_segment}.{payload_segment}.{b64url(sig)}"


def raw_segments(header: dict, payload: dict) -> tuple[str, str]:
    return b64url(json.dumps(header, separators=(",", ":"))), b64url(json.dumps(payload, separators=(",", ":")))


def new_user(prefix: str = "u") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# ---------------------------------------------------------------------------------------------- databases

def pg_connect(url: str, **kw):
    import psycopg  # only needed in PostgreSQL mode
    return psycopg.connect(url, autocommit=True, connect_timeout=10, **kw)


def create_pg_database(server_url: str | None = None) -> str:
    """A fresh, empty database on the PostgreSQL server of `server_url` (default TODO_TEST_DATABASE_URL);
    returns its URL."""
    server_url = server_url or PG_SERVER_URL
    assert server_url, "TODO_TEST_DATABASE_URL is not set"
    name = f"todo_{secrets.token_hex(6)}"
    with pg_connect(server_url) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def run_sql(database: str | Path, query: str, params=()) -> list[tuple]:
    """Rows of `query` (with `?` placeholders) on a PostgreSQL URL or a SQLite file (opened read-only unless the
    query changes something); plain Python values either way (bytea and BLOB as bytes, booleans compare equal to
    SQLite's 0 and 1)."""
    if isinstance(database, str) and database.startswith(("postgres://", "postgresql://")):
        with pg_connect(database) as con:
            cur = con.execute(re.sub(r"\?", "%s", query.replace("%", "%%")), tuple(params))
            return [tuple(row) for row in cur.fetchall()] if cur.description else []
    writes = not query.lstrip().upper().startswith(("SELECT", "PRAGMA", "WITH"))
    uri = f"file:{database}" if writes else f"file:{database}?mode=ro"
    con = sqlite3.connect(uri, uri=True, timeout=10)
    try:
        rows = con.execute(query, tuple(params)).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- server

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 4000) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return "<none>"
    return data[-n:].decode("utf-8", "replace")


class Server:
    """One responder + one nginx in a temporary directory."""

    def __init__(self, tmpdir: Path, extra_env: dict | None = None, secret: str | None = None,
                 db_path: Path | None = None, threads: int = 8, database_url: str | None = None,
                 nginx_settings: dict | None = None, serve_args: list[str] | None = None):
        self.tmpdir = tmpdir
        self.serve_args = list(serve_args or [])  # more options for `todo-fcgi serve` (--log-file, ...)
        # extra settings for scripts/nginx-conf.sh (CORS_ALLOWED_ORIGINS, AUTH_RATE_PER_MINUTE, ...)
        self.nginx_settings = dict(nginx_settings or {})
        self.secret = secret or secrets.token_hex(32)  # 64 bytes of key material
        self.db_path = Path(db_path) if db_path else tmpdir / "todo.db"
        # PostgreSQL mode: a database of its own (or the one given, to share it between servers), unless the test
        # asked for a particular SQLite file.
        if database_url is None and PG_SERVER_URL and db_path is None:
            database_url = create_pg_database()
        self.database_url = database_url
        self.sock_path = tmpdir / "todo.sock"
        self.stderr_path = tmpdir / "responder.stderr.log"
        self.stdout_path = tmpdir / "responder.stdout.log"
        self.nginx_prefix = tmpdir / "nginx"
        self.nginx_stderr_path = self.nginx_prefix / "nginx.stderr.log"
        self.extra_env = dict(extra_env or {})
        self.threads = threads
        self.proc: subprocess.Popen | None = None
        self.nginx: subprocess.Popen | None = None
        self.port: int | None = None
        self.base_url: str | None = None
        self.client: httpx.Client | None = None
        self.responder_rc: int | None = None

    # -- lifecycle --------------------------------------------------------------------------------

    def responder_env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS and not k.startswith("JWT_")}
        env.update({
            "BETTER_AUTH_SECRET": self.secret,
            "DATABASE_PATH": str(self.db_path),
            "FCGI_SOCKET": f"unix:{self.sock_path}",
        })
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        return env

    def start(self) -> "Server":
        if not TODO_FCGI_BIN.exists():
            pytest.fail(f"responder binary not found: {TODO_FCGI_BIN} (set TODO_FCGI_BIN or build it)")
        if not NGINX_CONF_SH.exists():
            pytest.fail(f"nginx config script not found: {NGINX_CONF_SH}")
        self.start_responder()
        self.start_nginx()
        self.client = httpx.Client(base_url=self.base_url, timeout=30.0)
        return self

    def start_responder(self) -> None:
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        if self.sock_path.exists():
            self.sock_path.unlink()
        self.responder_rc = None
        with open(self.stderr_path, "ab") as err, open(self.stdout_path, "ab") as out:
            self.proc = subprocess.Popen(
                [str(TODO_FCGI_BIN), "serve", "--threads", str(self.threads), *self.serve_args],
                cwd=self.tmpdir, env=self.responder_env(), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            )
        self.wait_until_ready(self.sock_path.exists, "responder", "creating its socket", f"create {self.sock_path}")

    def wait_until_ready(self, ready, who: str, before: str, within: str) -> None:
        """Poll `ready()` for up to STARTUP_TIMEOUT; the test fails, with the responder's stderr, when the responder
        exits first ("WHO exited with RC before BEFORE") or the time runs out ("WHO did not WITHIN in time")."""
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not ready():
            rc = self.proc.poll()
            if rc is not None:
                pytest.fail(f"{who} exited with {rc} before {before}; stderr:\n{_tail(self.stderr_path)}")
            if time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                pytest.fail(f"{who} did not {within} within {STARTUP_TIMEOUT}s; stderr:\n{_tail(self.stderr_path)}")
            time.sleep(0.02)

    def nginx_env(self, port: int) -> dict:
        """The hook for what scripts/nginx-conf.sh is given (on top of the caller's environment less CONFIG_VARS):
        a subclass overrides it to change the upstream, the rate limit, ..."""
        return {
            "NGINX_PREFIX": str(self.nginx_prefix),
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "FCGI_SOCKET": f"unix:{self.sock_path}",
            "WEB_ROOT": str(WEB_ROOT),
            "AUTH_RATE_PER_MINUTE": "100000",
            **self.nginx_settings,
        }

    def render_nginx_conf(self, port: int) -> str:
        """scripts/nginx-conf.sh with `nginx_env(port)`: the config it printed."""
        settings = self.nginx_env(port)
        env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
        env.update(settings)
        res = subprocess.run(["bash", str(NGINX_CONF_SH)], cwd=self.tmpdir, env=env, capture_output=True,
                             text=True, timeout=30)
        if res.returncode != 0 or "server" not in res.stdout:
            pytest.fail(f"scripts/nginx-conf.sh failed ({res.returncode}) for FCGI_SOCKET={settings['FCGI_SOCKET']}: "
                        f"{res.stderr}\n{res.stdout[:2000]}")
        return res.stdout

    def start_nginx(self) -> None:
        for sub in ("logs", "temp", "tmp"):
            (self.nginx_prefix / sub).mkdir(parents=True, exist_ok=True)
        last_err = ""
        for _attempt in range(8):
            port = _free_port()
            conf = self.render_nginx_conf(port)
            conf_path = self.nginx_prefix / "nginx.conf"
            conf_path.write_text(conf)
            with open(self.nginx_stderr_path, "ab") as err:
                self.nginx = subprocess.Popen(
                    [NGINX_BIN, "-p", f"{self.nginx_prefix}/", "-c", str(conf_path), "-e", "stderr"],
                    cwd=self.nginx_prefix, stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                )
            self.port = port
            self.base_url = f"http://127.0.0.1:{port}"
            status = self._wait_healthy()
            if status == "ok":
                return
            last_err = _tail(self.nginx_stderr_path)
            if self.nginx.poll() is None:
                self.nginx.kill()
                self.nginx.wait()
            if status == "nginx-exited" and "in use" in last_err:
                continue  # port was taken between our probe and nginx's bind: try another one
            break
        pytest.fail(f"nginx/responder did not become healthy; nginx stderr:\n{last_err}\n"
                    f"responder stderr:\n{_tail(self.stderr_path)}")

    def _wait_healthy(self) -> str:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                return "nginx-exited"
            if self.proc.poll() is not None:
                return "responder-exited"
            try:
                r = httpx.get(f"{self.base_url}/api/health", timeout=2.0)
                if r.status_code == 200:
                    return "ok"
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        return "timeout"

    def stop_responder(self, timeout: float = SHUTDOWN_TIMEOUT) -> int | None:
        """SIGTERM the responder and wait; returns its exit code, or None if it had to be killed."""
        if self.proc is None:
            return self.responder_rc
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.responder_rc = None
                self.proc = None
                return None
        self.responder_rc = self.proc.returncode
        self.proc = None
        return self.responder_rc

    def stop_nginx(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGTERM)
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        self.nginx = None

    def stop(self) -> int | None:
        if self.client is not None:
            self.client.close()
            self.client = None
        rc = self.stop_responder()
        self.stop_nginx()
        return rc

    # -- helpers ----------------------------------------------------------------------------------

    def token(self, sub=MISSING, **kw) -> str:
        return make_token(self.secret, sub, **kw)

    def auth(self, sub, **kw) -> dict:
        return {"Authorization": f"Bearer {self.token(sub, **kw)}"}

    def user(self, prefix: str = "u", user_id: str | None = None) -> "UserApi":
        return UserApi(self, user_id or new_user(prefix))

    def stderr_text(self) -> str:
        return self.stderr_path.read_bytes().decode("utf-8", "replace")

    def log_records(self) -> list[dict[str, str]]:
        """The responder's log lines as logfmt fields (logfmt.parse: a line not in that form fails the test)."""
        return logfmt.records(self.stderr_text())

    def log_messages(self) -> str:
        """The `msg` of every event line, decoded, one per line: what a test looks for in the log."""
        return "\n".join(r["msg"] for r in self.log_records() if "msg" in r)

    @property
    def backend(self) -> str:
        """"postgres" or "sqlite": where this server keeps its data."""
        return "postgres" if self.database_url else "sqlite"

    @property
    def database(self) -> str | Path:
        """What `run_sql` and the `todo-fcgi` commands need to reach this server's data: its DATABASE_URL or its
        SQLite file."""
        return self.database_url or self.db_path

    def sql(self, query: str, params=()) -> list[tuple]:
        """Rows of `query` (with `?` placeholders) on this server's database, whichever the backend."""
        return run_sql(self.database, query, params)

    def database_env(self) -> dict:
        """DATABASE_PATH, and DATABASE_URL in PostgreSQL mode: for running `todo-fcgi` commands on this data."""
        env = {"DATABASE_PATH": str(self.db_path)}
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env


class UserApi:
    """A user with a valid token, talking about its own tasks."""

    def __init__(self, srv: Server, user_id: str):
        self.srv = srv
        self.id = user_id
        self.token = srv.token(user_id)
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def path(self, suffix: str = "") -> str:
        return f"/api/{quote(self.id, safe='')}/tasks{suffix}"

    def request(self, method: str, suffix: str = "", **kw) -> httpx.Response:
        headers = dict(self.headers)
        headers.update(kw.pop("headers", None) or {})
        return self.srv.client.request(method, self.path(suffix), headers=headers, **kw)

    def create(self, title: str = "task", **fields) -> dict:
        r = self.request("POST", json={"title": title, **fields})
        assert r.status_code == 201, r.text
        return r.json()

    def get(self, task_id: int) -> httpx.Response:
        return self.request("GET", f"/{task_id}")

    def list(self, **params) -> list:
        r = self.request("GET", params=params)
        assert r.status_code == 200, r.text
        return r.json()


# ---------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def server_factory(tmp_path_factory):
    """start(extra_env=None, **kw) -> a started Server; all are stopped at the end of the session, and each
    responder still running then must exit 0 on SIGTERM within 5 s."""
    started: list[Server] = []

    def start(extra_env: dict | None = None, **kw) -> Server:
        tmpdir = kw.pop("tmpdir", None) or tmp_path_factory.mktemp("srv")
        srv = Server(Path(tmpdir), extra_env=extra_env, **kw)
        started.append(srv)
        return srv.start()

    yield start

    failures = []
    for srv in started:
        was_running = srv.proc is not None and srv.proc.poll() is None
        rc = srv.stop()
        if was_running and rc != 0:
            failures.append(f"responder in {srv.tmpdir} exited with {rc!r} on SIGTERM (expected 0 within "
                            f"{SHUTDOWN_TIMEOUT}s); stderr tail:\n{_tail(srv.stderr_path, 1500)}")
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="session")
def server(server_factory) -> Server:
    return server_factory()


@pytest.fixture(scope="session")
def client(server) -> httpx.Client:
    return server.client


@pytest.fixture
def api(server) -> UserApi:
    """A fresh user with a valid token."""
    return server.user()


@pytest.fixture
def make_user(server):
    return server.user


# ---------------------------------------------------------------------------------------------- assertions

def assert_detail(r: httpx.Response, status: int, detail=None) -> dict:
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text[:500]}"
    assert r.headers.get("content-type", "").startswith("application/json"), r.headers
    body = r.json()
    assert isinstance(body, dict) and "detail" in body, body
    if detail is not None:
        assert body["detail"] == detail, body
    return body


def assert_422(r: httpx.Response, loc=None, type_=None) -> list:
    """A FastAPI-shaped validation error; optionally one of its items has this loc/type."""
    body = assert_detail(r, 422)
    items = body["detail"]
    assert isinstance(items, list) and items, body
    for item in items:
        assert isinstance(item, dict), body
        assert isinstance(item.get("loc"), list) and item["loc"], body
        assert isinstance(item.get("msg"), str) and item["msg"], body
        assert isinstance(item.get("type"), str) and item["type"], body
    if loc is not None or type_ is not None:
        assert any((loc is None or item["loc"] == loc) and (type_ is None or item["type"] == type_)
                   for item in items), f"no item with loc={loc} type={type_}: {body}"
    return items


def assert_www_authenticate(r: httpx.Response, invalid_token: bool) -> None:
    assert r.status_code == 401, f"expected 401, got {r.status_code}: {r.text[:300]}"
    challenge = r.headers.get("www-authenticate")
    assert challenge is not None, r.headers
    assert challenge.lower().startswith("bearer"), challenge
    if invalid_token:
        assert 'error="invalid_token"' in challenge, challenge
    body = r.json()
    assert isinstance(body, dict) and isinstance(body.get("detail"), str), body


LEAK_MARKERS = ("SELECT", "INSERT INTO", "sqlite", "Traceback", "Fatal error", ".swift:", "Stack trace",
                "backtrace")


def assert_no_leak(r: httpx.Response, *secrets_: str) -> None:
    text = r.content.decode("utf-8", "replace")
    for marker in LEAK_MARKERS:
        assert marker.lower() not in text.lower(), f"response leaks {marker!r}: {text[:500]}"
    for s in secrets_:
        if s:
            assert s not in text, f"response leaks a secret/token: {text[:500]}"
    for name, value in r.headers.items():
        for s in secrets_:
            if s:
                assert s not in value, f"header {name} leaks a secret/token"


def json_body(obj) -> bytes:
    return json.dumps(obj).encode()
