"""Sizes are bounded in bytes before any costly work: passwords (128 scalars, 512 bytes), names (100 scalars,
400 bytes) and emails (254 bytes), through nginx to the responder. The largest account the rules allow still
gets tokens that pass nginx and the responder."""

from __future__ import annotations

import json

from accounts_support import (
    DELETE_USER, GET_SESSION, REFRESH, SIGN_IN, SIGN_UP, Account, assert_auth_error, bearer, new_password,
    read_db, unique_email,
)

# One letter and 30,000 combining marks: one character, 60 KB of UTF-8 (under the 64 KiB body limit).
STACKED_PASSWORD = "a" + "\u0301" * 30_000
# Twenty characters of 501 scalars each: 20 KB that a count of characters would let through.
STACKED_NAME = ("a" + "\u0301" * 500) * 20


def post_raw(client, path: str, body: dict, headers: dict | None = None):
    """POSTs `body` as raw UTF-8 JSON (httpx's json= escapes non-ASCII, which would triple the size)."""
    return client.post(path, content=json.dumps(body, ensure_ascii=False).encode(),
                       headers={"Content-Type": "application/json", **(headers or {})})


def test_an_overlong_password_at_sign_in_is_the_wrong_password_answer(client):
    account = Account(client)
    r = post_raw(client, SIGN_IN, {"email": account.email, "password": STACKED_PASSWORD})
    assert_auth_error(r, 401, "INVALID_EMAIL_OR_PASSWORD")
    r = post_raw(client, SIGN_IN, {"email": account.email, "password": "x" * 129})
    assert_auth_error(r, 401, "INVALID_EMAIL_OR_PASSWORD")
    assert account.sign_in().status_code == 200


def test_an_overlong_password_at_delete_user_is_refused_and_deletes_nothing(client, server):
    account = Account(client)
    r = post_raw(client, DELETE_USER, {"password": STACKED_PASSWORD}, headers=account.headers)
    assert_auth_error(r, 400, "INVALID_PASSWORD")
    assert read_db(server.database, "SELECT count(*) FROM users WHERE id = ?", (account.id,)) == [(1,)]


def test_sign_up_bounds_passwords_in_scalars_and_bytes(client):
    for password in (STACKED_PASSWORD, "😀" * 128 + "x", "x" * 129):
        r = post_raw(client, SIGN_UP, {"name": "Ann", "email": unique_email(), "password": password})
        assert_auth_error(r, 400, "PASSWORD_TOO_LONG")
    r = post_raw(client, SIGN_UP, {"name": "Ann", "email": unique_email(), "password": "😀" * 128})
    assert r.status_code == 200, r.text


def test_a_name_of_few_characters_but_many_scalars_is_refused(client):
    r = post_raw(client, SIGN_UP, {"name": STACKED_NAME, "email": unique_email(), "password": new_password()})
    assert_auth_error(r, 400, "VALIDATION_ERROR")


def test_an_email_over_254_bytes_is_refused(client):
    email = "ü" * 122 + "@example.com"  # 134 characters, 256 bytes
    r = post_raw(client, SIGN_UP, {"name": "Ann", "email": email, "password": new_password()})
    assert_auth_error(r, 400, "INVALID_EMAIL")


def test_the_largest_allowed_account_gets_tokens_that_pass_nginx(client):
    name = "😀" * 100                                          # 100 scalars, 400 bytes
    email = ("ü" * 121 + "@example.com").lower()               # 254 bytes
    assert len(name.encode()) == 400 and len(email.encode()) == 254
    password = "😀" * 128                                      # 128 scalars, 512 bytes
    r = post_raw(client, SIGN_UP, {"name": name, "email": email, "password": password})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"]["name"] == name and body["user"]["email"] == email
    user_id, token = body["user"]["id"], body["token"]
    assert client.get(f"/api/{user_id}/tasks", headers=bearer(token)).status_code == 200
    r = client.post(f"/api/{user_id}/tasks", headers=bearer(token), json={"title": "fits"})
    assert r.status_code == 201, r.text
    assert client.get(GET_SESSION, headers=bearer(token)).json()["user"]["name"] == name

    r = post_raw(client, SIGN_IN, {"email": email, "password": password})
    assert r.status_code == 200, r.text
    r = client.post(REFRESH, json={"refresh_token": r.json()["refresh_token"]})
    assert r.status_code == 200, r.text
    assert client.get(f"/api/{user_id}/tasks", headers=bearer(r.json()["token"])).json()[0]["title"] == "fits"


def test_a_user_keeps_at_most_50_sessions_the_least_recently_used_ends(client, server):
    account = Account(client)               # session 1 (sign-up)
    sessions = [account.refresh_token]
    for _ in range(50):                     # sessions 2..51
        r = account.sign_in()
        assert r.status_code == 200, r.text
        sessions.append(r.json()["refresh_token"])
    live = read_db(server.database, "SELECT count(DISTINCT family_id) FROM refresh_tokens WHERE user_id = ? "
                                    "AND spent_at IS NULL AND revoked_at IS NULL", (account.id,))
    assert live == [(50,)]
    assert_auth_error(client.post(REFRESH, json={"refresh_token": sessions[0]}), 401, "INVALID_REFRESH_TOKEN")
    for token in (sessions[1], sessions[-1]):
        assert client.post(REFRESH, json={"refresh_token": token}).status_code == 200
