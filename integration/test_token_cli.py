"""`todo-fcgi token verify [--jwks FILE] [--signature-only] [--now UNIXTIME] TOKEN`, run as a person would: the
binary itself, in an empty directory (so no .env applies), with the configuration in its environment.

Output: a `header:` line, a `claims:` line, one line per check (`ok`/`FAIL` and its name: signature, exp, nbf,
iat, iss, aud, sub, revoked) and `verdict: valid|invalid`. Exit 0 valid, 1 invalid, 2 usage error. Here there is
no database (an empty directory), so `revoked` says it was not checked; test_revocation.py checks it against a
server's database."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import time

import jwt
import pytest

from conftest import TODO_FCGI_BIN, b64url, make_token
from jwks_support import (
    ALGORITHMS, ORIGIN, better_auth_payload, clean_env, generate_key, jwk_set, write_jwks,
)

CHECKS = ["signature", "exp", "nbf", "iat", "iss", "aud", "sub", "revoked"]
CHECK_RE = re.compile(r"^\s*(ok|FAIL)\s+(\w+)\b", re.MULTILINE)
SECRET = "cli-secret-" + secrets.token_hex(24)


class Result:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.checks = {name: verdict for verdict, name in CHECK_RE.findall(self.out)}
        m = re.search(r"^verdict:\s*(\S+)\s*$", self.out, re.MULTILINE)
        self.verdict = m.group(1) if m else None

    def line(self, prefix: str) -> str | None:
        for line in self.out.splitlines():
            if line.startswith(prefix):
                return line[len(prefix):].strip()
        return None

    def json_line(self, prefix: str):
        text = self.line(prefix)
        assert text is not None, f"no {prefix!r} line:\n{self.out}"
        return json.loads(text)

    def __repr__(self):
        return f"rc={self.rc}\nstdout:\n{self.out}\nstderr:\n{self.err}"


@pytest.fixture
def cli(tmp_path):
    """cli(*args, **env) -> Result; the output never contains BETTER_AUTH_SECRET."""
    if not TODO_FCGI_BIN.exists():
        pytest.fail(f"responder binary not found: {TODO_FCGI_BIN}")
    workdir = tmp_path / "cwd"
    workdir.mkdir()

    def run(*args, secret: str | None = SECRET, **env) -> Result:
        e = clean_env()
        if secret is not None:
            e["BETTER_AUTH_SECRET"] = secret
        e.update({k: str(v) for k, v in env.items()})
        proc = subprocess.run([str(TODO_FCGI_BIN), "token", "verify", *map(str, args)], cwd=workdir, env=e,
                              capture_output=True, text=True, timeout=60)
        res = Result(proc)
        assert SECRET not in res.out and SECRET not in res.err, f"the secret was printed:\n{res!r}"
        return res

    return run


def hs256(sub="user-1", **claims) -> str:
    claims.setdefault("iat", int(time.time()))
    return make_token(SECRET, sub, **claims)


def assert_valid(res: Result, checks=CHECKS):
    assert res.rc == 0, res
    assert res.verdict == "valid", res
    assert res.checks == {c: "ok" for c in checks}, res


def assert_invalid(res: Result, failing: set, checks=CHECKS):
    assert res.rc == 1, res
    assert res.verdict == "invalid", res
    assert set(res.checks) == set(checks), res
    assert {c for c, v in res.checks.items() if v == "FAIL"} == failing, res


# ---------------------------------------------------------------------------------------------- HS256

def test_valid_hs256(cli):
    now = int(time.time())
    tok = hs256("user-1", iat=now, exp=now + 900)
    res = cli(tok)
    assert_valid(res)
    assert res.json_line("header:") == {"alg": "HS256", "typ": "JWT"}
    assert res.json_line("claims:") == {"sub": "user-1", "iat": now, "exp": now + 900}


def test_expired_hs256_fails_exp(cli):
    now = int(time.time())
    res = cli(hs256(iat=now - 7200, exp=now - 3600))
    assert_invalid(res, {"exp"})


def test_now_before_iat_beyond_leeway_fails(cli):
    now = int(time.time())
    tok = hs256(iat=now, exp=now + 900)
    assert_valid(cli("--now", now - 30, tok))  # within the default 60 s leeway
    res = cli("--now", now - 3600, tok)
    assert res.rc == 1 and res.verdict == "invalid", res
    assert res.checks.get("iat") == "FAIL", res
    assert res.checks.get("signature") == "ok" and res.checks.get("exp") == "ok", res


def test_now_after_exp_fails_exp(cli):
    now = int(time.time())
    tok = hs256(iat=now, exp=now + 900)
    assert_invalid(cli("--now", now + 900 + 3600, tok), {"exp"})


def test_wrong_secret_fails_signature(cli):
    tok = make_token("some-other-secret-" + secrets.token_hex(16), "user-1")
    assert_invalid(cli(tok), {"signature"})


def test_configured_issuer_and_audience_are_checked(cli):
    assert_valid(cli(hs256(iss=ORIGIN, aud=ORIGIN), JWT_ISSUER=ORIGIN, JWT_AUDIENCE=ORIGIN))
    assert_invalid(cli(hs256(iss="http://evil.example", aud=ORIGIN), JWT_ISSUER=ORIGIN, JWT_AUDIENCE=ORIGIN),
                   {"iss"})
    assert_invalid(cli(hs256(iss=ORIGIN, aud="http://evil.example"), JWT_ISSUER=ORIGIN, JWT_AUDIENCE=ORIGIN),
                   {"aud"})


def test_missing_sub_fails_sub(cli):
    assert_invalid(cli(make_token(SECRET, None, iat=int(time.time()))), {"sub"})


# ---------------------------------------------------------------------------------------------- JWKS

@pytest.mark.parametrize("alg", ALGORITHMS)
def test_better_auth_token_with_jwks_file(cli, tmp_path, alg):
    key = generate_key(alg)
    jwks = write_jwks(tmp_path / "jwks.json", jwk_set(generate_key("EdDSA"), key))
    payload = better_auth_payload()
    tok = key.sign(payload)
    res = cli("--jwks", jwks, tok, JWT_ISSUER=ORIGIN, JWT_AUDIENCE=ORIGIN)
    assert_valid(res)
    assert res.json_line("header:") == {"alg": alg, "kid": key.kid}
    assert res.json_line("claims:") == payload


def test_eddsa_without_jwks_option_uses_configured_jwks_file(cli, tmp_path):
    key = generate_key("EdDSA")
    jwks = write_jwks(tmp_path / "jwks.json", jwk_set(key))
    tok = key.sign(better_auth_payload())
    assert_valid(cli(tok, JWKS_FILE=jwks, JWT_ISSUER=ORIGIN, JWT_AUDIENCE=ORIGIN))
    assert_invalid(cli(tok), {"signature"})  # no keys configured: the signature cannot be checked


@pytest.mark.parametrize("alg", ["EdDSA", "ES256", "RS256"])
def test_wrong_key_fails_signature(cli, tmp_path, alg):
    key = generate_key(alg)
    impostor = generate_key(alg, kid=key.kid)  # same kid, other key material
    jwks = write_jwks(tmp_path / "jwks.json", jwk_set(key))
    res = cli("--jwks", jwks, impostor.sign(better_auth_payload()))
    assert_invalid(res, {"signature"})


def test_expired_eddsa_with_jwks_fails_exp_only(cli, tmp_path):
    key = generate_key("EdDSA")
    jwks = write_jwks(tmp_path / "jwks.json", jwk_set(key))
    now = int(time.time())
    assert_invalid(cli("--jwks", jwks, key.sign(better_auth_payload(iat=now - 7200, exp=now - 3600))), {"exp"})


# ---------------------------------------------------------------------------------------------- --signature-only

NOT_JSON = b"\x00\xffthis is not JSON {"


def test_signature_only_with_non_json_payload_hs256(cli):
    tok = jwt.PyJWS().encode(NOT_JSON, SECRET, algorithm="HS256")
    res = cli("--signature-only", tok)
    assert_valid(res, checks=["signature"])  # the claims are not checked at all
    full = cli(tok)
    assert full.rc == 1 and full.verdict == "invalid", full


def test_signature_only_with_non_json_payload_eddsa(cli, tmp_path):
    key = generate_key("EdDSA")
    jwks = write_jwks(tmp_path / "jwks.json", jwk_set(key))
    tok = key.sign(NOT_JSON)
    res = cli("--signature-only", "--jwks", jwks, tok)
    assert_valid(res, checks=["signature"])
    assert res.json_line("header:") == {"alg": "EdDSA", "kid": key.kid}


def test_signature_only_ignores_expiry_but_not_a_bad_signature(cli):
    now = int(time.time())
    expired = hs256(iat=now - 7200, exp=now - 3600)
    assert_valid(cli("--signature-only", expired), checks=["signature"])
    forged = make_token("some-other-secret-" + secrets.token_hex(16), "user-1")
    res = cli("--signature-only", forged)
    assert_invalid(res, {"signature"}, checks=["signature"])


def test_signature_only_payload_not_json_but_bad_signature(cli):
    h, p, s = jwt.PyJWS().encode(NOT_JSON, SECRET, algorithm="HS256").split(".")
    tampered = f"{h}.{b64url(NOT_JSON + b'!')}.{s}"
    assert_invalid(cli("--signature-only", tampered), {"signature"}, checks=["signature"])


# ---------------------------------------------------------------------------------------------- usage errors

def test_no_token_is_usage_error(cli):
    res = cli()
    assert res.rc == 2, res
    assert res.verdict is None, res


def test_unreadable_jwks_file_is_usage_error(cli, tmp_path):
    tok = hs256()
    res = cli("--jwks", tmp_path / "does-not-exist.json", tok)
    assert res.rc == 2, res
    assert res.err.strip(), res
    res = cli("--jwks", tmp_path, tok)  # a directory
    assert res.rc == 2, res


# ---------------------------------------------------------------------------------------------- secrecy

def test_output_never_contains_the_secret(cli):
    # cli() asserts this on every run; here once more for a good token, a forged one and --signature-only.
    now = int(time.time())
    tok = make_token(SECRET, "user-1", iat=now, headers={"kid": "k1"})
    assert_valid(cli(tok))
    wrong = make_token("x" * 40, "user-1", iat=now)
    assert_invalid(cli(wrong), {"signature"})
    res = cli("--signature-only", wrong)
    assert res.rc == 1, res
