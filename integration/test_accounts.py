"""Accounts over HTTP through nginx: sign-up, sign-in, refresh, sign-out, get-session, jwks, delete-user, their
error codes, and the access tokens they issue (checked by the task routes and by PyJWT)."""

from __future__ import annotations

import base64
import datetime
import json
import time

import jwt
import pytest

from accounts_support import (
    DELETE_USER, GET_SESSION, JWKS, REFRESH, SIGN_IN, SIGN_OUT, SIGN_UP, Account, assert_auth_error,
    assert_session_body, assert_user, bearer, count, keygen, new_password, read_db, sign_up, unique_email, user_row,
)
from accounts_support import client, srv  # noqa: F401 (this module's own server: fixtures)
from conftest import assert_no_leak, make_token


def iso_ms(seconds: float) -> str:
    dt = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def jwt_header(token: str) -> dict:
    seg = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


# ---------------------------------------------------------------------------------------------- sign-up

def test_sign_up_returns_tokens_and_the_user(client, srv):
    email, password = unique_email("signup"), new_password()
    before = int(time.time()) - 1
    r = client.post(SIGN_UP, json={"name": "Ann Example", "email": email, "password": password})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert_session_body(body, redirect=False)
    user = body["user"]
    assert_user(user, email=email, name="Ann Example")
    assert user["emailVerified"] is False and user["image"] is None
    assert user["createdAt"] == user["updatedAt"]
    created = datetime.datetime.strptime(user["createdAt"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()
    assert before <= created <= time.time() + 1
    row = user_row(srv.database, user["id"])
    assert row is not None and row["email"] == email and row["name"] == "Ann Example"
    assert_no_leak(r, password, row["password_hash"])


def test_sign_up_ids_are_distinct(client):
    ids = {Account(client).id for _ in range(3)}
    assert len(ids) == 3


def test_email_is_trimmed_and_lower_cased(client):
    local = unique_email("ann").split("@")[0]
    messy = f"  {local.upper()}@Example.COM "
    account = Account(client, email=messy)
    assert account.user["email"] == f"{local}@example.com"
    for variant in (f"{local}@example.com", f" {local.capitalize()}@EXAMPLE.com\t", messy):
        r = client.post(SIGN_IN, json={"email": variant, "password": account.password})
        assert r.status_code == 200, (variant, r.text)
        assert r.json()["user"]["id"] == account.id


def test_duplicate_email_in_another_case_is_422(client):
    account = Account(client)
    local, domain = account.email.split("@")
    for email in (account.email, f"{local.upper()}@{domain.upper()}", f" {account.email} "):
        r = sign_up(client, email=email)
        assert_auth_error(r, 422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL")
    # the original account is untouched: its password still works
    assert account.sign_in().status_code == 200


@pytest.mark.parametrize("body", [
    {"email": "x@example.com", "password": "long-enough-pw"},
    {"name": "N", "password": "long-enough-pw"},
    {"name": "N", "email": "x@example.com"},
    {"name": 5, "email": "x@example.com", "password": "long-enough-pw"},
    {"name": "N", "email": ["x@example.com"], "password": "long-enough-pw"},
    {"name": "N", "email": "x@example.com", "password": 12345678},
    {"name": "N", "email": "x@example.com", "password": None},
    {"name": "", "email": "x@example.com", "password": "long-enough-pw"},
    {"name": "   ", "email": "x@example.com", "password": "long-enough-pw"},
], ids=["no-name", "no-email", "no-password", "name-number", "email-array", "password-number", "password-null",
        "empty-name", "blank-name"])
def test_sign_up_missing_or_mistyped_fields_are_validation_errors(client, body):
    r = client.post(SIGN_UP, json=body)
    assert_auth_error(r, 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("raw", [b"", b"{", b"not json", b"[]", b'"a string"', b"null",
                                 b'{"name":"N","email":"x@example.com","password":"long-enough-pw"'])
def test_sign_up_bad_json_is_a_validation_error(client, raw):
    r = client.post(SIGN_UP, content=raw, headers={"Content-Type": "application/json"})
    assert_auth_error(r, 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("email", ["", "   ", "no-at-sign", "two@@example.com", "a@b", "@example.com",
                                   "ann@", "ann@example.", "ann@.com", "an n@example.com", "ann@exa mple.com",
                                   "a@b@example.com"])
def test_sign_up_invalid_email(client, email):
    r = sign_up(client, email=email)
    assert_auth_error(r, 400, "INVALID_EMAIL")


def test_password_length_limits(client):
    assert_auth_error(sign_up(client, password="x" * 7), 400, "PASSWORD_TOO_SHORT")
    assert_auth_error(sign_up(client, password=""), 400, "PASSWORD_TOO_SHORT")
    # characters, not bytes: seven two-byte characters are still too short
    assert_auth_error(sign_up(client, password="é" * 7), 400, "PASSWORD_TOO_SHORT")
    assert_auth_error(sign_up(client, password="x" * 129), 400, "PASSWORD_TOO_LONG")
    assert_auth_error(sign_up(client, password="x" * 1000), 400, "PASSWORD_TOO_LONG")
    for password in ("x" * 8, "é" * 8, "y" * 128):
        account = Account(client, password=password)
        assert account.sign_in().status_code == 200, password


def test_refused_sign_up_creates_no_user(client, srv):
    email = unique_email("refused")
    assert_auth_error(sign_up(client, email=email, password="short"), 400, "PASSWORD_TOO_SHORT")
    assert read_db(srv.database, "SELECT count(*) FROM users WHERE email = ?", (email,))[0][0] == 0
    assert_auth_error(client.post(SIGN_IN, json={"email": email, "password": "short"}), 401,
                      "INVALID_EMAIL_OR_PASSWORD")


# ---------------------------------------------------------------------------------------------- sign-in

def test_sign_in_returns_redirect_false_tokens_and_the_user(client):
    account = Account(client, name="Signer")
    r = account.sign_in()
    assert r.status_code == 200, r.text
    body = r.json()
    assert_session_body(body, redirect=True)
    assert body["user"] == account.user
    assert body["refresh_token"] != account.refresh_token
    assert_no_leak(r, account.password)


def test_unknown_email_and_wrong_password_get_the_same_answer(client):
    account = Account(client)
    wrong = account.sign_in(password=account.password + "x")
    unknown = client.post(SIGN_IN, json={"email": unique_email("nobody"), "password": account.password})
    for r in (wrong, unknown):
        assert_auth_error(r, 401, "INVALID_EMAIL_OR_PASSWORD")
    assert wrong.content == unknown.content
    assert wrong.headers.get("www-authenticate") == unknown.headers.get("www-authenticate")
    # the password is case-sensitive and not trimmed
    assert_auth_error(account.sign_in(password=account.password.upper()), 401, "INVALID_EMAIL_OR_PASSWORD")
    assert_auth_error(account.sign_in(password=f" {account.password} "), 401, "INVALID_EMAIL_OR_PASSWORD")


@pytest.mark.parametrize("body", [{"password": "long-enough-pw"}, {"email": "x@example.com"},
                                  {"email": 1, "password": "long-enough-pw"},
                                  {"email": "x@example.com", "password": ["long-enough-pw"]}],
                         ids=["no-email", "no-password", "email-number", "password-array"])
def test_sign_in_missing_or_mistyped_fields(client, body):
    assert_auth_error(client.post(SIGN_IN, json=body), 400, "VALIDATION_ERROR")


def test_sign_in_bad_json_and_invalid_email(client):
    r = client.post(SIGN_IN, content=b"{nope", headers={"Content-Type": "application/json"})
    assert_auth_error(r, 400, "VALIDATION_ERROR")
    assert_auth_error(client.post(SIGN_IN, json={"email": "not-an-email", "password": "long-enough-pw"}), 400,
                      "INVALID_EMAIL")


# ---------------------------------------------------------------------------------------------- tokens

def test_access_token_verifies_with_pyjwt_and_the_secret(client, srv):
    account = Account(client, name="Claims Person")
    header = jwt_header(account.token)
    assert header["alg"] == "HS256"
    claims = jwt.decode(account.token, srv.secret, algorithms=["HS256"])
    assert claims["sub"] == account.id
    assert claims["name"] == "Claims Person" and claims["email"] == account.email
    assert isinstance(claims["iat"], int) and isinstance(claims["exp"], int)
    assert claims["exp"] - claims["iat"] == 900
    assert abs(claims["iat"] - time.time()) < 300
    assert "iss" not in claims and "aud" not in claims
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(account.token, srv.secret + "x", algorithms=["HS256"])


def test_issued_tokens_are_accepted_by_the_task_routes(client):
    account = Account(client)
    r = client.post(account.tasks_path(), json={"title": "from sign-up"}, headers=account.headers)
    assert r.status_code == 201, r.text
    assert r.json()["user_id"] == account.id
    signed_in = account.sign_in().json()
    r = client.post(account.tasks_path(), json={"title": "from sign-in"}, headers=bearer(signed_in["token"]))
    assert r.status_code == 201, r.text
    refreshed = client.post(REFRESH, json={"refresh_token": signed_in["refresh_token"]}).json()
    r = client.get(account.tasks_path(), headers=bearer(refreshed["token"]))
    assert r.status_code == 200, r.text
    assert sorted(t["title"] for t in r.json()) == ["from sign-in", "from sign-up"]
    # and only for their own user
    other = Account(client)
    r = client.get(other.tasks_path(), headers=account.headers)
    assert r.status_code == 403, r.text
    assert client.get(other.tasks_path(), headers=other.headers).json() == []


def test_refresh_rotates_the_refresh_token(client, srv):
    account = Account(client)
    r = client.post(REFRESH, json={"refresh_token": account.refresh_token})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"token", "refresh_token"}, body
    assert body["refresh_token"] != account.refresh_token
    claims = jwt.decode(body["token"], srv.secret, algorithms=["HS256"])
    assert claims["sub"] == account.id and claims["email"] == account.email
    assert_no_leak(r, account.refresh_token, account.password)
    # the new one works once more
    r2 = client.post(REFRESH, json={"refresh_token": body["refresh_token"]})
    assert r2.status_code == 200, r2.text
    assert r2.json()["refresh_token"] not in (body["refresh_token"], account.refresh_token)


def test_reusing_a_spent_refresh_token_revokes_its_family_only(client):
    account = Account(client)
    other_session = account.sign_in().json()  # a second family of the same user
    first = account.refresh_token
    second = client.post(REFRESH, json={"refresh_token": first}).json()["refresh_token"]
    newest = client.post(REFRESH, json={"refresh_token": second}).json()["refresh_token"]
    # replaying the spent first token: refused, and the family is burnt
    assert_auth_error(client.post(REFRESH, json={"refresh_token": first}), 401, "INVALID_REFRESH_TOKEN")
    assert_auth_error(client.post(REFRESH, json={"refresh_token": newest}), 401, "INVALID_REFRESH_TOKEN")
    assert_auth_error(client.post(REFRESH, json={"refresh_token": second}), 401, "INVALID_REFRESH_TOKEN")
    # the other session of the same user is unaffected
    r = client.post(REFRESH, json={"refresh_token": other_session["refresh_token"]})
    assert r.status_code == 200, r.text
    # and a fresh sign-in still works
    assert account.sign_in().status_code == 200


@pytest.mark.parametrize("body", [{}, {"refresh_token": None}, {"refresh_token": 42}, {"token": "abc"}],
                         ids=["empty", "null", "number", "wrong-field"])
def test_refresh_missing_or_mistyped_token_is_a_validation_error(client, body):
    assert_auth_error(client.post(REFRESH, json=body), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("token", ["", "garbage", "A" * 43, "A" * 44, "é" * 43, "Bearer " + "A" * 36],
                         ids=["empty", "short", "unknown-well-formed", "too-long", "non-ascii", "with-prefix"])
def test_refresh_unknown_token_is_401(client, token):
    assert_auth_error(client.post(REFRESH, json={"refresh_token": token}), 401, "INVALID_REFRESH_TOKEN")


def test_access_token_is_not_a_refresh_token(client):
    account = Account(client)
    assert_auth_error(client.post(REFRESH, json={"refresh_token": account.token}), 401, "INVALID_REFRESH_TOKEN")


# ---------------------------------------------------------------------------------------------- sign-out

def test_sign_out_revokes_the_refresh_token_and_is_idempotent(client):
    account = Account(client)
    other_session = account.sign_in().json()
    r = client.post(SIGN_OUT, json={"refresh_token": account.refresh_token}, headers=account.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"success": True}
    assert_auth_error(client.post(REFRESH, json={"refresh_token": account.refresh_token}), 401,
                      "INVALID_REFRESH_TOKEN")
    r = client.post(SIGN_OUT, json={"refresh_token": account.refresh_token}, headers=account.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"success": True}
    # only that session: the other one still refreshes
    assert client.post(REFRESH, json={"refresh_token": other_session["refresh_token"]}).status_code == 200


def test_sign_out_revokes_the_rotated_successor_too(client):
    account = Account(client)
    successor = client.post(REFRESH, json={"refresh_token": account.refresh_token}).json()
    r = client.post(SIGN_OUT, json={"refresh_token": successor["refresh_token"]},
                    headers=bearer(successor["token"]))
    assert r.status_code == 200, r.text
    assert_auth_error(client.post(REFRESH, json={"refresh_token": successor["refresh_token"]}), 401,
                      "INVALID_REFRESH_TOKEN")


def test_sign_out_with_another_users_refresh_token_does_not_revoke_it(client):
    victim, attacker = Account(client), Account(client)
    r = client.post(SIGN_OUT, json={"refresh_token": victim.refresh_token}, headers=attacker.headers)
    assert r.status_code in (200, 401), r.text
    if r.status_code == 401:
        assert_auth_error(r, 401, "INVALID_REFRESH_TOKEN")
    assert client.post(REFRESH, json={"refresh_token": victim.refresh_token}).status_code == 200


def test_sign_out_without_refresh_token_is_a_validation_error(client):
    account = Account(client)
    assert_auth_error(client.post(SIGN_OUT, json={}, headers=account.headers), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("method,path,body", [("POST", SIGN_OUT, {"refresh_token": "A" * 43}),
                                              ("POST", DELETE_USER, {"password": "long-enough-pw"})],
                         ids=["sign-out", "delete-user"])
def test_routes_needing_a_token_answer_401_without_one(client, srv, method, path, body):
    kw = {"json": body} if body is not None else {}
    r = client.request(method, path, **kw)
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"].lower().startswith("bearer"), r.headers
    body_json = r.json()
    assert set(body_json) == {"code", "message"}, body_json
    # a rejected token: 401 with error="invalid_token"
    for bad in ("not.a.jwt", make_token(srv.secret + "-wrong", "someone"),
                make_token(srv.secret, "someone", exp=int(time.time()) - 3600)):
        r = client.request(method, path, headers=bearer(bad), **kw)
        assert r.status_code == 401, r.text
        assert 'error="invalid_token"' in r.headers["www-authenticate"], r.headers
        assert set(r.json()) == {"code", "message"}, r.text


# ---------------------------------------------------------------------------------------------- get-session

def test_get_session_without_a_valid_token_is_null(client, srv):
    """As Better Auth: no session is 200 with the body `null`, not 401 (a client asks it to learn whether it is
    signed in)."""
    for headers in ({}, bearer("not.a.jwt"), bearer(make_token(srv.secret + "-wrong", "someone")),
                    bearer(make_token(srv.secret, "someone", exp=int(time.time()) - 3600))):
        r = client.get(GET_SESSION, headers=headers)
        assert r.status_code == 200, r.text
        assert r.content.strip() == b"null" and r.json() is None, r.text
        assert r.headers["content-type"].startswith("application/json"), r.headers
        assert "www-authenticate" not in r.headers, r.headers


def test_get_session(client):
    account = Account(client, name="Session Person")
    r = client.get(GET_SESSION, headers=account.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"session", "user"}, body
    assert set(body["session"]) >= {"userId", "expiresAt"}, body
    assert body["session"]["userId"] == account.id
    exp = jwt.decode(account.token, options={"verify_signature": False})["exp"]
    assert body["session"]["expiresAt"] == iso_ms(exp)
    assert body["user"] == account.user
    assert_no_leak(r, account.password)


def test_get_session_of_a_user_not_stored_here_is_not_a_session(client, srv):
    r = client.get(GET_SESSION, headers=bearer(srv.token("nobody-" + unique_email())))
    assert r.status_code != 200, r.text
    assert set(r.json()) == {"code", "message"}, r.text


# ---------------------------------------------------------------------------------------------- jwks

def test_jwks_is_empty_with_hs256(client):
    r = client.get(JWKS)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == {"keys": []}


# ---------------------------------------------------------------------------------------------- routes

@pytest.mark.parametrize("path", ["/api/auth/x", "/api/auth/sign-up", "/api/auth/sign-in", "/api/auth/sign-in/phone",
                                  "/api/auth/session", "/api/auth/refresh/extra"])
def test_unknown_auth_route_is_404(client, path):
    for method in ("GET", "POST"):
        r = client.request(method, path, json={})
        assert_auth_error(r, 404, "NOT_FOUND")


@pytest.mark.parametrize("method,path,allowed", [
    ("GET", SIGN_UP, "POST"), ("PUT", SIGN_UP, "POST"), ("GET", SIGN_IN, "POST"), ("DELETE", SIGN_IN, "POST"),
    ("GET", REFRESH, "POST"), ("GET", SIGN_OUT, "POST"), ("POST", GET_SESSION, "GET"), ("POST", JWKS, "GET"),
    ("DELETE", JWKS, "GET"), ("GET", DELETE_USER, "POST"), ("DELETE", DELETE_USER, "POST"),
])
def test_wrong_method_is_405_with_allow(client, method, path, allowed):
    r = client.request(method, path)
    assert_auth_error(r, 405, "METHOD_NOT_ALLOWED")
    assert allowed in [m.strip() for m in r.headers["allow"].split(",")], r.headers


# ---------------------------------------------------------------------------------------------- delete-user

def test_delete_user_with_a_wrong_password_is_400_and_deletes_nothing(client, srv):
    account = Account(client)
    client.post(account.tasks_path(), json={"title": "kept"}, headers=account.headers)
    r = client.post(DELETE_USER, json={"password": account.password + "!"}, headers=account.headers)
    assert_auth_error(r, 400, "INVALID_PASSWORD")
    assert_auth_error(client.post(DELETE_USER, json={}, headers=account.headers), 400, "VALIDATION_ERROR")
    assert_auth_error(client.post(DELETE_USER, json={"password": 12345678}, headers=account.headers), 400,
                      "VALIDATION_ERROR")
    assert user_row(srv.database, account.id) is not None
    assert count(srv.database, "tasks", account.id) == 1
    assert account.sign_in().status_code == 200


def test_delete_user_removes_the_user_their_tasks_and_refresh_tokens(client, srv):
    account = Account(client)
    other = Account(client)
    second_session = account.sign_in().json()
    for title in ("one", "two", "three"):
        assert client.post(account.tasks_path(), json={"title": title}, headers=account.headers).status_code == 201
    assert client.post(other.tasks_path(), json={"title": "other's"}, headers=other.headers).status_code == 201
    assert count(srv.database, "tasks", account.id) == 3
    assert count(srv.database, "refresh_tokens", account.id) == 2

    r = client.post(DELETE_USER, json={"password": account.password}, headers=account.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {"success": True}
    assert_no_leak(r, account.password)

    assert user_row(srv.database, account.id) is None
    assert count(srv.database, "tasks", account.id) == 0
    assert count(srv.database, "refresh_tokens", account.id) == 0
    # the old credentials and refresh tokens no longer work
    assert_auth_error(account.sign_in(), 401, "INVALID_EMAIL_OR_PASSWORD")
    for token in (account.refresh_token, second_session["refresh_token"]):
        assert_auth_error(client.post(REFRESH, json={"refresh_token": token}), 401, "INVALID_REFRESH_TOKEN")
    r = client.get(GET_SESSION, headers=account.headers)  # no session any more: Better Auth's null
    assert r.status_code == 200 and r.json() is None, r.text
    # the other user is untouched
    assert count(srv.database, "tasks", other.id) == 1
    assert other.sign_in().status_code == 200
    # the email is free again, for a new user with a new id
    again = Account(client, email=account.email)
    assert again.id != account.id


# ---------------------------------------------------------------------------------------------- configured tokens

def test_issuer_audience_and_ttl_are_applied(server_factory):
    issuer, audience = "https://todo.example", "todo-api"
    srv = server_factory({"JWT_ISSUER": issuer, "JWT_AUDIENCE": audience, "ACCESS_TOKEN_TTL_SECONDS": "120"})
    account = Account(srv.client, name="Configured")
    claims = jwt.decode(account.token, srv.secret, algorithms=["HS256"], issuer=issuer, audience=audience)
    assert claims["sub"] == account.id and claims["iss"] == issuer and claims["aud"] == audience
    assert claims["exp"] - claims["iat"] == 120
    refreshed = srv.client.post(REFRESH, json={"refresh_token": account.refresh_token}).json()
    claims2 = jwt.decode(refreshed["token"], srv.secret, algorithms=["HS256"], issuer=issuer, audience=audience)
    assert claims2["exp"] - claims2["iat"] == 120
    # this server demands iss/aud on every token, and accepts its own
    r = srv.client.post(account.tasks_path(), json={"title": "t"}, headers=account.headers)
    assert r.status_code == 201, r.text
    session = srv.client.get(GET_SESSION, headers=account.headers).json()
    assert session["session"]["expiresAt"] == iso_ms(claims["exp"])


def test_eddsa_tokens_verify_with_the_published_jwks(server_factory, tmp_path):
    kid = "todo-test-key-1"
    key_file = tmp_path / "signing-key.jwk"
    res = keygen(key_file, kid)
    assert res.returncode == 0, res.stderr
    private_jwk = json.loads(key_file.read_text())
    assert private_jwk["kty"] == "OKP" and private_jwk["crv"] == "Ed25519" and "d" in private_jwk

    srv = server_factory({"SIGNING_KEY_FILE": str(key_file)})
    r = srv.client.get(JWKS)
    assert r.status_code == 200, r.text
    keys = r.json()["keys"]
    assert len(keys) == 1, keys
    public = keys[0]
    assert public["kid"] == kid and public["kty"] == "OKP" and public["crv"] == "Ed25519", public
    assert public["x"] == private_jwk["x"], public
    assert "d" not in public, "the JWKS publishes the private key"

    account = Account(srv.client, name="Ed Person")
    header = jwt_header(account.token)
    assert header["alg"] == "EdDSA" and header["kid"] == kid, header
    pyjwk = jwt.PyJWK(public, algorithm="EdDSA")
    claims = jwt.decode(account.token, pyjwk.key, algorithms=["EdDSA"])
    assert claims["sub"] == account.id and claims["email"] == account.email and claims["name"] == "Ed Person"
    assert claims["exp"] - claims["iat"] == 900
    with pytest.raises(jwt.InvalidTokenError):
        jwt.decode(account.token, srv.secret, algorithms=["HS256"])
    # refreshed tokens too, and the server's own routes accept them
    refreshed = srv.client.post(REFRESH, json={"refresh_token": account.refresh_token}).json()
    assert jwt_header(refreshed["token"])["kid"] == kid
    assert jwt.decode(refreshed["token"], pyjwk.key, algorithms=["EdDSA"])["sub"] == account.id
    r = srv.client.post(account.tasks_path(), json={"title": "signed with EdDSA"}, headers=bearer(refreshed["token"]))
    assert r.status_code == 201, r.text
    assert srv.client.get(GET_SESSION, headers=account.headers).json()["session"]["userId"] == account.id
