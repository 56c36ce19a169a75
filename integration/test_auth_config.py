"""JWT_ISSUER, JWT_AUDIENCE and JWT_LEEWAY_SECONDS, on a second server started with them set."""

import time

import pytest

from conftest import assert_no_leak, assert_www_authenticate, new_user

ISSUER = "https://todo.example.test"
AUDIENCE = "https://app.example.test"
LEEWAY = 5


@pytest.fixture(scope="module")
def strict(server_factory):
    return server_factory({"JWT_ISSUER": ISSUER, "JWT_AUDIENCE": AUDIENCE, "JWT_LEEWAY_SECONDS": str(LEEWAY)})


def call(srv, uid, tok):
    return srv.client.get(f"/api/{uid}/tasks", headers={"Authorization": f"Bearer {tok}"})


def ok(srv, uid, **claims):
    r = call(srv, uid, srv.token(uid, **claims))
    assert r.status_code == 200, (claims, r.status_code, r.text)
    assert r.json() == []


def rejected(srv, uid, **claims):
    tok = srv.token(uid, **claims)
    r = call(srv, uid, tok)
    assert_www_authenticate(r, invalid_token=True)
    assert_no_leak(r, tok, srv.secret)


def test_right_issuer_and_audience_are_accepted(strict):
    uid = new_user()
    ok(strict, uid, iss=ISSUER, aud=AUDIENCE)
    ok(strict, uid, iss=ISSUER, aud=["https://other.example", AUDIENCE])
    ok(strict, uid, iss=ISSUER, aud=[AUDIENCE])


def test_right_claims_can_create_tasks(strict):
    uid = new_user()
    tok = strict.token(uid, iss=ISSUER, aud=AUDIENCE)
    r = strict.client.post(f"/api/{uid}/tasks", json={"title": "strict"},
                           headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 201, r.text
    assert r.json()["user_id"] == uid


@pytest.mark.parametrize("claims", [
    {"iss": "https://evil.example", "aud": AUDIENCE},
    {"iss": ISSUER + "/", "aud": AUDIENCE},
    {"iss": ISSUER.upper(), "aud": AUDIENCE},
    {"aud": AUDIENCE},
    {"iss": "", "aud": AUDIENCE},
    {"iss": [ISSUER], "aud": AUDIENCE},
], ids=["other", "trailing-slash", "case", "missing", "empty", "array"])
def test_wrong_or_missing_issuer_is_401(strict, claims):
    rejected(strict, new_user(), **claims)


@pytest.mark.parametrize("claims", [
    {"iss": ISSUER, "aud": "https://evil.example"},
    {"iss": ISSUER, "aud": ["https://evil.example", "https://other.example"]},
    {"iss": ISSUER, "aud": []},
    {"iss": ISSUER},
    {"iss": ISSUER, "aud": AUDIENCE + "x"},
    {"iss": ISSUER, "aud": ""},
], ids=["other", "array-without", "empty-array", "missing", "suffix", "empty"])
def test_wrong_or_missing_audience_is_401(strict, claims):
    rejected(strict, new_user(), **claims)


def test_configured_leeway_is_used(strict):
    uid = new_user()
    now = int(time.time())
    # 30 s past exp: accepted under the default 60 s leeway, rejected with 5 s.
    rejected(strict, uid, iss=ISSUER, aud=AUDIENCE, exp=now - 30)
    rejected(strict, uid, iss=ISSUER, aud=AUDIENCE, nbf=now + 30)
    rejected(strict, uid, iss=ISSUER, aud=AUDIENCE, iat=now + 30)
    ok(strict, uid, iss=ISSUER, aud=AUDIENCE, exp=now - 1)
    ok(strict, uid, iss=ISSUER, aud=AUDIENCE, nbf=now + 1)


def test_default_server_still_accepts_30_seconds_past_exp(server):
    uid = new_user()
    ok(server, uid, exp=int(time.time()) - 30)
