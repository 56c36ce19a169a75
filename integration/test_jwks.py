"""Asymmetric tokens shaped like Better Auth's jwt() plugin, verified with keys from JWKS_FILE and JWKS_URL.

Keys are generated here with Python `cryptography`, tokens signed with PyJWT (or by hand when malformed), and the
JWKS URL is served by a small HTTP server in this process that counts its requests. Every request goes through
nginx to the responder: `GET /api/{sub}/tasks` with `Authorization: Bearer`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from conftest import assert_no_leak, assert_www_authenticate, b64url, raw_hs256, raw_segments
from jwks_support import (
    ALGORITHMS, MISSING_CLAIM, ORIGIN, JwksServer, b64url_decode, bearer, better_auth_payload,
    better_auth_user_id, claims_of, ec_signature_parts, ec_size, flip_signature_bit, generate_key, get_tasks,
    header_of, jwk_set, new_kid, poll, segments, self_signed_cert_der, start_expecting_failure, swap_payload,
    unsigned, with_signature, write_jwks,
)


# ---------------------------------------------------------------------------------------------- helpers

def start(server_factory, **env):
    """A responder + nginx with iss = aud = ORIGIN required, symmetric JWKS keys refused and the default refresh
    interval, unless told otherwise."""
    full = {"JWT_ISSUER": ORIGIN, "JWT_AUDIENCE": ORIGIN, "JWKS_ALLOW_SYMMETRIC": "0",
            "JWKS_REFRESH_SECONDS": "60"}
    full.update({k: str(v) for k, v in env.items()})
    return server_factory(full)


def stop(srv):
    rc = srv.stop()
    assert rc == 0, f"responder exited with {rc!r} on SIGTERM"


def accepted(srv, token: str, user_id: str | None = None):
    uid = user_id or claims_of(token)["sub"]
    r = get_tasks(srv, uid, token)
    assert r.status_code == 200, f"expected 200, got {r.status_code}: {r.text[:300]} (header {header_of(token)})"
    assert r.json() == [], r.text
    return r


def rejected(srv, token: str, user_id: str | None = None, *secrets_: str):
    """401 with `WWW-Authenticate: Bearer error="invalid_token"`, and nothing of the token in the answer."""
    if user_id is None:
        try:
            user_id = claims_of(token)["sub"]
        except Exception:  # noqa: BLE001 - a payload that is not JSON
            user_id = "someone"
    r = get_tasks(srv, user_id, token)
    assert_www_authenticate(r, invalid_token=True)
    parts = [p for p in token.split(".") if len(p) >= 16]
    assert_no_leak(r, token, *parts[1:], *secrets_)
    return r


def fresh(key, **claims) -> str:
    """A Better Auth-shaped token of a new user (so never the same bytes as an earlier token)."""
    return key.sign(better_auth_payload(**claims))


def invented_kid_token(attacker) -> str:
    return attacker.sign(better_auth_payload(), kid=new_kid("invented"))


def oct_jwk(secret: bytes, kid: str | None = None) -> dict:
    return {"kty": "oct", "k": b64url(secret), "alg": "HS256", "kid": kid or new_kid("oct")}


# ---------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def keys():
    return {alg: generate_key(alg) for alg in ALGORITHMS}


@pytest.fixture(scope="module")
def attacker():
    return generate_key("EdDSA", kid=new_kid("attacker"))


@pytest.fixture(scope="module")
def file_server(server_factory, keys, tmp_path_factory):
    path = write_jwks(tmp_path_factory.mktemp("jwks") / "jwks.json", jwk_set(*keys.values()))
    srv = start(server_factory, JWKS_FILE=path)
    yield srv
    stop(srv)


@pytest.fixture(scope="module")
def issuer(keys):
    iss = JwksServer(jwk_set(*keys.values()))
    yield iss
    iss.stop()


@pytest.fixture(scope="module")
def url_server(server_factory, issuer):
    srv = start(server_factory, JWKS_URL=issuer.url)
    yield srv
    stop(srv)


@pytest.fixture(params=["file", "url"])
def srv(request):
    """The same keys, from JWKS_FILE and from JWKS_URL."""
    return request.getfixturevalue(f"{request.param}_server")


# ---------------------------------------------------------------------------------------------- acceptance

@pytest.mark.parametrize("alg", ALGORITHMS)
def test_better_auth_token_is_accepted(srv, keys, alg):
    key = keys[alg]
    payload = better_auth_payload()
    tok = key.sign(payload)
    assert header_of(tok) == {"alg": alg, "kid": key.kid}  # exactly Better Auth's header: no typ
    accepted(srv, tok)
    r = srv.client.post(f"/api/{payload['sub']}/tasks", json={"title": f"signed with {alg}"}, headers=bearer(tok))
    assert r.status_code == 201, r.text
    assert r.json()["user_id"] == payload["sub"]
    assert [t["title"] for t in accepted_list(srv, tok)] == [f"signed with {alg}"]


def accepted_list(srv, tok):
    r = get_tasks(srv, claims_of(tok)["sub"], tok)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_repeated_token_keeps_answering_200_and_tampered_copy_401(srv, keys, alg):
    key = keys[alg]
    payload = better_auth_payload()
    tok = key.sign(payload)
    for _ in range(30):
        accepted(srv, tok)
    bad_sig = flip_signature_bit(tok)
    other = better_auth_payload()
    bad_payload = swap_payload(tok, other)  # someone else's claims under this token's signature
    bad_exp = swap_payload(tok, {**payload, "exp": payload["exp"] + 86400})
    for _ in range(3):
        rejected(srv, bad_sig)
        rejected(srv, bad_payload)
        rejected(srv, bad_exp)
    accepted(srv, tok)
    # The cached verdict is about the token, not the request: another user's path is still 403.
    r = get_tasks(srv, other["sub"], tok)
    assert r.status_code == 403, r.text


@pytest.mark.parametrize("alg", ["EdDSA", "ES256", "PS256"])
def test_same_token_from_many_threads_with_tampered_copies_interleaved(srv, keys, alg):
    key = keys[alg]
    tok = fresh(key)
    bad = flip_signature_bit(tok)
    uid = claims_of(tok)["sub"]
    url = f"{srv.base_url}/api/{uid}/tasks"
    jobs = [(tok, 200) if i % 3 else (bad, 401) for i in range(90)]

    def call(job):
        t, want = job
        with httpx.Client(timeout=30.0) as c:
            return want, c.get(url, headers=bearer(t)).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(call, jobs))
    wrong = [(want, got) for want, got in results if want != got]
    assert not wrong, f"{len(wrong)} of {len(results)} answers differ from expected: {wrong[:5]}"


@pytest.mark.parametrize("alg", ["EdDSA", "ES256", "RS256", "PS512"])
def test_token_without_kid_is_tried_against_keys_of_its_algorithm(srv, keys, alg):
    accepted(srv, keys[alg].sign(better_auth_payload(), kid=None))


@pytest.mark.parametrize("token_alg,key_alg", [("RS256", "PS256"), ("PS256", "RS256"), ("RS512", "RS256"),
                                               ("PS384", "PS256")])
def test_token_without_kid_is_not_tried_against_keys_of_another_algorithm(srv, keys, token_alg, key_alg):
    # Signed with the private key of a key in the set, but that key is for another algorithm.
    key = keys[key_alg]
    rejected(srv, key.sign(better_auth_payload(), alg=token_alg, kid=None))


def test_hs256_with_better_auth_secret_keeps_working(srv):
    uid = better_auth_user_id()
    accepted(srv, srv.token(uid, iss=ORIGIN, aud=ORIGIN), uid)
    rejected(srv, srv.token(uid, iss=ORIGIN, aud=ORIGIN, key="another secret of enough length 0123456789"), uid)


def test_single_jwk_file_is_accepted(server_factory, tmp_path):
    key = generate_key("EdDSA")
    path = write_jwks(tmp_path / "one.jwk", key.jwk())
    s = start(server_factory, JWKS_FILE=path)
    try:
        accepted(s, fresh(key))
        rejected(s, fresh(generate_key("EdDSA", kid=key.kid)))
    finally:
        stop(s)


def test_cached_token_is_not_used_past_its_exp(server_factory, tmp_path):
    key = generate_key("EdDSA")
    s = start(server_factory, JWKS_FILE=write_jwks(tmp_path / "jwks.json", jwk_set(key)), JWT_LEEWAY_SECONDS=0)
    try:
        now = int(time.time())
        tok = key.sign(better_auth_payload(iat=now, exp=now + 3))
        for _ in range(3):
            accepted(s, tok)
        poll(lambda: get_tasks(s, claims_of(tok)["sub"], tok).status_code == 401, timeout=20, interval=0.2,
             what="the expired (previously cached) token being refused")
        for _ in range(3):
            rejected(s, tok)
    finally:
        stop(s)


# ---------------------------------------------------------------------------------------------- rotation (JWKS_URL)

@pytest.fixture
def rotation(server_factory):
    """A responder fetching JWKS_URL with a 1 s refresh interval; the URL serves key `a` only at first."""
    a = generate_key("EdDSA")
    b = generate_key("ES256")
    iss = JwksServer(jwk_set(a))
    s = start(server_factory, JWKS_URL=iss.url, JWKS_REFRESH_SECONDS=1)
    yield s, iss, a, b
    stop(s)
    iss.stop()


def publish_and_wait(s, iss, new_key, *document_keys):
    iss.set_document(jwk_set(*document_keys))
    poll(lambda: get_tasks(s, *_sub_and(fresh(new_key))).status_code == 200, timeout=20, interval=0.2,
         what=f"a token of the new kid {new_key.kid} being accepted")


def _sub_and(tok):
    return claims_of(tok)["sub"], tok


def test_jwks_url_is_fetched_at_start(rotation):
    s, iss, a, _ = rotation
    poll(lambda: iss.count() >= 1, timeout=10, what="the startup fetch")
    assert iss.count() == 1
    accepted(s, fresh(a))
    assert iss.count() == 1  # a known kid does not cause a fetch


def test_new_kid_at_url_is_picked_up_without_restart(rotation):
    s, iss, a, b = rotation
    pid = s.proc.pid
    old = fresh(a)
    accepted(s, old)
    early = fresh(b)
    rejected(s, early)  # not published yet
    publish_and_wait(s, iss, b, a, b)
    assert s.proc.poll() is None and s.proc.pid == pid, "the responder was restarted"
    accepted(s, early)  # refused before the key was known: that answer was not cached
    accepted(s, old)  # the old kid still works while it is in the set
    accepted(s, fresh(a))
    accepted(s, fresh(b))


def test_removed_kid_is_refused_after_next_refetch(rotation, attacker):
    s, iss, a, b = rotation
    publish_and_wait(s, iss, b, a, b)
    old_a = fresh(a)
    for _ in range(5):
        accepted(s, old_a)  # now in the verification cache, if there is one
    iss.set_document(jwk_set(b))  # a retired
    before = iss.count()

    def refetched():
        rejected(s, invented_kid_token(attacker))  # an unknown kid is what triggers a refetch
        return iss.count() > before

    poll(refetched, timeout=20, interval=0.2, what="a refetch of the JWKS")
    rejected(s, fresh(a))
    rejected(s, old_a)  # a cached verdict must not outlive the key
    accepted(s, fresh(b))


@pytest.mark.parametrize("mode", ["sequential", "concurrent"])
@pytest.mark.parametrize("interval", [2, 60])
def test_flood_of_invented_kids_fetches_at_most_once_per_interval(server_factory, attacker, interval, mode):
    a = generate_key("EdDSA")
    iss = JwksServer(jwk_set(a))
    s = start(server_factory, JWKS_URL=iss.url, JWKS_REFRESH_SECONDS=interval)
    try:
        poll(lambda: iss.count() >= 1, timeout=10, what="the startup fetch")
        startup = iss.count()
        assert startup == 1
        tokens = [invented_kid_token(attacker) for _ in range(50)]
        url = f"{s.base_url}/api/someone/tasks"
        t0 = time.monotonic()
        if mode == "sequential":
            statuses = [s.client.get(url, headers=bearer(t)).status_code for t in tokens]
        else:
            def call(t):
                with httpx.Client(timeout=30.0) as c:
                    return c.get(url, headers=bearer(t)).status_code
            with ThreadPoolExecutor(max_workers=10) as pool:
                statuses = list(pool.map(call, tokens))
        elapsed = time.monotonic() - t0
        assert statuses == [401] * 50, statuses
        fetches = iss.count() - startup
        bound = math.ceil(elapsed / interval) + 1
        assert fetches <= bound, f"{fetches} fetches for 50 invented kids in {elapsed:.2f}s (at most {bound})"
        accepted(s, fresh(a))
    finally:
        stop(s)
        iss.stop()


@pytest.mark.parametrize("failure", ["stopped", "http-500", "not-json", "no-usable-key"])
def test_issuer_failure_keeps_the_last_good_keys(server_factory, attacker, failure):
    a = generate_key("EdDSA")
    iss = JwksServer(jwk_set(a))
    s = start(server_factory, JWKS_URL=iss.url, JWKS_REFRESH_SECONDS=1)
    try:
        old = fresh(a)
        accepted(s, old)
        oct_secret = b"an oct key served by the issuer, 32+ bytes long"
        oct_key = oct_jwk(oct_secret)
        if failure == "stopped":
            iss.stop()
            # Give the responder occasions to try (and fail) a refetch: unknown kids over > 2 intervals.
            t_end = time.monotonic() + 2.5
            while time.monotonic() < t_end:
                rejected(s, invented_kid_token(attacker))
                time.sleep(0.2)
        else:
            if failure == "http-500":
                iss.set_response(500, '{"error":"internal"}')
            elif failure == "not-json":
                iss.set_response(200, "<html>maintenance</html>")
            else:
                # Every member skipped (an oct key, an Ed25519 key of small order): no usable key, so a failure.
                identity = {"kty": "OKP", "crv": "Ed25519", "kid": new_kid("identity"),
                            "x": b64url(b"\x01" + bytes(31))}
                iss.set_document({"keys": [oct_key, identity]})
            before = iss.count()

            def refetched():
                rejected(s, invented_kid_token(attacker))
                return iss.count() > before

            poll(refetched, timeout=20, interval=0.2, what="a refetch attempt")
        accepted(s, fresh(a))
        accepted(s, old)
        if failure == "no-usable-key":
            uid = better_auth_user_id()
            tok = raw_hs256(oct_secret.decode(), *raw_segments({"alg": "HS256", "kid": oct_key["kid"]},
                                                               better_auth_payload(uid)))
            rejected(s, tok, uid)
        assert s.client.get("/api/health").status_code == 200
    finally:
        stop(s)
        iss.stop()


# ---------------------------------------------------------------------------------------------- 401s

def test_unknown_kid_is_401(srv, keys, attacker):
    rejected(srv, fresh(attacker))  # the attacker's own key and kid
    # A correct signature by a key in the set, but under a kid the set does not have.
    rejected(srv, keys["EdDSA"].sign(better_auth_payload(), kid=new_kid("unknown")))
    rejected(srv, keys["RS256"].sign(better_auth_payload(), kid=""))


@pytest.mark.parametrize("token_alg,signer,kid_of", [
    ("ES256", "ES256", "EdDSA"),   # ES256 token whose kid names an EdDSA key
    ("EdDSA", "EdDSA", "ES256"),
    ("RS256", "PS256", "PS256"),   # RS256 token for a PS256 key, signed with that key's own private key
    ("PS256", "RS256", "RS256"),
    ("RS512", "RS256", "RS256"),
    ("PS384", "PS256", "PS256"),
    ("ES384", "ES384", "ES256"),
], ids=lambda v: v)
def test_alg_key_mismatch_is_401(srv, keys, token_alg, signer, kid_of):
    tok = keys[signer].sign(better_auth_payload(), alg=token_alg, kid=keys[kid_of].kid)
    assert header_of(tok) == {"alg": token_alg, "kid": keys[kid_of].kid}
    rejected(srv, tok)


def _confusion_secret(key, kind: str) -> str:
    if kind == "pem":
        return key.public_pem()
    if kind == "pem-stripped":
        return key.public_pem().strip()
    if kind == "jwk-json":
        return json.dumps(key.jwk())  # as written in the JWKS file / served at the URL
    return json.dumps(key.jwk(), separators=(",", ":"))


@pytest.mark.parametrize("with_kid", [True, False], ids=["kid", "no-kid"])
@pytest.mark.parametrize("kind", ["pem", "pem-stripped", "jwk-json", "jwk-json-compact"])
@pytest.mark.parametrize("key_alg", ["EdDSA", "ES256", "RS256", "PS256"])
def test_hs256_signed_with_public_key_text_is_401(srv, keys, key_alg, kind, with_kid):
    key = keys[key_alg]
    header = {"alg": "HS256", "typ": "JWT"}
    if with_kid:
        header["kid"] = key.kid
    uid = better_auth_user_id()
    tok = raw_hs256(_confusion_secret(key, kind), *raw_segments(header, better_auth_payload(uid)))
    rejected(srv, tok, uid)


@pytest.mark.parametrize("variant", ["no-kid", "attacker-kid", "real-kid", "rsa"])
def test_embedded_jwk_header_is_not_used(srv, keys, attacker, variant):
    if variant == "rsa":
        evil = generate_key("RS256", kid=new_kid("attacker"))
        tok = evil.sign(better_auth_payload(), kid=None, headers={"jwk": evil.jwk()})
    else:
        kid = {"no-kid": None, "attacker-kid": attacker.kid, "real-kid": keys["EdDSA"].kid}[variant]
        tok = attacker.sign(better_auth_payload(), kid=kid, headers={"jwk": attacker.jwk()})
    assert "jwk" in header_of(tok)
    rejected(srv, tok)


@pytest.fixture
def attack_server(attacker):
    s = JwksServer(jwk_set(attacker), path="/.well-known/jwks.json")
    yield s
    s.stop()


@pytest.mark.parametrize("variant", ["jku-with-kid", "jku-no-kid", "x5u", "x5c"])
def test_jku_x5u_x5c_are_never_followed(srv, attacker, attack_server, variant):
    base = f"http://127.0.0.1:{attack_server.port}"
    headers = {
        "jku-with-kid": {"jku": attack_server.url},
        "jku-no-kid": {"jku": attack_server.url},
        "x5u": {"x5u": f"{base}/cert.pem"},
        "x5c": {"x5c": [base64.b64encode(self_signed_cert_der(attacker)).decode()]},
    }[variant]
    kid = None if variant == "jku-no-kid" else attacker.kid
    tok = attacker.sign(better_auth_payload(), kid=kid, headers=headers)
    rejected(srv, tok)
    rejected(srv, tok)
    accepted(srv, fresh_hs(srv))  # one more full round trip before counting
    assert attack_server.total() == 0, "the responder fetched a URL named in the token's header"


def fresh_hs(srv) -> str:
    return srv.token(better_auth_user_id(), iss=ORIGIN, aud=ORIGIN)


@pytest.mark.parametrize("zero", ["r=s=0", "r=0", "s=0"])
@pytest.mark.parametrize("alg", ["ES256", "ES384", "ES512"])
def test_ecdsa_zero_signature_values_are_401(srv, keys, alg, zero):
    key = keys[alg]
    n = ec_size(alg)
    tok = key.sign(better_auth_payload())
    sig = b64url_decode(segments(tok)[2])
    assert len(sig) == 2 * n
    if zero == "r=s=0":
        sig = bytes(2 * n)  # for ES256: 64 zero bytes
    elif zero == "r=0":
        sig = bytes(n) + sig[n:]
    else:
        sig = sig[:n] + bytes(n)
    rejected(srv, with_signature(tok, sig))


@pytest.mark.parametrize("alg", ["ES256", "ES384", "ES512"])
def test_ecdsa_der_signature_is_401(srv, keys, alg):
    key = keys[alg]
    h, p = raw_segments({"alg": alg, "kid": key.kid}, better_auth_payload())
    r, s, der = ec_signature_parts(key, f"{h}.{p}".encode())
    n = ec_size(alg)
    jose = f"{h}.{p}.{b64url(r.to_bytes(n, 'big') + s.to_bytes(n, 'big'))}"
    accepted(srv, jose)  # the same signature in JOSE's r||s form is good: only the encoding differs
    rejected(srv, f"{h}.{p}.{b64url(der)}")


@pytest.mark.parametrize("claims", [
    {"iss": "http://evil.example"},
    {"iss": ORIGIN + "/"},
    {"iss": MISSING_CLAIM},
    {"aud": "http://evil.example"},
    {"aud": ["http://evil.example"]},
    {"aud": MISSING_CLAIM},
    {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 4500},
    {"exp": MISSING_CLAIM},
    {"nbf": int(time.time()) + 3600},
], ids=["wrong-iss", "iss-trailing-slash", "no-iss", "wrong-aud", "wrong-aud-array", "no-aud", "expired",
        "no-exp", "nbf-future"])
@pytest.mark.parametrize("alg", ["EdDSA", "RS256"])
def test_wrong_claims_are_401(srv, keys, alg, claims):
    rejected(srv, keys[alg].sign(better_auth_payload(**claims)))


@pytest.mark.parametrize("alg_value", ["none", "None", "NONE"])
@pytest.mark.parametrize("signature", ["empty", "copied"])
def test_alg_none_is_401(srv, keys, alg_value, signature):
    key = keys["EdDSA"]
    payload = better_auth_payload()
    sig = b"" if signature == "empty" else b64url_decode(segments(key.sign(payload))[2])
    rejected(srv, unsigned({"alg": alg_value, "kid": key.kid}, payload, sig))
    rejected(srv, unsigned({"alg": alg_value}, payload, sig))


def test_unknown_crit_header_is_401(srv, keys):
    key = keys["EdDSA"]
    rejected(srv, key.sign(better_auth_payload(), headers={"crit": ["x-must-understand"], "x-must-understand": 1}))


# ---------------------------------------------------------------------------------------------- key use

@pytest.fixture(scope="module")
def usage_keys():
    return {
        "use-enc": generate_key("EdDSA", use="enc"),
        "key-ops-encrypt": generate_key("ES256", key_ops=["encrypt"]),
        "key-ops-sign-only": generate_key("RS256", key_ops=["sign"]),
        "use-sig": generate_key("EdDSA", use="sig"),
        "key-ops-verify": generate_key("ES256", key_ops=["verify"]),
    }


@pytest.fixture(scope="module", params=["file", "url"])
def usage_server(request, server_factory, usage_keys, tmp_path_factory):
    doc = jwk_set(*usage_keys.values())
    iss = None
    if request.param == "file":
        s = start(server_factory, JWKS_FILE=write_jwks(tmp_path_factory.mktemp("use") / "jwks.json", doc))
    else:
        iss = JwksServer(doc)
        s = start(server_factory, JWKS_URL=iss.url)
    yield s
    stop(s)
    if iss:
        iss.stop()


@pytest.mark.parametrize("name", ["use-enc", "key-ops-encrypt", "key-ops-sign-only"])
def test_key_not_for_verification_is_not_used(usage_server, usage_keys, name):
    key = usage_keys[name]
    rejected(usage_server, fresh(key))
    rejected(usage_server, key.sign(better_auth_payload(), kid=None))


@pytest.mark.parametrize("name", ["use-sig", "key-ops-verify"])
def test_key_for_verification_is_used(usage_server, usage_keys, name):
    accepted(usage_server, fresh(usage_keys[name]))


# ---------------------------------------------------------------------------------------------- oct keys

OCT_SECRET = b"oct-secret-" + hashlib.sha256(b"jwks oct key material").hexdigest().encode()


def _oct_token(secret: bytes, kid: str, uid: str) -> str:
    return raw_hs256(secret.decode("latin-1"), *raw_segments({"alg": "HS256", "kid": kid}, better_auth_payload(uid)))


@pytest.mark.parametrize("shape", ["set", "single-jwk"])
def test_oct_key_in_jwks_file_refuses_to_start(tmp_path, shape):
    """An oct key alone leaves no usable key. (Beside a good key it is skipped and the good key serves:
    test_hostile_keys.py.)"""
    jwk = oct_jwk(OCT_SECRET)
    doc = {"set": {"keys": [jwk]}, "single-jwk": jwk}[shape]
    path = write_jwks(tmp_path / "jwks.json", doc)
    rc, stderr = start_expecting_failure(tmp_path / "srv", {"JWKS_FILE": str(path), "JWKS_ALLOW_SYMMETRIC": "0"})
    assert rc != 0
    low = stderr.lower()
    assert "oct" in low or "symmetric" in low, f"stderr does not say what is wrong:\n{stderr}"
    for material in (jwk["k"], OCT_SECRET.decode(), OCT_SECRET.hex(), path.read_text()):
        assert material not in stderr, f"stderr contains key material:\n{stderr}"


def test_oct_key_in_jwks_file_is_used_when_allowed(server_factory, tmp_path):
    ed = generate_key("EdDSA")
    jwk = oct_jwk(OCT_SECRET)
    s = start(server_factory, JWKS_FILE=write_jwks(tmp_path / "jwks.json", jwk_set(ed, jwk)), JWKS_ALLOW_SYMMETRIC=1)
    try:
        uid = better_auth_user_id()
        accepted(s, _oct_token(OCT_SECRET, jwk["kid"], uid), uid)
        rejected(s, _oct_token(OCT_SECRET + b"x", jwk["kid"], uid), uid)
        accepted(s, fresh(ed))
        accepted(s, fresh_hs(s))
    finally:
        stop(s)


@pytest.mark.parametrize("allowed", [False, True], ids=["refused", "allowed"])
def test_oct_key_at_jwks_url(server_factory, allowed):
    jwk = oct_jwk(OCT_SECRET)
    iss = JwksServer({"keys": [jwk]})
    s = start(server_factory, JWKS_URL=iss.url, JWKS_ALLOW_SYMMETRIC=int(allowed))
    try:
        poll(lambda: iss.count() >= 1, timeout=10, what="the startup fetch")
        uid = better_auth_user_id()
        tok = _oct_token(OCT_SECRET, jwk["kid"], uid)
        if allowed:
            accepted(s, tok, uid)
        else:
            rejected(s, tok, uid)
        accepted(s, fresh_hs(s))
        assert s.client.get("/api/health").status_code == 200
        for material in (jwk["k"], OCT_SECRET.decode()):
            assert material not in s.stderr_text(), "the responder logged key material"
    finally:
        stop(s)
        iss.stop()
