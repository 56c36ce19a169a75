"""Hostile and unusable keys in a JWK Set (issue 13): an Ed25519 key of small order never verifies a forgery, and a
set degrades key by key — an unusable member is skipped with its reason (in the responder's log, `todo-fcgi doctor`
and `todo-fcgi token verify`) while the other keys serve; a set with no usable key stops the start.

Keys are generated with Python `cryptography`, the forged tokens written by hand; every request goes through nginx
to the responder (`GET /api/{sub}/tasks`)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from conftest import REPO_ROOT, TODO_FCGI_BIN, b64url, raw_hs256, raw_segments
from jwks_support import (
    JwksServer, KeyPair, b64u_int, bearer, better_auth_user_id, clean_env, generate_key, jwk_set, new_kid, poll,
    start_expecting_failure, unsigned, write_jwks,
)

SITE = REPO_ROOT / "nginx" / "todo-fcgi.site.conf"
DOCTOR_LINE = re.compile(r"^(ok|warn|skip|PROBLEM)\s+(\S+)\s+(.*)$")

# The eight points of order dividing 8, canonical encodings (libsodium's blocklist), as hex.
SMALL_ORDER = [
    "0100000000000000000000000000000000000000000000000000000000000000",  # the identity
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # order 2
    "0000000000000000000000000000000000000000000000000000000000000000",  # order 4
    "0000000000000000000000000000000000000000000000000000000000000080",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
]

# The forgery of issue 13: the identity as the key; R = identity, S = 0 verifies any message under it in OpenSSL 3.
IDENTITY_JWK = {"kty": "OKP", "crv": "Ed25519", "kid": "z", "x": "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
FORGED_SIGNATURE = b"\x01" + bytes(63)
FORGED = unsigned({"alg": "EdDSA", "kid": "z"}, {"sub": "victim", "exp": 9999999999}, FORGED_SIGNATURE)
OCT_SECRET = b"an oct key beside the good one, 32+ bytes long"


def small_order_jwk(hex_x: str, kid: str) -> dict:
    return {"kty": "OKP", "crv": "Ed25519", "kid": kid, "x": b64url(bytes.fromhex(hex_x))}


def rsa_1024() -> tuple[rsa.RSAPrivateKey, dict]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    nums = private.public_key().public_numbers()
    return private, {"kty": "RSA", "alg": "RS256", "kid": "weak-rsa", "n": b64u_int(nums.n), "e": b64u_int(nums.e)}


def rs256_by_hand(private: rsa.RSAPrivateKey, kid: str, payload: dict) -> str:
    """RS256 signed with `cryptography` directly (PyJWT may refuse a key this short)."""
    head = b64url(json.dumps({"alg": "RS256", "kid": kid}, separators=(",", ":")))
    body = b64url(json.dumps(payload, separators=(",", ":")))
    signature = private.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64url(signature)}"


def token_of(key: KeyPair, sub: str | None = None) -> tuple[str, str]:
    uid = sub or better_auth_user_id()
    return uid, key.sign({"sub": uid, "exp": 9999999999})


def start(server_factory, **env):
    """A responder + nginx with the given key source; no iss/aud required (the forged token has neither)."""
    full = {"JWKS_ALLOW_SYMMETRIC": "0", "JWKS_REFRESH_SECONDS": "60"}
    full.update({k: str(v) for k, v in env.items()})
    return server_factory(full)


def status(srv, uid: str, token: str) -> int:
    return srv.client.get(f"/api/{uid}/tasks", headers=bearer(token)).status_code


def log_with(srv, text: str) -> str | None:
    """The responder's log once it holds `text`, else None."""
    log = srv.log_messages()
    return log if text in log else None


def assert_no_key_material(text: str, *jwks: dict):
    for jwk in jwks:
        for member in ("x", "n", "k", "d"):
            value = jwk.get(member)
            if value and len(value) >= 16 and set(value) != {"A"}:
                assert value not in text, f"{member} of {jwk.get('kid')} was printed:\n{text}"


# ---------------------------------------------------------------------------------------------- the tools

class Doctor:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.rc, self.out, self.err = proc.returncode, proc.stdout, proc.stderr
        self.checks = {}
        for line in self.out.splitlines():
            m = DOCTOR_LINE.match(line)
            if m:
                assert m.group(2) not in self.checks, f"two lines for {m.group(2)}:\n{self!r}"
                self.checks[m.group(2)] = (m.group(1), m.group(3))

    def __repr__(self):
        return f"rc={self.rc}\nstdout:\n{self.out}\nstderr:\n{self.err}"


def doctor(tmp_path: Path, **env) -> Doctor:
    app, run = tmp_path / "app", tmp_path / "run"
    app.mkdir(exist_ok=True)
    run.mkdir(mode=0o750, exist_ok=True)
    e = clean_env()
    e.update({"BETTER_AUTH_SECRET": "hostile-keys-" + "s" * 40, "DATABASE_PATH": str(tmp_path / "data" / "todo.db"),
              "FCGI_SOCKET": f"unix:{run / 'todo.sock'}"})
    e.update({k: str(v) for k, v in env.items()})
    proc = subprocess.run([str(TODO_FCGI_BIN), "doctor", "--site", str(SITE)], cwd=app, env=e,
                          capture_output=True, text=True, timeout=60)
    return Doctor(proc)


def token_verify(tmp_path: Path, jwks: Path, token: str) -> subprocess.CompletedProcess:
    cwd = tmp_path / "cli"
    cwd.mkdir(exist_ok=True)
    return subprocess.run([str(TODO_FCGI_BIN), "token", "verify", "--jwks", str(jwks), "--signature-only", token],
                          cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=60)


# ---------------------------------------------------------------------------------------------- small order

@pytest.mark.parametrize("source", ["file", "url"])
def test_identity_key_forgery_is_401_and_the_key_is_reported_skipped(server_factory, tmp_path, source):
    good = generate_key("EdDSA", kid="good")
    document = jwk_set(IDENTITY_JWK, good)
    iss = None
    if source == "file":
        s = start(server_factory, JWKS_FILE=write_jwks(tmp_path / "jwks.json", document))
    else:
        iss = JwksServer(document)
        s = start(server_factory, JWKS_URL=iss.url)
    try:
        assert status(s, "victim", FORGED) == 401
        # Without a kid the token is tried against every EdDSA key: still refused.
        assert status(s, "victim", unsigned({"alg": "EdDSA"}, {"sub": "victim", "exp": 9999999999},
                                            FORGED_SIGNATURE)) == 401
        uid, tok = token_of(good)
        assert status(s, uid, tok) == 200
        log = poll(lambda: log_with(s, 'skipped kid "z"'), timeout=10, what="the skipped key in the log")
        line = next(line for line in log.splitlines() if 'skipped kid "z"' in line)
        assert "small order" in line and ("JWKS_FILE" if source == "file" else "JWKS_URL") in line, line
        assert_no_key_material(log, good.jwk())
    finally:
        s.stop()
        if iss:
            iss.stop()


def test_every_small_order_key_is_skipped_and_forges_nothing(server_factory, tmp_path):
    good = generate_key("EdDSA", kid="good")
    low = [small_order_jwk(x, f"low-{i}") for i, x in enumerate(SMALL_ORDER)]
    s = start(server_factory, JWKS_FILE=write_jwks(tmp_path / "jwks.json", jwk_set(*low, good)))
    try:
        for jwk in low:
            # R = identity, S = 0, and R = the key itself, S = 0: the trivial forgeries under a small-order key.
            for r in (b"\x01" + bytes(31), bytes.fromhex(SMALL_ORDER[int(jwk["kid"][4:])])):
                header = {"alg": "EdDSA", "kid": jwk["kid"]}
                tok = unsigned(header, {"sub": "victim", "exp": 9999999999}, r + bytes(32))
                assert status(s, "victim", tok) == 401, jwk
        uid, tok = token_of(good)
        assert status(s, uid, tok) == 200
        log = s.log_messages()
        for jwk in low:
            assert f'skipped kid "{jwk["kid"]}" (OKP): invalid key: x is a point of small order' in log, log
    finally:
        s.stop()


def test_doctor_and_token_verify_report_the_skipped_key(tmp_path):
    good = generate_key("EdDSA", kid="good")
    path = write_jwks(tmp_path / "jwks.json", jwk_set(IDENTITY_JWK, good))
    res = doctor(tmp_path, JWKS_FILE=path)
    assert res.checks["jwks-file"][0] == "ok" and "1 usable key (EdDSA)" in res.checks["jwks-file"][1], res
    level, text = res.checks["jwks-file[0]"]
    assert level == "warn" and 'kid "z"' in text and "small order" in text, res
    assert_no_key_material(res.out + res.err, good.jwk())

    cli = token_verify(tmp_path, path, FORGED)
    assert cli.returncode == 1, cli
    assert re.search(r"^verdict:\s*invalid\s*$", cli.stdout, re.MULTILINE), cli.stdout
    assert re.search(r'^skipped: JWKS_FILE .*: skipped kid "z" \(OKP\): .*small order', cli.stdout, re.MULTILINE), \
        cli.stdout
    assert re.search(r'^\s*FAIL\s+signature\b.*kid "z".*was skipped', cli.stdout, re.MULTILINE), cli.stdout
    uid, tok = token_of(good)
    ok = token_verify(tmp_path, path, tok)
    assert ok.returncode == 0 and "verdict: valid" in ok.stdout and 'skipped kid "z"' in ok.stdout, ok.stdout

    # The identity key alone: no usable key. token verify still explains the refusal.
    alone = write_jwks(tmp_path / "alone.json", jwk_set(IDENTITY_JWK))
    cli = token_verify(tmp_path, alone, FORGED)
    assert cli.returncode == 1 and "verdict: invalid" in cli.stdout, cli
    assert 'skipped kid "z" (OKP)' in cli.stdout, cli.stdout


# ---------------------------------------------------------------------------------------------- key by key

def test_rsa_1024_is_skipped_and_the_ed25519_key_serves(server_factory, tmp_path):
    private, weak = rsa_1024()
    good = generate_key("EdDSA", kid="good")
    path = write_jwks(tmp_path / "jwks.json", jwk_set(weak, good))
    s = start(server_factory, JWKS_FILE=path)
    try:
        uid, tok = token_of(good)
        assert status(s, uid, tok) == 200
        uid = better_auth_user_id()
        assert status(s, uid, rs256_by_hand(private, "weak-rsa", {"sub": uid, "exp": 9999999999})) == 401
        log = s.log_messages()
        assert re.search(r'skipped kid "weak-rsa" \(RSA, RS256\): key is too weak', log), log
        assert_no_key_material(log, weak)
    finally:
        s.stop()
    res = doctor(tmp_path, JWKS_FILE=path)
    assert res.rc == 0, res
    assert res.checks["jwks-file"][0] == "ok", res
    level, text = res.checks["jwks-file[0]"]
    assert level == "warn" and 'kid "weak-rsa"' in text and "too weak" in text, res
    cli = token_verify(tmp_path, path, tok)
    assert cli.returncode == 0 and 'skipped kid "weak-rsa"' in cli.stdout, cli


def test_oct_key_is_skipped_and_the_ed25519_key_serves(server_factory, tmp_path):
    oct_jwk = {"kty": "oct", "alg": "HS256", "kid": "shared", "k": b64url(OCT_SECRET)}
    good = generate_key("EdDSA", kid="good")
    s = start(server_factory, JWKS_FILE=write_jwks(tmp_path / "jwks.json", jwk_set(oct_jwk, good)))
    try:
        uid, tok = token_of(good)
        assert status(s, uid, tok) == 200
        uid = better_auth_user_id()
        forged = raw_hs256(OCT_SECRET.decode(), *raw_segments({"alg": "HS256", "kid": "shared"},
                                                              {"sub": uid, "exp": 9999999999}))
        assert status(s, uid, forged) == 401
        log = s.log_messages()
        assert 'skipped kid "shared" (oct, HS256): symmetric keys are not accepted here' in log, log
        assert OCT_SECRET.decode() not in log and oct_jwk["k"] not in log, log
    finally:
        s.stop()


def test_a_set_of_only_bad_keys_stops_the_start(tmp_path):
    _, weak = rsa_1024()
    oct_jwk = {"kty": "oct", "kid": "shared", "k": b64url(OCT_SECRET)}
    encryption = generate_key("EdDSA", kid="for-encryption", use="enc").jwk()
    members = [IDENTITY_JWK, weak, oct_jwk, encryption]
    path = write_jwks(tmp_path / "jwks.json", jwk_set(*members))
    rc, stderr = start_expecting_failure(tmp_path / "srv", {"JWKS_FILE": str(path), "JWKS_ALLOW_SYMMETRIC": "0"})
    assert rc != 0
    assert "holds no usable key" in stderr, stderr
    for kid in ("z", "weak-rsa", "shared", "for-encryption"):
        assert f'kid "{kid}"' in stderr, stderr
    assert_no_key_material(stderr, *members)
    assert OCT_SECRET.decode() not in stderr

    res = doctor(tmp_path, JWKS_FILE=path)
    assert res.rc == 1, res
    level, text = res.checks["jwks-file"]
    assert level == "PROBLEM" and "holds no usable key" in text and 'kid "z"' in text, res
    assert_no_key_material(res.out + res.err, *members)


def test_url_set_with_a_new_kid_beside_bad_keys_serves(server_factory):
    """JWKS_URL degrades key by key too: a refetch on an unknown kid installs the good keys, skips the bad."""
    first = generate_key("EdDSA", kid=new_kid("first"))
    iss = JwksServer(jwk_set(first))
    s = start(server_factory, JWKS_URL=iss.url, JWKS_REFRESH_SECONDS=1)
    try:
        uid, tok = token_of(first)
        assert status(s, uid, tok) == 200
        second = generate_key("EdDSA", kid=new_kid("second"))
        iss.set_document(jwk_set(IDENTITY_JWK, rsa_1024()[1], first, second))
        uid, tok = token_of(second)
        poll(lambda: status(s, uid, tok) == 200, timeout=20, interval=0.3, what="the second key to serve")
        assert status(s, "victim", FORGED) == 401
        log = s.log_messages()
        assert 'skipped kid "z"' in log and 'skipped kid "weak-rsa"' in log, log
    finally:
        s.stop()
        iss.stop()
