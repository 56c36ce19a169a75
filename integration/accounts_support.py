"""Helpers for the account tests (sign-up, sign-in, refresh, sign-out, import, limits).

Everything independent of the project's code: passwords are hashed here with Python's `hashlib.scrypt` using
Better Auth's parameters (N=16384, r=16, p=1, 64-byte key, NFKC password, the ASCII text of a 32-hex-character salt
as the scrypt salt); Better Auth databases are built here with its SQLite schema; the responder's database is read
with Python's sqlite3 (or psycopg in PostgreSQL mode, through conftest's run_sql); memory figures come from
/proc/PID/status.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
import string
import subprocess
import unicodedata
import uuid
from pathlib import Path

import httpx
import pytest

from conftest import CONFIG_VARS, TODO_FCGI_BIN, Server, run_sql

SIGN_UP = "/api/auth/sign-up/email"
SIGN_IN = "/api/auth/sign-in/email"
REFRESH = "/api/auth/refresh"
SIGN_OUT = "/api/auth/sign-out"
GET_SESSION = "/api/auth/get-session"
JWKS = "/api/auth/jwks"
DELETE_USER = "/api/auth/delete-user"

USER_KEYS = {"id", "name", "email", "emailVerified", "image", "createdAt", "updatedAt"}
USER_ID_RE = re.compile(r"^[A-Za-z0-9]{32}$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
STORED_HASH_RE = re.compile(r"^[0-9a-f]{32}:[0-9a-f]{128}$")
REFRESH_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")

# Better Auth's scrypt parameters.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 16384, 16, 1, 64
SCRYPT_MAXMEM = 64 * 1024 * 1024  # 128 * r * N = 32 MiB, plus OpenSSL's overhead

# A password that NFKC changes: full-width letters, a circled digit and the "fi" ligature.
NFKC_PASSWORD = "Ｐａｓｓ①ﬁ-word"
NFKC_PASSWORD_NORMALISED = "Pass1fi-word"

# Variables of the responder that must not leak in from the caller's environment (beyond conftest's list).
EXTRA_CONFIG_VARS = ("JWKS_ALLOW_SYMMETRIC", "JWKS_REFRESH_SECONDS", "MAX_BODY_BYTES")


# ---------------------------------------------------------------------------------------------- accounts

@pytest.fixture(scope="module")
def srv(server_factory):
    """A server of the test module's own, with the default settings: a module imports it (and `client`) to use it."""
    return server_factory()


@pytest.fixture(scope="module")
def client(srv):
    """`srv`'s HTTP client, through nginx."""
    return srv.client


def unique_email(prefix: str = "user", domain: str = "example.com") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@{domain}"


def new_password() -> str:
    return "pw-" + secrets.token_urlsafe(12)


def sign_up(client: httpx.Client, *, name: str = "Test User", email: str | None = None,
            password: str | None = None) -> httpx.Response:
    return client.post(SIGN_UP, json={"name": name,
                                      "email": unique_email() if email is None else email,
                                      "password": new_password() if password is None else password})


class Account:
    """A user signed up through the API, with its password and current tokens."""

    def __init__(self, client: httpx.Client, *, name: str = "Test User", email: str | None = None,
                 password: str | None = None):
        self.client = client
        self.name = name
        self.email = unique_email() if email is None else email
        self.password = new_password() if password is None else password
        r = client.post(SIGN_UP, json={"name": self.name, "email": self.email, "password": self.password})
        assert r.status_code == 200, f"sign-up failed: {r.status_code} {r.text[:300]}"
        body = r.json()
        self.user = body["user"]
        self.id = self.user["id"]
        self.token = body["token"]
        self.refresh_token = body["refresh_token"]

    @property
    def headers(self) -> dict:
        return bearer(self.token)

    def sign_in(self, password: str | None = None) -> httpx.Response:
        return self.client.post(SIGN_IN, json={"email": self.email,
                                                 "password": self.password if password is None else password})

    def tasks_path(self, suffix: str = "") -> str:
        return f"/api/{self.id}/tasks{suffix}"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_auth_error(r: httpx.Response, status: int, code: str) -> dict:
    """A Better Auth-shaped error: exactly {"code", "message"}; every 401 carries WWW-Authenticate: Bearer."""
    assert r.status_code == status, f"expected {status} {code}, got {r.status_code}: {r.text[:500]}"
    assert r.headers.get("content-type", "").startswith("application/json"), r.headers
    body = r.json()
    assert isinstance(body, dict) and set(body) == {"code", "message"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"], body
    if status == 401:
        challenge = r.headers.get("www-authenticate")
        assert challenge is not None, f"401 without WWW-Authenticate: {dict(r.headers)}"
        assert challenge.lower().startswith("bearer"), challenge
    return body


def assert_user(user: dict, *, email: str | None = None, name: str | None = None) -> None:
    assert isinstance(user, dict) and set(user) == USER_KEYS, user
    assert isinstance(user["id"], str) and USER_ID_RE.match(user["id"]), user
    assert isinstance(user["emailVerified"], bool), user
    assert user["image"] is None or isinstance(user["image"], str), user
    assert TIMESTAMP_RE.match(user["createdAt"]) and TIMESTAMP_RE.match(user["updatedAt"]), user
    if email is not None:
        assert user["email"] == email, user
    if name is not None:
        assert user["name"] == name, user


def assert_session_body(body: dict, *, redirect: bool) -> None:
    expected = {"token", "refresh_token", "user"} | ({"redirect"} if redirect else set())
    assert isinstance(body, dict) and set(body) == expected, body
    if redirect:
        assert body["redirect"] is False, body
    assert isinstance(body["token"], str) and body["token"].count(".") == 2, body
    assert isinstance(body["refresh_token"], str) and REFRESH_TOKEN_RE.match(body["refresh_token"]), body


# ---------------------------------------------------------------------------------------------- scrypt

def better_auth_scrypt(password: str, salt_text: str) -> bytes:
    """Better Auth's key derivation: scrypt over the NFKC password's UTF-8, salted with the salt's ASCII text."""
    return hashlib.scrypt(unicodedata.normalize("NFKC", password).encode("utf-8"),
                          salt=salt_text.encode("ascii"), n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                          dklen=SCRYPT_DKLEN, maxmem=SCRYPT_MAXMEM)


def better_auth_hash(password: str, salt_text: str | None = None) -> str:
    """`salthex:keyhex` as Better Auth's hashPassword writes it: 16 random bytes as 32 lower-case hex characters."""
    salt_text = salt_text or secrets.token_bytes(16).hex()
    return f"{salt_text}:{better_auth_scrypt(password, salt_text).hex()}"


def better_auth_verify(password: str, stored: str) -> bool:
    salt_text, key_hex = stored.split(":")
    return hmac.compare_digest(better_auth_scrypt(password, salt_text), bytes.fromhex(key_hex))


# ---------------------------------------------------------------------------------------------- databases

def read_db(database: Path | str, sql: str, params=()) -> list[tuple]:
    """Rows from the responder's database (`Server.database`: its SQLite file, opened read-only, or its PostgreSQL
    URL); the responder keeps running."""
    return run_sql(database, sql, params)


def user_row(database: Path | str, user_id: str) -> dict | None:
    rows = read_db(database, "SELECT id, name, email, email_verified, image, password_hash, created_at, updated_at "
                            "FROM users WHERE id = ?", (user_id,))
    if not rows:
        return None
    keys = ("id", "name", "email", "email_verified", "image", "password_hash", "created_at", "updated_at")
    return dict(zip(keys, rows[0]))


def count(database: Path | str, table: str, user_id: str) -> int:
    return read_db(database, f"SELECT count(*) FROM {table} WHERE user_id = ?", (user_id,))[0][0]


# The SQLite schema that Better Auth's CLI (`npx @better-auth/cli migrate`) creates, with the jwt plugin's table.
BETTER_AUTH_SCHEMA = """
create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique,
  "emailVerified" integer not null, "image" text, "createdAt" date not null, "updatedAt" date not null);
create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique,
  "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text,
  "userId" text not null references "user" ("id") on delete cascade);
create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null,
  "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text,
  "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text,
  "createdAt" date not null, "updatedAt" date not null);
create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null,
  "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null);
create table "jwks" ("id" text not null primary key, "publicKey" text not null, "privateKey" text not null,
  "createdAt" date not null);
"""


def better_auth_id() -> str:
    """An id as Better Auth generates them: 32 alphanumerics."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def build_better_auth_db(path: Path, users: list[dict], accounts: list[dict]) -> Path:
    """users: dicts with the `user` columns; accounts: dicts with userId, providerId and optionally password."""
    con = sqlite3.connect(path)
    try:
        con.executescript(BETTER_AUTH_SCHEMA)
        for u in users:
            con.execute('insert into "user" (id, name, email, emailVerified, image, createdAt, updatedAt) '
                        "values (?, ?, ?, ?, ?, ?, ?)",
                        (u["id"], u["name"], u["email"], u.get("emailVerified", 0), u.get("image"),
                         u["createdAt"], u["updatedAt"]))
        for a in accounts:
            con.execute('insert into "account" (id, accountId, providerId, userId, password, createdAt, updatedAt) '
                        "values (?, ?, ?, ?, ?, ?, ?)",
                        (better_auth_id(), a.get("accountId", a["userId"]), a["providerId"], a["userId"],
                         a.get("password"), a.get("createdAt", "2024-01-01T00:00:00.000Z"),
                         a.get("updatedAt", "2024-01-01T00:00:00.000Z")))
        con.execute('insert into "session" values (?, ?, ?, ?, ?, ?, ?, ?)',
                    (better_auth_id(), "2030-01-01T00:00:00.000Z", secrets.token_urlsafe(24),
                     "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z", "127.0.0.1", "pytest",
                     users[0]["id"]))
        con.commit()
    finally:
        con.close()
    return path


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in CONFIG_VARS and k not in EXTRA_CONFIG_VARS and not k.startswith("JWT_")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_import(database: Path | str, source: Path, cwd: Path) -> subprocess.CompletedProcess:
    """`todo-fcgi user import --better-auth-sqlite SOURCE` into `database` (a SQLite file or a PostgreSQL URL)."""
    cwd.mkdir(parents=True, exist_ok=True)
    target = {"DATABASE_URL": database} if isinstance(database, str) else {"DATABASE_PATH": database}
    return subprocess.run([str(TODO_FCGI_BIN), "user", "import", "--better-auth-sqlite", str(source)],
                          cwd=cwd, env=clean_env(**target), capture_output=True, text=True, timeout=120)


def keygen(out: Path, kid: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(TODO_FCGI_BIN), "keygen", "--out", str(out), "--kid", kid], cwd=out.parent,
                          env=clean_env(), capture_output=True, text=True, timeout=60)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------- servers

class RateLimitedServer(Server):
    """A Server whose nginx is rendered by scripts/nginx-conf.sh with a chosen AUTH_RATE_PER_MINUTE (the
    conftest's servers all use a very high rate so that no other test is ever limited)."""

    def __init__(self, tmpdir: Path, rate_per_minute: int, **kw):
        super().__init__(tmpdir, **kw)
        self.rate_per_minute = rate_per_minute

    def nginx_env(self, port: int) -> dict:
        return {**super().nginx_env(port), "AUTH_RATE_PER_MINUTE": str(self.rate_per_minute)}

    def render_nginx_conf(self, port: int) -> str:
        conf = super().render_nginx_conf(port)
        assert f"rate={self.rate_per_minute}r/m" in conf, "nginx-conf.sh ignored AUTH_RATE_PER_MINUTE"
        return conf


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (and VmPeak, VmSize) of a process in kB, from /proc/PID/status."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM", "VmPeak", "VmSize"):
            figures[name] = int(value.split()[0])
    return figures
