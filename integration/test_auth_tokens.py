"""Bearer JWT authentication of task routes (API.md, "Authentication of API calls").

Every token is minted by PyJWT (or, for malformed ones, with Python's hmac), never by the project's code.
"""

import base64
import hashlib
import json
import secrets
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from conftest import (assert_no_leak, assert_www_authenticate, b64url, make_token, new_user, raw_hs256,
                      raw_segments)

NOW = lambda: int(time.time())  # noqa: E731


@pytest.fixture
def uid():
    return new_user("auth")


def call(server, uid, auth_value=None, method="GET", suffix="", headers=None, **kw):
    h = dict(headers or {})
    if auth_value is not None:
        h["Authorization"] = auth_value
    return server.client.request(method, f"/api/{uid}/tasks{suffix}", headers=h, **kw)


def assert_ok(r):
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:300]}"
    assert isinstance(r.json(), list)


def assert_rejected(r, tok=None, secret=None):
    assert_www_authenticate(r, invalid_token=True)
    assert_no_leak(r, tok, secret)


# ------------------------------------------------------------------------------------------ baseline

def test_valid_token_is_accepted(server, uid):
    assert_ok(call(server, uid, f"Bearer {server.token(uid)}"))


def test_no_authorization_header_is_401_with_bearer_challenge(server, uid):
    r = call(server, uid)
    assert_www_authenticate(r, invalid_token=False)
    assert "invalid_token" not in r.headers["www-authenticate"], "no token was sent (RFC 6750 3.1)"


@pytest.mark.parametrize("method,suffix,body", [
    ("GET", "", None), ("POST", "", {"title": "x"}), ("GET", "/1", None), ("PUT", "/1", {"title": "x"}),
    ("PATCH", "/1", {"title": "x"}), ("PATCH", "/1/complete", None), ("DELETE", "/1", None),
])
def test_every_task_route_requires_a_token(server, uid, method, suffix, body):
    kw = {"json": body} if body is not None else {}
    assert_www_authenticate(call(server, uid, None, method, suffix, **kw), invalid_token=False)
    r = call(server, uid, "Bearer not-a-jwt", method, suffix, **kw)
    assert_rejected(r, "not-a-jwt")
    expired = server.token(uid, exp=NOW() - 3600)
    assert_rejected(call(server, uid, f"Bearer {expired}", method, suffix, **kw), expired)
    assert server.user(user_id=uid).list() == [], "nothing was created by a rejected request"


@pytest.mark.parametrize("value", ["Basic dXNlcjpwYXNzd29yZA==", "Bearer", "Token abc.def.ghi",
                                   "Digest username=x", "", "Bearerabc.def.ghi",
                                   "Bearer a.b .c", "Bearer a b c"])
def test_other_schemes_and_empty_credentials_are_401(server, uid, value):
    r = call(server, uid, value)
    assert_www_authenticate(r, invalid_token=False)  # a Bearer challenge; error code optional here
    assert server.user(user_id=uid).list() == []


# ------------------------------------------------------------------------------------------ malformed

def _standard_alphabet_token(secret, uid):
    """A token whose signature is written in the standard base64 alphabet (+, /) instead of base64url."""
    for i in range(200):
        tok = make_token(secret, uid, nonce=i)
        head, payload, sig = tok.split(".")
        std = sig.replace("-", "+").replace("_", "/")
        if std != sig:
            return f"{head}.{payload}.{std}"
    raise AssertionError("could not produce a signature with - or _")


def _padded_payload_token(secret, uid):
    """A correctly signed token whose payload segment carries base64 '=' padding."""
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}))
    for i in range(8):
        raw = json.dumps({"sub": uid, "exp": NOW() + 900, "n": "x" * i}).encode()
        if len(raw) % 3:
            padded = base64.urlsafe_b64encode(raw).decode()
            assert padded.endswith("=")
            return raw_hs256(secret, head, padded)
    raise AssertionError("unreachable")


def malformed_tokens(secret, uid):
    good = make_token(secret, uid)
    head, payload, sig = good.split(".")
    claims = {"sub": uid, "exp": NOW() + 900}
    hs_header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}))
    return {
        "two parts": f"{head}.{payload}",
        "four parts": f"{good}.{sig}",
        "one part": payload,
        "empty segments": "..",
        "padded signature": f"{good}=",
        "padded signature 2": f"{good}==",
        "padded payload": _padded_payload_token(secret, uid),
        "standard base64 alphabet": _standard_alphabet_token(secret, uid),
        "bad base64 in payload": f"{head}.{payload[:10]}!!!{payload[10:]}.{sig}",
        "bad base64 in header": f"*{head[1:]}.{payload}.{sig}",
        "non-JSON header": raw_hs256(secret, b64url("this is not json"), b64url(json.dumps(claims))),
        "JSON array header": raw_hs256(secret, b64url("[]"), b64url(json.dumps(claims))),
        "header without alg": raw_hs256(secret, b64url('{"typ":"JWT"}'), b64url(json.dumps(claims))),
        "non-JSON payload": raw_hs256(secret, hs_header, b64url("not json either")),
        "JSON array payload": raw_hs256(secret, hs_header, b64url(json.dumps([claims]))),
        "truncated signature": f"{head}.{payload}.{sig[:-4]}",
        "flipped signature": f"{head}.{payload}.{sig[:-1]}{'A' if sig[-1] != 'A' else 'B'}",
        "tampered payload": f"{head}.{b64url(json.dumps({**claims, 'sub': uid + 'x'}))}.{sig}",
    }


MALFORMED_NAMES = list(malformed_tokens("x" * 64, "placeholder").keys())


@pytest.mark.parametrize("name", MALFORMED_NAMES)
def test_malformed_tokens_are_401_invalid_token(server, uid, name):
    tok = malformed_tokens(server.secret, uid)[name]
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok, server.secret)


# ------------------------------------------------------------------------------------------ signature / alg

def test_wrong_secret_is_401(server, uid):
    for key in (secrets.token_hex(32), server.secret[:32], server.secret + "x", server.secret.upper()):
        if key == server.secret:
            continue
        tok = make_token(key, uid)
        assert_rejected(call(server, uid, f"Bearer {tok}"), tok, server.secret)


def test_alg_none_from_pyjwt_is_401(server, uid):
    tok = make_token(None, uid, alg="none")
    assert tok.endswith(".") and jwt.get_unverified_header(tok)["alg"] == "none"
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)


@pytest.mark.parametrize("alg_header", ["none", "None", "NONE", "nOnE"])
def test_alg_none_is_401(server, uid, alg_header):
    head, payload = raw_segments({"alg": alg_header, "typ": "JWT"}, {"sub": uid, "exp": NOW() + 900})
    tok = f"{head}.{payload}."
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)
    # the same, with the real HS256 signature appended
    signed = server.token(uid)
    tok2 = tok[:-1] + signed.split(".")[2]
    assert_rejected(call(server, uid, f"Bearer {tok2}"), tok2)


def test_hs256_header_with_signature_stripped_is_401(server, uid):
    good = server.token(uid)
    stripped = good.rsplit(".", 1)[0] + "."
    assert_rejected(call(server, uid, f"Bearer {stripped}"), stripped)


def test_header_alg_must_match_signature(server, uid):
    claims = {"sub": uid, "exp": NOW() + 900}
    for label, digest in (("HS256", hashlib.sha512), ("HS512", hashlib.sha256), ("HS384", hashlib.sha256),
                          ("HS256", hashlib.sha384)):
        tok = raw_hs256(server.secret, *raw_segments({"alg": label, "typ": "JWT"}, claims), digest=digest)
        assert_rejected(call(server, uid, f"Bearer {tok}"), tok)
    # control: the same construction with matching labels is accepted
    for label, digest in (("HS256", hashlib.sha256), ("HS384", hashlib.sha384), ("HS512", hashlib.sha512)):
        tok = raw_hs256(server.secret, *raw_segments({"alg": label, "typ": "JWT"}, claims), digest=digest)
        assert_ok(call(server, uid, f"Bearer {tok}"))


@pytest.mark.parametrize("alg", ["HS384", "HS512"])
def test_hs384_and_hs512_with_the_secret_are_accepted(server, uid, alg):
    tok = make_token(server.secret, uid, alg=alg)
    assert jwt.get_unverified_header(tok)["alg"] == alg
    assert_ok(call(server, uid, f"Bearer {tok}"))


@pytest.mark.parametrize("alg", ["RS256", "PS256", "ES256", "EdDSA"])
def test_asymmetric_tokens_from_unknown_keys_are_401(server, uid, alg):
    if alg in ("RS256", "PS256"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif alg == "ES256":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        key = ed25519.Ed25519PrivateKey.generate()
    tok = make_token(None, uid, alg=alg, key=key)
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)
    # An embedded key (jwk / x5c / jku headers) is never trusted.
    pub = json.loads(jwt.algorithms.get_default_algorithms()[alg].to_jwk(key.public_key()))
    tok = make_token(None, uid, alg=alg, key=key, headers={"jwk": pub, "kid": "attacker"})
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)
    tok = make_token(None, uid, alg=alg, key=key, headers={"jku": "http://127.0.0.1:1/jwks.json", "kid": "x"})
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)


def test_secret_used_as_hmac_over_other_alg_label_is_401(server, uid):
    # An HS256 MAC sent with an asymmetric alg label: the algorithm comes from the key, not the token.
    for label in ("RS256", "EdDSA", "ES256", "PS256", "hs256", "HS256 ", "HS257", ""):
        head, payload = raw_segments({"alg": label, "typ": "JWT"}, {"sub": uid, "exp": NOW() + 900})
        tok = raw_hs256(server.secret, head, payload)
        assert_rejected(call(server, uid, f"Bearer {tok}"), tok)


def test_unknown_crit_header_is_401(server, uid):
    tok = make_token(server.secret, uid, headers={"crit": ["x-unknown"], "x-unknown": True})
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)
    tok = make_token(server.secret, uid, headers={"crit": ["exp"]})  # a claim name is not an extension
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)
    tok = make_token(server.secret, uid, headers={"crit": []})  # RFC 7515: must not be empty
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)


# ------------------------------------------------------------------------------------------ time claims

def test_expired_beyond_leeway_is_401(server, uid):
    tok = server.token(uid, exp=NOW() - 120)
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)


def test_expired_within_default_leeway_is_accepted(server, uid):
    assert_ok(call(server, uid, f"Bearer {server.token(uid, exp=NOW() - 10)}"))
    assert_ok(call(server, uid, f"Bearer {server.token(uid, exp=NOW() - 30)}"))


def test_missing_exp_is_401(server, uid):
    tok = server.token(uid, exp=None)
    assert "exp" not in jwt.decode(tok, options={"verify_signature": False})
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)


@pytest.mark.parametrize("exp", ["9999999999", None, True, [9999999999], {"t": 1}])
def test_non_numeric_exp_is_401(server, uid, exp):
    raw = raw_hs256(server.secret, b64url(json.dumps({"alg": "HS256", "typ": "JWT"})),
                    b64url(json.dumps({"sub": uid, "exp": exp})))
    assert_rejected(call(server, uid, f"Bearer {raw}"), raw)


def test_fractional_exp_is_accepted(server, uid):
    """RFC 7519 NumericDate may be non-integer."""
    assert_ok(call(server, uid, f"Bearer {server.token(uid, exp=time.time() + 900.5)}"))


@pytest.mark.parametrize("claim", ["nbf", "iat"])
def test_nbf_or_iat_beyond_the_leeway_in_the_future_is_401(server, uid, claim):
    tok = server.token(uid, **{claim: NOW() + 300})
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)


@pytest.mark.parametrize(("claim", "offset"), [("nbf", -10), ("nbf", 10), ("iat", -100), ("iat", 0)])
def test_nbf_or_iat_in_the_past_or_within_the_leeway_is_accepted(server, uid, claim, offset):
    assert_ok(call(server, uid, f"Bearer {server.token(uid, **{claim: NOW() + offset})}"))


def test_unconfigured_iss_and_aud_are_not_checked(server, uid):
    tok = server.token(uid, iss="https://anyone.example", aud=["x", "y"])
    assert_ok(call(server, uid, f"Bearer {tok}"))


def test_extra_claims_like_better_auth_user_object_are_accepted(server, uid):
    tok = server.token(uid, iat=NOW(), id=uid, name="Alice", email="a@example.com", emailVerified=False,
                       image=None, createdAt="2026-01-01T00:00:00.000Z", jti=secrets.token_hex(8))
    assert_ok(call(server, uid, f"Bearer {tok}"))


# ------------------------------------------------------------------------------------------ sub

@pytest.mark.parametrize("sub", ["<missing>", "", 123, None, ["a"], {"id": "a"}, True])
def test_sub_must_be_a_non_empty_string(server, uid, sub):
    claims = {"exp": NOW() + 900}
    if sub != "<missing>":
        claims["sub"] = sub
    tok = jwt.encode(claims, server.secret, algorithm="HS256")
    assert_rejected(call(server, uid, f"Bearer {tok}"), tok)
    # and a numeric sub does not match a numeric-looking path either
    if sub == 123:
        assert_rejected(call(server, "123", f"Bearer {tok}"), tok)


def test_user_comes_from_sub_not_from_body_or_query(server, uid):
    other = new_user("other")
    owner = server.user(user_id=uid)
    r = call(server, uid, f"Bearer {owner.token}", "POST", params={"user_id": other, "sub": other},
             json={"title": "x", "user_id": other, "sub": other})
    assert r.status_code == 201, r.text
    assert r.json()["user_id"] == uid
    assert server.user(user_id=other).list() == []


# ------------------------------------------------------------------------------------------ transport

@pytest.mark.parametrize("param", ["token", "access_token", "jwt", "auth"])
def test_token_in_query_string_is_not_accepted(server, uid, param):
    tok = server.token(uid)
    r = server.client.get(f"/api/{uid}/tasks", params={param: tok})
    assert_www_authenticate(r, invalid_token=False)
    assert_no_leak(r, tok)


@pytest.mark.parametrize("cookie", ["token", "access_token", "better-auth.session_token", "session", "jwt"])
def test_token_in_cookie_is_not_accepted(server, uid, cookie):
    tok = server.token(uid)
    r = server.client.get(f"/api/{uid}/tasks", headers={"Cookie": f"{cookie}={tok}"})
    assert_www_authenticate(r, invalid_token=False)
    assert_no_leak(r, tok)


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "BeArEr", "Bearer"])
def test_scheme_is_case_insensitive(server, uid, scheme):
    assert_ok(call(server, uid, f"{scheme} {server.token(uid)}"))


def test_two_authorization_headers_are_401(server, uid):
    good = server.token(uid)
    good2 = server.token(uid, jti="second")
    pairs = [(good, good), (good, good2), (good, "garbage"), ("garbage", good)]
    for first, second in pairs:
        r = server.client.get(f"/api/{uid}/tasks", headers=[("Authorization", f"Bearer {first}"),
                                                            ("Authorization", f"Bearer {second}")])
        assert r.status_code == 401, (first[-10:], second[-10:], r.status_code, r.text[:200])
        assert r.headers.get("www-authenticate", "").lower().startswith("bearer")
        assert_no_leak(r, good, good2)
    # a single one still works afterwards
    assert_ok(call(server, uid, f"Bearer {good}"))


def test_rejected_token_never_echoed(server, uid):
    tok = make_token(secrets.token_hex(32), uid)
    for suffix, method in [("", "GET"), ("/1", "GET"), ("/1", "DELETE")]:
        r = call(server, uid, f"Bearer {tok}", method, suffix)
        assert_rejected(r, tok, server.secret)
        for part in tok.split("."):
            assert part not in r.text
