"""JWKS_URL is refreshed in the background: a withdrawn key stops verifying without any unknown-kid token, the
issuer's Cache-Control max-age brings the next fetch forward, a slow issuer never delays requests whose keys are
known, plain http:// to another host is refused at start, and keys from a JWKS without JWT_AUDIENCE are warned of.

Every request goes through nginx to the responder; the issuer is a local HTTP server that counts its requests."""

from __future__ import annotations

import subprocess
import time
from contextlib import contextmanager

from jwks_support import (
    ORIGIN, JwksServer, better_auth_payload, claims_of, generate_key, get_tasks, jwk_set, new_kid, poll,
    start_expecting_failure,
)
from conftest import TODO_FCGI_BIN


def start(server_factory, **env):
    full = {"JWT_ISSUER": ORIGIN, "JWT_AUDIENCE": ORIGIN, "JWKS_ALLOW_SYMMETRIC": "0"}
    full.update({k: str(v) for k, v in env.items()})
    return server_factory(full)


@contextmanager
def refreshing(server_factory, *keys, max_age: int, cache_control: str | None = None):
    """An issuer serving `keys` (with that Cache-Control header, if any) and a server behind nginx that refreshes
    from it every second, keeping the set `max_age` seconds at the most: (issuer, server), both stopped after."""
    iss = JwksServer(jwk_set(*keys))
    iss.cache_control = cache_control
    srv = start(server_factory, JWKS_URL=iss.url, JWKS_REFRESH_SECONDS=1, JWKS_MAX_AGE_SECONDS=max_age)
    try:
        yield iss, srv
    finally:
        iss.delay = 0.0  # a hanging fetch is let go before the server stops
        srv.stop()
        iss.stop()


def status_of(srv, token: str) -> int:
    """The status of the token's owner listing their tasks (200, or 401 when the token is refused)."""
    return get_tasks(srv, claims_of(token)["sub"], token).status_code


def test_a_withdrawn_key_stops_verifying_within_the_max_age_without_an_unknown_kid(server_factory):
    a, b = generate_key("EdDSA"), generate_key("EdDSA")
    with refreshing(server_factory, a, b, max_age=2) as (iss, srv):
        token_a, token_b = a.sign(better_auth_payload()), b.sign(better_auth_payload())
        for _ in range(3):  # verified, then served from the verification cache
            assert status_of(srv, token_a) == 200
        iss.set_document(jwk_set(b))  # a withdrawn by the issuer
        withdrawn_at = time.monotonic()
        # Only token_a is sent, and its kid is known until the refresh drops it: nothing but the schedule fetches.
        poll(lambda: status_of(srv, token_a) == 401, timeout=15, interval=0.2, what="key a to be refused")
        assert time.monotonic() - withdrawn_at < 10
        assert status_of(srv, token_b) == 200
        assert status_of(srv, a.sign(better_auth_payload())) == 401


def test_a_short_cache_control_max_age_brings_the_next_fetch_forward(server_factory):
    a = generate_key("EdDSA")
    with refreshing(server_factory, a, max_age=300, cache_control="public, max-age=1") as (iss, srv):
        poll(lambda: iss.count() >= 3, timeout=15, interval=0.1, what="two refetches after max-age=1")
        assert status_of(srv, a.sign(better_auth_payload())) == 200


def test_without_max_age_the_set_is_not_refetched_before_the_maximum_age(server_factory):
    a = generate_key("EdDSA")
    with refreshing(server_factory, a, max_age=300) as (iss, srv):
        for _ in range(10):
            assert status_of(srv, a.sign(better_auth_payload())) == 200
            time.sleep(0.3)
        assert iss.count() == 1, "fetched again although the set is fresh for 300 s and every kid is known"


def test_a_slow_issuer_does_not_delay_requests_with_known_keys(server_factory):
    a = generate_key("EdDSA")
    with refreshing(server_factory, a, max_age=1) as (iss, srv):
        iss.delay = 10.0  # every fetch after the first hangs (the responder gives up after 5 s)
        before = iss.count()
        poll(lambda: iss.count() > before, timeout=15, interval=0.05, what="a refetch to be hanging")
        token = a.sign(better_auth_payload())
        slowest = 0.0
        for _ in range(20):
            started = time.monotonic()
            assert status_of(srv, token) == 200
            slowest = max(slowest, time.monotonic() - started)
        assert slowest < 1.0, f"a request with a known key took {slowest:.2f} s while the issuer hung"
        # A token of an unknown kid may wait for the hanging fetch, at most about 2 s, then is refused.
        started = time.monotonic()
        stranger = generate_key("EdDSA", kid=new_kid("unknown"))
        assert status_of(srv, stranger.sign(better_auth_payload())) == 401
        assert time.monotonic() - started < 4.0


def test_plain_http_to_another_host_is_refused_at_start_and_by_doctor(tmp_path):
    env = {"JWKS_URL": "http://192.0.2.1/api/auth/jwks", "JWT_AUDIENCE": ORIGIN}
    rc, stderr = start_expecting_failure(tmp_path / "srv", env)
    assert rc != 0
    assert "https://" in stderr and "192.0.2.1" in stderr, stderr
    doctor = subprocess.run(
        [str(TODO_FCGI_BIN), "doctor"], capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "TODO_SKIP_DOTENV": "1", "BETTER_AUTH_SECRET": "x" * 40, **env},
        cwd=tmp_path)
    assert doctor.returncode != 0
    line = next(x for x in doctor.stdout.splitlines() if "jwks-url" in x)
    assert line.startswith("PROBLEM") and "https://" in line, doctor.stdout


def test_keys_from_a_jwks_without_an_audience_are_warned_of(server_factory, tmp_path):
    a = generate_key("EdDSA")
    iss = JwksServer(jwk_set(a))
    srv = server_factory({"JWKS_URL": iss.url, "JWT_ISSUER": ORIGIN})
    try:
        assert status_of(srv, a.sign(better_auth_payload())) == 200
        assert "JWT_AUDIENCE is not set" in srv.stderr_path.read_text()
    finally:
        srv.stop()
        iss.stop()
    doctor = subprocess.run(
        [str(TODO_FCGI_BIN), "doctor"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "TODO_SKIP_DOTENV": "1", "BETTER_AUTH_SECRET": "x" * 40,
             "JWKS_URL": "http://127.0.0.1:9/jwks"})
    line = next(x for x in doctor.stdout.splitlines() if x.startswith("warn") and "audience" in x)
    assert "other application" in line, doctor.stdout
