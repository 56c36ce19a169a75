"""Password reset and email verification over HTTP through nginx, with real mail: MAIL_COMMAND is
scripts/dev-mail.sh (what `make run` uses), and each test reads the message it caused from the spool directory.
On both stores."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from accounts_support import SIGN_IN, SIGN_UP, Account, assert_auth_error, assert_user, bearer, new_password, unique_email
from conftest import REPO_ROOT, make_token

REQUEST_RESET = "/api/auth/request-password-reset"
RESET = "/api/auth/reset-password"
SEND_VERIFICATION = "/api/auth/send-verification-email"
VERIFY = "/api/auth/verify-email"
APP_URL = "http://todo.test"
NEUTRAL = {"status": True, "message": "If this email exists in our system, check your email for the reset link"}
DEV_MAIL = str(Path(REPO_ROOT) / "scripts" / "dev-mail.sh")


class Spool:
    """The directory scripts/dev-mail.sh writes to."""

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)

    def messages(self) -> list[Path]:
        return sorted(p for p in self.path.glob("*.eml"))

    def wait_for(self, to: str, timeout: float = 15.0) -> str:
        """The text of the (only) message to `to`; mail leaves on a background thread, so poll for the file."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [p for p in self.messages() if f"\nTo: {to}\n" in "\n" + p.read_text()]
            if found:
                assert len(found) == 1, found
                return found[0].read_text()
            time.sleep(0.05)
        raise AssertionError(f"no mail to {to} in {self.path}: {[p.name for p in self.messages()]}")

    def to(self, address: str) -> list[Path]:
        return [p for p in self.messages() if f"\nTo: {address}\n" in "\n" + p.read_text()]


def link_in(message: str) -> str:
    lines = [line for line in message.splitlines() if line.startswith(APP_URL)]
    assert len(lines) == 1, message
    return lines[0]


def local(link: str) -> str:
    """The link's path and query, to request through this test's nginx (APP_URL names the public origin)."""
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == APP_URL, link
    return parts.path + ("?" + parts.query if parts.query else "")


def mail_env(spool: Path, **extra) -> dict:
    return {"APP_URL": APP_URL, "MAIL_COMMAND": DEV_MAIL, "TODO_MAIL_DIR": str(spool), "MAIL_FROM": "todo@todo.test",
            **extra}


@pytest.fixture(scope="module")
def spool(tmp_path_factory) -> Spool:
    return Spool(tmp_path_factory.mktemp("mail"))


@pytest.fixture(scope="module")
def srv(server_factory, spool):
    return server_factory(extra_env=mail_env(spool.path))


@pytest.fixture(scope="module")
def client(srv):
    return srv.client


def reset_link(client, spool, account, redirect_to=None) -> str:
    body = {"email": account.email} | ({"redirectTo": redirect_to} if redirect_to else {})
    r = client.post(REQUEST_RESET, json=body)
    assert r.status_code == 200 and r.json() == NEUTRAL, r.text
    return link_in(spool.wait_for(account.email))


# ------------------------------------------------------------------------------------------ password reset

def test_reset_through_a_real_mail_message(client, spool):
    account = Account(client)
    other_device = account.sign_in().json()
    assert spool.to(account.email) == []
    link = reset_link(client, spool, account)
    message = spool.wait_for(account.email)
    head = message.split("\n\n", 1)[0].splitlines()
    assert f"To: {account.email}" in head and "From: todo@todo.test" in head
    assert "Content-Type: text/plain; charset=utf-8" in head
    assert any(line.startswith("Subject: ") for line in head) and any(line.startswith("Date: ") for line in head)
    assert any(line.startswith("Message-ID: <") and line.endswith("@todo.test>") for line in head)
    assert link.startswith(f"{APP_URL}/reset-password?token=")
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert len(token) >= 24 and token.isalnum()
    mail_file = spool.to(account.email)[0]
    assert stat.S_IMODE(mail_file.stat().st_mode) == 0o600

    new = new_password()
    r = client.post(RESET, json={"newPassword": new, "token": token})
    assert r.status_code == 200 and r.json() == {"status": True}, r.text
    assert account.sign_in().status_code == 401                      # the old password is gone
    assert account.sign_in(new).status_code == 200
    # Every session of the user ended, and their access tokens at once.
    for session in ({"token": account.token, "refresh_token": account.refresh_token}, other_device):
        assert client.get(account.tasks_path(), headers=bearer(session["token"])).status_code == 401
        assert_auth_error(client.post("/api/auth/refresh", json={"refresh_token": session["refresh_token"]}),
                          401, "INVALID_REFRESH_TOKEN")
    # Spent: the same link again is INVALID_TOKEN.
    assert_auth_error(client.post(RESET, json={"newPassword": new_password(), "token": token}), 400, "INVALID_TOKEN")


def test_only_the_tokens_hash_is_stored(srv, client, spool):
    account = Account(client)
    token = parse_qs(urlsplit(reset_link(client, spool, account)).query)["token"][0]
    dump = repr(srv.sql("SELECT * FROM reset_tokens"))
    assert token not in dump
    digest = hashlib.sha256(token.encode()).digest()
    assert any(digest in (bytes(v) if isinstance(v, (bytes, memoryview)) else b"") for row in
               srv.sql("SELECT token_hash FROM reset_tokens") for v in row)


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, spool):
    before = spool.messages()
    email = unique_email("nobody")
    r = client.post(REQUEST_RESET, json={"email": email})
    assert r.status_code == 200 and r.json() == NEUTRAL
    account = Account(client)
    known = client.post(REQUEST_RESET, json={"email": account.email})
    assert known.status_code == 200 and known.content == r.content
    spool.wait_for(account.email)
    assert spool.to(email) == [] and len(spool.messages()) == len(before) + 1


def test_an_expired_link_is_invalid_token(srv, client, spool):
    account = Account(client)
    token = parse_qs(urlsplit(reset_link(client, spool, account)).query)["token"][0]
    srv.sql("UPDATE reset_tokens SET expires_at = 1")
    assert_auth_error(client.post(RESET, json={"newPassword": new_password(), "token": token}), 400, "INVALID_TOKEN")
    assert account.sign_in().status_code == 200


@pytest.mark.parametrize("token", ["", "x" * 40, "short"])
def test_a_made_up_token_is_invalid_token(client, token):
    assert_auth_error(client.post(RESET, json={"newPassword": new_password(), "token": token}), 400, "INVALID_TOKEN")


def test_the_password_rules_come_before_the_token(client, spool):
    account = Account(client)
    token = parse_qs(urlsplit(reset_link(client, spool, account)).query)["token"][0]
    assert_auth_error(client.post(RESET, json={"newPassword": "short", "token": token}), 400, "PASSWORD_TOO_SHORT")
    # The refused attempt did not spend the link.
    assert client.post(RESET, json={"newPassword": new_password(), "token": token}).status_code == 200


def test_a_link_with_redirect_to_goes_through_the_get_route(client, spool):
    account = Account(client)
    link = reset_link(client, spool, account, redirect_to="/reset-password")
    assert urlsplit(link).path.startswith("/api/auth/reset-password/")
    r = client.get(local(link))
    assert r.status_code == 302, r.text
    token = urlsplit(link).path.rsplit("/", 1)[1]
    assert r.headers["location"] == f"/reset-password?token={token}"
    # Not spent by the GET: the POST still works, and then the GET says INVALID_TOKEN.
    assert client.post(RESET, json={"newPassword": new_password(), "token": token}).status_code == 200
    again = client.get(local(link))
    assert again.status_code == 302 and again.headers["location"] == "/reset-password?error=INVALID_TOKEN"


@pytest.mark.parametrize("target", ["https://evil.example/steal", "//evil.example/x", "http://todo.test@evil.example/",
                                    "javascript:alert(1)"])
def test_an_untrusted_redirect_is_refused(client, spool, target):
    account = Account(client)
    assert_auth_error(client.post(REQUEST_RESET, json={"email": account.email, "redirectTo": target}),
                      403, "INVALID_REDIRECT_URL")
    r = client.get(f"/api/auth/reset-password/abcdefabcdefabcdefabcdef", params={"callbackURL": target})
    assert_auth_error(r, 403, "INVALID_CALLBACK_URL")
    assert spool.to(account.email) == []


def test_an_absolute_redirect_on_app_url_is_trusted(client, spool):
    account = Account(client)
    link = reset_link(client, spool, account, redirect_to=f"{APP_URL}/reset-password?from=mail")
    r = client.get(local(link))
    token = urlsplit(link).path.rsplit("/", 1)[1]
    assert r.status_code == 302 and r.headers["location"] == f"{APP_URL}/reset-password?from=mail&token={token}"


# ------------------------------------------------------------------------------------------ verification

def verification_link(client, spool, account) -> str:
    r = client.post(SEND_VERIFICATION, json={"email": account.email})
    assert r.status_code == 200 and r.json() == {"status": True}, r.text
    return link_in(spool.wait_for(account.email))


def token_in(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def session_count(client, account) -> int:
    r = client.get("/api/auth/list-sessions", headers=account.headers)
    assert r.status_code == 200, r.text
    return len(r.json())


def assert_signed_in(client, body: dict, account) -> None:
    """`body` is verify-email's auto sign-in: a new session whose access token works on the task routes."""
    assert set(body) == {"status", "token", "refresh_token", "user"} and body["status"] is True, body
    assert_user(body["user"], email=account.email)
    assert body["user"]["emailVerified"] is True
    r = client.get(account.tasks_path(), headers=bearer(body["token"]))
    assert r.status_code == 200, r.text


def test_verify_email_through_the_mailed_link(srv, client, spool):
    """The default link is the web app's page; the page verifies through the JSON route, which signs in (a new
    session) the first time and only then."""
    account = Account(client)
    link = verification_link(client, spool, account)
    assert urlsplit(link).path == "/verify-email" and set(parse_qs(urlsplit(link).query)) == {"token"}, link
    page = client.get(local(link))
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]  # the web app renders it
    before = session_count(client, account)
    r = client.get(VERIFY, params={"token": token_in(link)})
    assert r.status_code == 200, r.text
    assert_signed_in(client, r.json(), account)
    assert session_count(client, account) == before + 1
    # The same link again: verified already, so Better Auth's plain answer and no new session.
    r = client.get(VERIFY, params={"token": token_in(link)})
    assert r.status_code == 200 and r.json() == {"status": True, "user": None}
    assert session_count(client, account) == before + 1


def test_a_link_with_a_callback_url_redirects_and_signs_nobody_in(client, spool):
    account = Account(client)
    r = client.post(SEND_VERIFICATION, json={"email": account.email, "callbackURL": "/verify-email?from=mail"})
    assert r.status_code == 200, r.text
    link = link_in(spool.wait_for(account.email))
    assert urlsplit(link).path == VERIFY
    assert parse_qs(urlsplit(link).query)["callbackURL"] == ["/verify-email?from=mail"]
    before = session_count(client, account)
    r = client.get(local(link))
    assert r.status_code == 302 and r.headers["location"] == "/verify-email?from=mail"
    assert client.get("/api/auth/get-session", headers=account.headers).json()["user"]["emailVerified"] is True
    assert session_count(client, account) == before


def test_two_verifications_at_once_sign_in_once(srv, client, spool):
    """Two requests with one fresh link at the same moment: whichever comes first signs in, the other does not."""
    account = Account(client)
    token = token_in(verification_link(client, spool, account))
    barrier = threading.Barrier(2)

    def verify() -> dict:
        with httpx.Client(base_url=srv.base_url, timeout=10) as own:
            barrier.wait()
            r = own.get(VERIFY, params={"token": token})
            assert r.status_code == 200, r.text
            return r.json()

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: verify(), range(2)))
    signed_in = [a for a in answers if "token" in a]
    assert len(signed_in) == 1, answers
    assert [a for a in answers if "token" not in a] == [{"status": True, "user": None}], answers
    assert_signed_in(client, signed_in[0], account)


def test_a_better_auth_verification_token_verifies(srv, client):
    """Better Auth's own token: HS256 with BETTER_AUTH_SECRET, claims {email, iat, exp}, no sub."""
    account = Account(client)
    now = int(time.time())
    token = make_token(srv.secret, email=account.email, iat=now, exp=now + 3600)
    r = client.get(VERIFY, params={"token": token})
    assert r.status_code == 200, r.text
    assert_signed_in(client, r.json(), account)


def test_expired_and_forged_verification_tokens(srv, client):
    account = Account(client)
    now = int(time.time())
    expired = make_token(srv.secret, email=account.email, iat=now - 7200, exp=now - 3600)
    assert_auth_error(client.get(VERIFY, params={"token": expired}), 401, "TOKEN_EXPIRED")
    forged = make_token("another-secret-" * 4, email=account.email, iat=now, exp=now + 3600)
    assert_auth_error(client.get(VERIFY, params={"token": forged}), 401, "INVALID_TOKEN")
    r = client.get(VERIFY, params={"token": expired, "callbackURL": "/verify-email"})
    assert r.status_code == 302 and r.headers["location"] == "/verify-email?error=TOKEN_EXPIRED"
    session = client.get("/api/auth/get-session", headers=account.headers).json()
    assert session["user"]["emailVerified"] is False


def test_send_verification_with_a_session_checks_the_email(client, spool):
    account = Account(client)
    other = unique_email("other")
    assert_auth_error(client.post(SEND_VERIFICATION, json={"email": other}, headers=account.headers),
                      400, "EMAIL_MISMATCH")
    link = verification_link(client, spool, account)
    assert client.get(VERIFY, params={"token": token_in(link)}).status_code == 200
    assert_auth_error(client.post(SEND_VERIFICATION, json={"email": account.email}, headers=account.headers),
                      400, "EMAIL_ALREADY_VERIFIED")
    # Without a session, the same request answers as for anyone, and sends nothing.
    r = client.post(SEND_VERIFICATION, json={"email": account.email})
    assert r.status_code == 200 and r.json() == {"status": True}
    assert len(spool.to(account.email)) == 1


# ------------------------------------------------------------------------------------------ configuration

def test_without_app_url_the_mail_routes_are_disabled(server_factory):
    plain = server_factory()
    assert_auth_error(plain.client.post(REQUEST_RESET, json={"email": "a@example.com"}), 400,
                      "RESET_PASSWORD_DISABLED")
    assert_auth_error(plain.client.post(SEND_VERIFICATION, json={"email": "a@example.com"}), 400,
                      "VERIFICATION_EMAIL_NOT_ENABLED")


def test_require_email_verification(server_factory, tmp_path):
    spool = Spool(tmp_path / "mail")
    strict = server_factory(extra_env=mail_env(spool.path, REQUIRE_EMAIL_VERIFICATION="1"))
    client = strict.client
    email, password = unique_email(), new_password()
    r = client.post(SIGN_UP, json={"name": "Ada", "email": email, "password": password})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"token", "user"} and body["token"] is None
    assert_user(body["user"], email=email)
    link = link_in(spool.wait_for(email))                             # sign-up sent the verification mail
    assert_auth_error(client.post(SIGN_IN, json={"email": email, "password": password}), 403, "EMAIL_NOT_VERIFIED")
    # A wrong password still says only that.
    assert_auth_error(client.post(SIGN_IN, json={"email": email, "password": new_password()}), 401,
                      "INVALID_EMAIL_OR_PASSWORD")
    r = client.get(VERIFY, params={"token": token_in(link)})             # what the /verify-email page calls
    assert r.status_code == 200 and r.json()["user"]["email"] == email and r.json()["token"], r.text
    assert client.get(f"/api/{body['user']['id']}/tasks", headers=bearer(r.json()["token"])).status_code == 200
    assert client.post(SIGN_IN, json={"email": email, "password": password}).status_code == 200


@pytest.mark.parametrize("command", ["exit 75", "sleep 60"])
def test_a_failing_or_hanging_mail_command_never_fails_the_request(server_factory, command):
    broken = server_factory(extra_env={"APP_URL": APP_URL, "MAIL_COMMAND": command})
    account = Account(broken.client)
    started = time.monotonic()
    r = broken.client.post(REQUEST_RESET, json={"email": account.email})
    assert r.status_code == 200 and r.json() == NEUTRAL
    assert time.monotonic() - started < 5
    # The API keeps serving while the command runs or after it failed.
    assert broken.client.get(account.tasks_path(), headers=account.headers).status_code == 200
    if command.startswith("exit"):
        deadline = time.monotonic() + 15
        while "MAIL_COMMAND exited with status 75" not in broken.stderr_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        log = broken.stderr_text()
        assert "MAIL_COMMAND exited with status 75" in log
        assert account.email not in log and "reset-password" not in log
