"""An account's whole life over HTTP through nginx, as Better Auth's client uses it: change-password (with and
without revokeOtherSessions), update-user, list-sessions, revoke-session, revoke-sessions, revoke-other-sessions,
and get-session's session fields. On both stores."""

from __future__ import annotations

import time

import httpx
import pytest

from accounts_support import (
    GET_SESSION, REFRESH, SIGN_IN, TIMESTAMP_RE, Account, assert_auth_error, assert_user, bearer, new_password,
)

CHANGE_PASSWORD = "/api/auth/change-password"
UPDATE_USER = "/api/auth/update-user"
LIST_SESSIONS = "/api/auth/list-sessions"
REVOKE_SESSION = "/api/auth/revoke-session"
REVOKE_SESSIONS = "/api/auth/revoke-sessions"
REVOKE_OTHER_SESSIONS = "/api/auth/revoke-other-sessions"
SESSION_KEYS = {"id", "token", "userId", "expiresAt", "createdAt", "updatedAt", "ipAddress", "userAgent"}


@pytest.fixture(scope="module")
def srv(server_factory):
    return server_factory()


@pytest.fixture(scope="module")
def client(srv):
    return srv.client


def next_second() -> None:
    """Waits until the clock has entered a later whole second: access tokens carry `iat` in whole seconds, and a
    password change revokes those issued before the second it happens in."""
    start = int(time.time())
    while int(time.time()) == start:
        time.sleep(0.05)


def device(client: httpx.Client, account: Account, agent: str, password: str | None = None) -> dict:
    """Signs `account` in from another device (its own User-Agent); the session body."""
    r = client.post(SIGN_IN, json={"email": account.email, "password": password or account.password},
                    headers={"User-Agent": agent})
    assert r.status_code == 200, r.text
    return r.json()


def tasks_status(client: httpx.Client, account: Account, token: str) -> int:
    return client.get(account.tasks_path(), headers=bearer(token)).status_code


def refresh_status(client: httpx.Client, refresh_token: str) -> int:
    return client.post(REFRESH, json={"refresh_token": refresh_token}).status_code


# ------------------------------------------------------------------------------------------- change-password

def test_change_password_keeps_sessions_and_revokes_older_access_tokens(client):
    ann = Account(client, name="Ann")
    next_second()
    new = new_password()
    r = client.post(CHANGE_PASSWORD, headers=ann.headers,
                    json={"currentPassword": ann.password, "newPassword": new})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"token", "user"} and body["token"] is None, body
    assert_user(body["user"], email=ann.email, name="Ann")
    # Every access token issued before the change is refused at once.
    assert tasks_status(client, ann, ann.token) == 401
    # The old password no longer signs in; the new one does.
    assert_auth_error(ann.sign_in(), 401, "INVALID_EMAIL_OR_PASSWORD")
    assert ann.sign_in(new).status_code == 200
    # Without revokeOtherSessions the session itself lives on: its refresh token gives a working access token.
    r = client.post(REFRESH, json={"refresh_token": ann.refresh_token})
    assert r.status_code == 200, r.text
    assert tasks_status(client, ann, r.json()["token"]) == 200


def test_change_password_with_revoke_other_sessions_starts_a_new_session(client):
    ann = Account(client)
    other = device(client, ann, "Other device")
    new = new_password()
    r = client.post(CHANGE_PASSWORD, headers=ann.headers,
                    json={"currentPassword": ann.password, "newPassword": new, "revokeOtherSessions": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"token", "refresh_token", "user"}, body
    # Every earlier session ends, the caller's included, and their access tokens with them (no second to wait).
    assert tasks_status(client, ann, other["token"]) == 401
    assert tasks_status(client, ann, ann.token) == 401
    assert refresh_status(client, other["refresh_token"]) == 401
    assert refresh_status(client, ann.refresh_token) == 401
    # The new session works at once and refreshes.
    assert tasks_status(client, ann, body["token"]) == 200
    assert refresh_status(client, body["refresh_token"]) == 200
    sessions = client.get(LIST_SESSIONS, headers=bearer(body["token"])).json()
    assert len(sessions) == 1 and sessions[0]["current"] is True, sessions


@pytest.mark.parametrize("payload, status, code", [
    ({"currentPassword": "wrong password!", "newPassword": "a new password"}, 400, "INVALID_PASSWORD"),
    ({"currentPassword": None, "newPassword": "short"}, 400, "PASSWORD_TOO_SHORT"),
    ({"currentPassword": None, "newPassword": "x" * 129}, 400, "PASSWORD_TOO_LONG"),
    ({"newPassword": "a new password"}, 400, "VALIDATION_ERROR"),
    ({"currentPassword": None, "newPassword": "a new password", "revokeOtherSessions": "yes"}, 400,
     "VALIDATION_ERROR"),
])
def test_change_password_refusals_change_nothing(client, payload, status, code):
    ann = Account(client)
    if "currentPassword" in payload and payload["currentPassword"] is None:
        payload = {**payload, "currentPassword": ann.password}
    assert_auth_error(client.post(CHANGE_PASSWORD, headers=ann.headers, json=payload), status, code)
    assert ann.sign_in().status_code == 200
    assert tasks_status(client, ann, ann.token) == 200


def test_change_password_needs_a_token(client):
    r = client.post(CHANGE_PASSWORD, json={"currentPassword": "a password 1", "newPassword": "a password 2"})
    assert_auth_error(r, 401, "UNAUTHORIZED")


# ------------------------------------------------------------------------------------------------ update-user

def test_update_user_changes_name_and_image(client):
    ann = Account(client, name="Ann")
    r = client.post(UPDATE_USER, headers=ann.headers, json={"name": "  Ann B.  ", "image": "https://x.test/a.png"})
    assert r.status_code == 200 and r.json() == {"status": True}, r.text
    user = client.get(GET_SESSION, headers=ann.headers).json()["user"]
    assert user["name"] == "Ann B." and user["image"] == "https://x.test/a.png", user
    assert user["updatedAt"] >= user["createdAt"]
    r = client.post(UPDATE_USER, headers=ann.headers, json={"image": None})
    assert r.status_code == 200, r.text
    user = client.get(GET_SESSION, headers=ann.headers).json()["user"]
    assert user["name"] == "Ann B." and user["image"] is None, user


@pytest.mark.parametrize("payload, code", [
    ({"email": "new@example.com"}, "EMAIL_CAN_NOT_BE_UPDATED"),
    ({}, "NO_FIELDS_TO_UPDATE"),
    ({"name": ""}, "VALIDATION_ERROR"),
    ({"name": 5}, "VALIDATION_ERROR"),
    ({"image": 5}, "VALIDATION_ERROR"),
    ({"image": "https://x.test/" + "a" * 2048}, "VALIDATION_ERROR"),
])
def test_update_user_refusals_change_nothing(client, payload, code):
    ann = Account(client, name="Ann")
    assert_auth_error(client.post(UPDATE_USER, headers=ann.headers, json=payload), 400, code)
    user = client.get(GET_SESSION, headers=ann.headers).json()["user"]
    assert user["name"] == "Ann" and user["image"] is None and user["email"] == ann.email, user


# ------------------------------------------------------------------------------------------------- sessions

def test_list_sessions_shows_each_device_and_the_current_one(client):
    ann = Account(client)
    phone = device(client, ann, "Phone/1.0")
    laptop = device(client, ann, "Laptop/2.0 " + "x" * 300)
    r = client.get(LIST_SESSIONS, headers=bearer(phone["token"]))
    assert r.status_code == 200, r.text
    sessions = r.json()
    assert isinstance(sessions, list) and len(sessions) == 3, sessions
    for s in sessions:
        assert set(s) == SESSION_KEYS | {"current"}, s
        assert s["id"] == s["token"] and s["userId"] == ann.id, s
        assert all(TIMESTAMP_RE.match(s[k]) for k in ("expiresAt", "createdAt", "updatedAt")), s
        assert s["ipAddress"] == "127.0.0.1", s
    agents = sorted((s["userAgent"] or "") for s in sessions)
    assert "Phone/1.0" in agents, agents
    laptop_agent = next(a for a in agents if a.startswith("Laptop/2.0"))
    assert len(laptop_agent) == 256, len(laptop_agent)
    current = [s for s in sessions if s["current"]]
    assert len(current) == 1 and current[0]["userAgent"] == "Phone/1.0", sessions
    # get-session names the same session, with the same fields.
    body = client.get(GET_SESSION, headers=bearer(laptop["token"])).json()
    assert set(body["session"]) == SESSION_KEYS, body
    assert body["session"]["userAgent"] == laptop_agent and body["session"]["userId"] == ann.id, body


def test_revoke_session_ends_only_that_session(client):
    ann = Account(client)
    phone = device(client, ann, "Phone")
    sessions = client.get(LIST_SESSIONS, headers=ann.headers).json()
    phone_id = next(s["id"] for s in sessions if s["userAgent"] == "Phone")
    r = client.post(REVOKE_SESSION, headers=ann.headers, json={"token": phone_id})
    assert r.status_code == 200 and r.json() == {"status": True}, r.text
    assert tasks_status(client, ann, phone["token"]) == 401
    assert refresh_status(client, phone["refresh_token"]) == 401
    assert tasks_status(client, ann, ann.token) == 200
    assert [s["current"] for s in client.get(LIST_SESSIONS, headers=ann.headers).json()] == [True]
    # An unknown session, and another user's, answer the same and change nothing.
    bob = Account(client)
    bob_id = client.get(LIST_SESSIONS, headers=bob.headers).json()[0]["id"]
    for token in ("no-such-session", bob_id):
        r = client.post(REVOKE_SESSION, headers=ann.headers, json={"token": token})
        assert r.status_code == 200 and r.json() == {"status": True}, r.text
    assert tasks_status(client, bob, bob.token) == 200
    assert refresh_status(client, bob.refresh_token) == 200


def test_revoke_other_sessions_keeps_the_callers(client):
    ann = Account(client)
    phone = device(client, ann, "Phone")
    laptop = device(client, ann, "Laptop")
    r = client.post(REVOKE_OTHER_SESSIONS, headers=bearer(phone["token"]))
    assert r.status_code == 200 and r.json() == {"status": True}, r.text
    assert tasks_status(client, ann, phone["token"]) == 200
    assert tasks_status(client, ann, laptop["token"]) == 401
    assert tasks_status(client, ann, ann.token) == 401
    assert refresh_status(client, laptop["refresh_token"]) == 401
    assert refresh_status(client, phone["refresh_token"]) == 200


def test_revoke_sessions_ends_every_session_the_callers_included(client):
    ann = Account(client)
    phone = device(client, ann, "Phone")
    r = client.post(REVOKE_SESSIONS, headers=ann.headers)
    assert r.status_code == 200 and r.json() == {"status": True}, r.text
    for token in (ann.token, phone["token"]):
        assert tasks_status(client, ann, token) == 401
    for refresh_token in (ann.refresh_token, phone["refresh_token"]):
        assert refresh_status(client, refresh_token) == 401
    # Signing in again starts afresh.
    again = device(client, ann, "Phone")
    assert tasks_status(client, ann, again["token"]) == 200


@pytest.mark.parametrize("method, path", [
    ("GET", LIST_SESSIONS), ("POST", REVOKE_SESSION), ("POST", REVOKE_SESSIONS), ("POST", REVOKE_OTHER_SESSIONS),
    ("POST", UPDATE_USER),
])
def test_session_routes_need_a_token(client, method, path):
    r = client.request(method, path, json={"token": "x"} if method == "POST" else None)
    assert_auth_error(r, 401, "UNAUTHORIZED")
