"""Helpers for the asymmetric-token tests: keys generated with Python `cryptography` (never with the project's
code), JWKs written by hand from the key numbers, tokens shaped like Better Auth's jwt() plugin signed with PyJWT
(or by hand for malformed ones), and a small JWKS HTTP server that counts requests and can swap its document."""

from __future__ import annotations

import datetime
import json
import os
import secrets
import signal
import string
import subprocess
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from conftest import CONFIG_VARS, TODO_FCGI_BIN, Server, b64url

ORIGIN = "http://localhost:3000"  # Better Auth's default baseURL: both iss and aud of its tokens
JWKS_PATH = "/api/auth/jwks"

# Better Auth's configurable algorithms first, then the rest that the contract lists.
BETTER_AUTH_ALGORITHMS = ("EdDSA", "ES256", "ES512", "PS256", "RS256")
ALGORITHMS = ("EdDSA", "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512")

_CURVES = {
    "ES256": (ec.SECP256R1, "P-256", 32, hashes.SHA256),
    "ES384": (ec.SECP384R1, "P-384", 48, hashes.SHA384),
    "ES512": (ec.SECP521R1, "P-521", 66, hashes.SHA512),
}

# Variables of the responder that must not leak in from the caller's environment (beyond conftest's list).
EXTRA_CONFIG_VARS = ("JWKS_ALLOW_SYMMETRIC", "JWKS_REFRESH_SECONDS", "SIGNING_KEY_FILE", "MAX_BODY_BYTES")


def b64u_int(n: int, length: int | None = None) -> str:
    if length is None:
        length = max(1, (n.bit_length() + 7) // 8)
    return b64url(n.to_bytes(length, "big"))


def b64url_decode(s: str) -> bytes:
    import base64
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def new_kid(prefix: str = "k") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


# ---------------------------------------------------------------------------------------------- keys

@dataclass
class KeyPair:
    """One asymmetric key of a JWS algorithm, with its public JWK."""
    alg: str
    kid: str
    private: object
    extra: dict = field(default_factory=dict)  # extra JWK members ("use", "key_ops", ...)

    @property
    def public(self):
        return self.private.public_key()

    def jwk(self) -> dict:
        pub = self.public
        if self.alg == "EdDSA":
            raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            # The member order of Better Auth's JWKS entries.
            d = {"alg": "EdDSA", "crv": "Ed25519", "kty": "OKP", "x": b64url(raw)}
        elif self.alg.startswith("ES"):
            _, crv, size, _ = _CURVES[self.alg]
            nums = pub.public_numbers()
            d = {"alg": self.alg, "crv": crv, "kty": "EC", "x": b64u_int(nums.x, size), "y": b64u_int(nums.y, size)}
        else:
            nums = pub.public_numbers()
            d = {"alg": self.alg, "kty": "RSA", "n": b64u_int(nums.n), "e": b64u_int(nums.e)}
        d["kid"] = self.kid
        d.update(self.extra)
        return d

    def public_pem(self) -> str:
        return self.public.public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    def sign(self, payload: dict | bytes, *, alg: str | None = None, kid=True, headers: dict | None = None) -> str:
        """A JWS by PyJWT with header {"alg", "kid"} and no typ (as Better Auth writes it). kid=True uses this
        key's kid, a string overrides it, None leaves it out."""
        h: dict = {"typ": None}
        if kid is True:
            h["kid"] = self.kid
        elif kid is not None:
            h["kid"] = kid
        h.update(headers or {})
        body = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
        return jwt.PyJWS().encode(body, self.private, algorithm=alg or self.alg, headers=h)


def generate_key(alg: str, kid: str | None = None, **extra) -> KeyPair:
    if alg == "EdDSA":
        private = ed25519.Ed25519PrivateKey.generate()
    elif alg in _CURVES:
        private = ec.generate_private_key(_CURVES[alg][0]())
    elif alg[:2] in ("RS", "PS"):
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        raise ValueError(alg)
    return KeyPair(alg, kid or new_kid(alg.lower()), private, dict(extra))


def jwk_set(*keys) -> dict:
    return {"keys": [k.jwk() if isinstance(k, KeyPair) else k for k in keys]}


def write_jwks(path: Path, document) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def ec_signature_parts(key: KeyPair, signing_input: bytes) -> tuple[int, int, bytes]:
    """(r, s, DER) of an ECDSA signature over signing_input by `key`, made by `cryptography` directly."""
    der = key.private.sign(signing_input, ec.ECDSA(_CURVES[key.alg][3]()))
    r, s = decode_dss_signature(der)
    return r, s, der


def ec_size(alg: str) -> int:
    return _CURVES[alg][2]


def self_signed_cert_der(key: KeyPair) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "attacker.example")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public)
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key.private, None))
    return cert.public_bytes(serialization.Encoding.DER)


# ---------------------------------------------------------------------------------------------- tokens

def better_auth_user_id() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def iso_ms(t: float) -> str:
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{int(t * 1000) % 1000:03d}Z"


def better_auth_payload(user_id: str | None = None, *, origin: str = ORIGIN, iat: int | None = None,
                        **overrides) -> dict:
    """The payload of Better Auth's jwt() plugin: the whole user object, then iat, sub, exp (iat+900), iss, aud.
    overrides replace (or, with the value MISSING_CLAIM, remove) claims."""
    uid = user_id or better_auth_user_id()
    now = int(time.time()) if iat is None else iat
    created = iso_ms(now - 86400)
    payload = {
        "id": uid, "name": "Ada Lovelace", "email": f"ada.{uid.lower()}@example.com", "emailVerified": False,
        "image": None, "createdAt": created, "updatedAt": created,
        "iat": now, "sub": uid, "exp": now + 900, "iss": origin, "aud": origin,
    }
    for k, v in overrides.items():
        if v is MISSING_CLAIM:
            payload.pop(k, None)
        else:
            payload[k] = v
    return payload


MISSING_CLAIM = object()


def segments(token: str) -> list[str]:
    parts = token.split(".")
    assert len(parts) == 3, token
    return parts


def header_of(token: str) -> dict:
    return json.loads(b64url_decode(segments(token)[0]))


def claims_of(token: str) -> dict:
    return json.loads(b64url_decode(segments(token)[1]))


def with_signature(token: str, sig: bytes) -> str:
    h, p, _ = segments(token)
    return f"{h}.{p}.{b64url(sig)}"


def flip_signature_bit(token: str) -> str:
    h, p, s = segments(token)
    sig = bytearray(b64url_decode(s))
    sig[len(sig) // 3] ^= 0x01
    return f"{h}.{p}.{b64url(bytes(sig))}"


def swap_payload(token: str, payload: dict) -> str:
    h, _, s = segments(token)
    return f"{h}.{b64url(json.dumps(payload, separators=(',', ':')))}.{s}"


def unsigned(header: dict, payload: dict | bytes, signature: bytes = b"") -> str:
    body = payload if isinstance(payload, bytes) else json.dumps(payload, separators=(",", ":")).encode()
    return f"{b64url(json.dumps(header, separators=(',', ':')))}.{b64url(body)}.{b64url(signature)}"


# ---------------------------------------------------------------------------------------------- JWKS server

class JwksServer:
    """A JWKS issuer on 127.0.0.1 (port 0) in a thread: counts GETs per path; its answer can be swapped for a new
    document, an HTTP status with a body, or stopped entirely. `cache_control` (a header value) and `delay`
    (seconds before answering, counted once the request has arrived) can be set at any time."""

    def __init__(self, document=None, path: str = JWKS_PATH):
        self.path = path
        self._lock = threading.Lock()
        self._counts: Counter = Counter()
        self._status = 200
        self._body = b'{"keys":[]}'
        self.cache_control: str | None = None
        self.delay = 0.0
        if document is not None:
            self.set_document(document)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                with outer._lock:
                    outer._counts[self.path] += 1
                    status, body = outer._status, outer._body
                    cache_control, delay = outer.cache_control, outer.delay
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if cache_control is not None:
                    self.send_header("Cache-Control", cache_control)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        self.running = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def set_document(self, document) -> None:
        body = document if isinstance(document, (bytes, str)) else json.dumps(document)
        self.set_response(200, body)

    def set_response(self, status: int, body: bytes | str) -> None:
        with self._lock:
            self._status = status
            self._body = body.encode() if isinstance(body, str) else body

    def count(self, path: str | None = None) -> int:
        with self._lock:
            return self._counts[path or self.path]

    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.httpd.shutdown()
            self.httpd.server_close()
            self._thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------- requests

def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def get_tasks(srv: Server, user_id: str, token: str):
    return srv.client.get(f"/api/{user_id}/tasks", headers=bearer(token))


def poll(predicate, timeout: float = 20.0, interval: float = 0.1, what: str = "condition"):
    """Calls predicate until it returns a truthy value (returned) or timeout; then fails with the last value."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = predicate()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout}s (last: {last!r})")
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------- start failure

def clean_env() -> dict:
    return {k: v for k, v in os.environ.items()
            if k not in CONFIG_VARS and k not in EXTRA_CONFIG_VARS and not k.startswith(("JWT_", "JWKS_"))}


def start_expecting_failure(tmpdir: Path, extra_env: dict, timeout: float = 20.0) -> tuple[int, str]:
    """Starts `todo-fcgi serve` as the harness would and expects it to exit before creating its socket.
    Returns (exit code, stderr). If it does come up, it is stopped and the test fails."""
    srv = Server(tmpdir, extra_env=extra_env)
    env = srv.responder_env()
    for k in EXTRA_CONFIG_VARS:
        if k not in extra_env:
            env.pop(k, None)
    tmpdir.mkdir(parents=True, exist_ok=True)
    with open(srv.stderr_path, "wb") as err, open(srv.stdout_path, "wb") as out:
        proc = subprocess.Popen([str(TODO_FCGI_BIN), "serve", "--threads", "2"], cwd=tmpdir, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if srv.sock_path.exists() or time.monotonic() > deadline:
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            raise AssertionError(f"the responder started (or hung) although it should have refused to; stderr:\n"
                                 f"{srv.stderr_text()[-2000:]}")
    return proc.returncode, srv.stderr_text()
