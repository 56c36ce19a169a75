"""Limits of the account routes: nginx's limit_req on sign-in/sign-up (429 in Better Auth's shape), and the
responder's memory while many scrypt sign-ins arrive at once (each hash needs 32 MiB; at most 2 run at once)."""

from __future__ import annotations

import os
import re
import subprocess
import threading

import httpx
import pytest

from accounts_support import (
    DELETE_USER, GET_SESSION, JWKS, REFRESH, SIGN_IN, SIGN_UP, Account, RateLimitedServer, assert_auth_error,
    proc_status, read_db, unique_email,
)
from conftest import CONFIG_VARS, NGINX_CONF_SH, REPO_ROOT, _tail

RATE = 6    # AUTH_RATE_PER_MINUTE of the limited server: one request per 10 s once the burst is used
BURST = 5   # nginx/snippets/todo-fcgi-api.conf: burst=5 nodelay
MEMORY_BUDGET_KB = 160 * 1024  # 160 MiB
PARALLEL_SIGN_INS = 20


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    srv = RateLimitedServer(tmp_path_factory.mktemp("srv-limited"), rate_per_minute=RATE)
    srv.start()
    yield srv
    was_running = srv.proc is not None and srv.proc.poll() is None
    rc = srv.stop()
    assert not was_running or rc == 0, f"responder exited with {rc!r} on SIGTERM; {_tail(srv.stderr_path, 1500)}"


def assert_429(r: httpx.Response) -> None:
    assert r.status_code == 429, f"expected 429, got {r.status_code}: {r.text[:300]}"
    assert r.headers.get("content-type", "").startswith("application/json"), r.headers
    body = r.json()
    assert set(body) == {"code", "message"} and body["code"] == "TOO_MANY_REQUESTS", body
    assert isinstance(body["message"], str) and body["message"], body
    retry_after = r.headers.get("retry-after")
    assert retry_after is not None and retry_after.isdigit() and int(retry_after) > 0, r.headers


def test_burst_of_sign_ins_gets_429_with_retry_after(limited):
    """On a fresh zone, 1 + burst requests pass at once; the next ones (well inside the 10 s it takes to earn one
    more) are refused by nginx before the responder sees them."""
    client = limited.client
    answers = [client.post(SIGN_IN, json={"email": unique_email("burst"), "password": "wrong-password"})
               for _ in range(2 * (BURST + 1))]
    statuses = [r.status_code for r in answers]
    assert statuses[:BURST + 1] == [401] * (BURST + 1), statuses
    limited_answers = [r for r in answers[BURST + 1:] if r.status_code == 429]
    assert limited_answers, f"no 429 in a burst of {len(answers)} sign-ins: {statuses}"
    for r in limited_answers:
        assert_429(r)
    for r in answers[BURST + 1:]:
        if r.status_code != 429:
            assert_auth_error(r, 401, "INVALID_EMAIL_OR_PASSWORD")

    # sign-up shares the zone: refused too, and nothing is created
    email = unique_email("limited-signup")
    r = client.post(SIGN_UP, json={"name": "Too Fast", "email": email, "password": "long-enough-pw"})
    assert_429(r)
    assert read_db(limited.database, "SELECT count(*) FROM users WHERE email = ?", (email,))[0][0] == 0

    # the other account routes are not limited
    for _ in range(10):
        assert_auth_error(client.post(REFRESH, json={"refresh_token": "A" * 43}), 401, "INVALID_REFRESH_TOKEN")
        assert client.get(JWKS).status_code == 200
        assert client.get(GET_SESSION).status_code == 200  # no token: null
    assert client.get("/api/health").status_code == 200


def test_burst_of_delete_users_gets_429_with_retry_after(limited):
    """delete-user checks a password (a scrypt hash), so it is limited like sign-in: from a fresh address, 1 + burst
    wrong passwords reach the responder (400 INVALID_PASSWORD), the next ones are refused by nginx with 429, and
    the account is still there. Its own loopback addresses (limit_req counts per address): the test does not
    depend on what the other tests of this module spent from 127.0.0.1's allowance, nor they on it."""
    with httpx.Client(base_url=limited.base_url, timeout=30.0,
                      transport=httpx.HTTPTransport(local_address="127.0.0.60")) as signer:
        account = Account(signer)  # one sign-up from 127.0.0.60
    with httpx.Client(base_url=limited.base_url, timeout=30.0,
                      transport=httpx.HTTPTransport(local_address="127.0.0.61")) as client:
        answers = [client.post(DELETE_USER, headers=account.headers, json={"password": "wrong-password"})
                   for _ in range(2 * (BURST + 1))]
        # the limit is per address: a route that is not limited still answers from this one
        assert client.get(GET_SESSION, headers=account.headers).status_code == 200
    statuses = [r.status_code for r in answers]
    for r in answers[:BURST + 1]:
        assert_auth_error(r, 400, "INVALID_PASSWORD")
    limited_answers = [r for r in answers[BURST + 1:] if r.status_code == 429]
    assert limited_answers, f"no 429 in a burst of {len(answers)} delete-users: {statuses}"
    for r in limited_answers:
        assert_429(r)
        assert r.headers.get("x-retry-after") == r.headers["retry-after"], r.headers  # Better Auth's name too
    for r in answers[BURST + 1:]:
        if r.status_code != 429:
            assert_auth_error(r, 400, "INVALID_PASSWORD")
    # the refused ones never reached the responder (its request log has one line per request it answered)
    logged = sum(1 for r in limited.log_records()
                 if r.get("method") == "POST" and r.get("path") == "/api/auth/delete-user")
    assert logged == len(answers) - len(limited_answers), (logged, statuses)
    assert read_db(limited.database, "SELECT count(*) FROM users WHERE id = ?", (account.id,))[0][0] == 1


# Every route that checks a password or sends mail, as it is limited: a prefix (with and without what follows).
PASSWORD_ROUTES = [SIGN_IN, "/api/auth/sign-in", SIGN_UP, "/api/auth/sign-up", DELETE_USER, "/api/auth/change-password",
                   "/api/auth/reset-password", "/api/auth/reset-password/some-token",
                   "/api/auth/request-password-reset", "/api/auth/send-verification-email"]


def test_every_password_route_shares_the_limit(limited):
    """One zone for all of them: 1 + burst requests spread over the routes reach the responder (whatever it answers,
    404 for a route it does not have yet), then every one of them is refused by nginx from that address; routes
    that check no password are not."""
    with httpx.Client(base_url=limited.base_url, timeout=30.0,
                      transport=httpx.HTTPTransport(local_address="127.0.0.62")) as client:
        first = [client.post(PASSWORD_ROUTES[i], json={}) for i in range(BURST + 1)]
        assert [r.status_code for r in first].count(429) == 0, [(r.status_code, r.text[:100]) for r in first]
        # Each route twice: the zone earns one request every 10 s, so even a slow machine sees one 429 per route.
        refused = {path: [client.post(path, json={}) for _ in range(2)] for path in PASSWORD_ROUTES}
        free = [client.post(REFRESH, json={"refresh_token": "A" * 43}), client.post("/api/auth/update-user", json={}),
                client.get(JWKS), client.post("/api/auth/sign-i", json={})]
    for path, answers in refused.items():
        statuses = [r.status_code for r in answers]
        assert 429 in statuses, f"{path} is not limited: {statuses}"
        for r in answers:
            if r.status_code == 429:
                assert_429(r)
    assert [r.status_code for r in free].count(429) == 0, [(r.request.url.path, r.status_code) for r in free]
    assert_auth_error(free[0], 401, "INVALID_REFRESH_TOKEN")


def test_nginx_conf_default_rate_is_30_per_minute(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update({"NGINX_PREFIX": str(tmp_path / "nginx"), "FCGI_SOCKET": f"unix:{tmp_path}/todo.sock"})
    res = subprocess.run(["bash", str(NGINX_CONF_SH)], env=env, capture_output=True, text=True, timeout=30)
    assert res.returncode == 0, res.stderr
    assert "zone=todo_auth:1m rate=30r/m" in res.stdout, res.stdout[-1500:]
    # and the operator's site file limits sign-in and sign-up through the same snippet
    site = (REPO_ROOT / "nginx" / "todo-fcgi.site.conf").read_text()
    assert "limit_req_zone" in site and "zone=todo_auth" in site and "rate=30r/m" in site
    snippet = (REPO_ROOT / "nginx" / "snippets" / "todo-fcgi-api.conf").read_text()
    # one location for every route that checks a password or sends mail, matched as a prefix
    limited_routes = re.search(r"location ~ \^/api/auth/\(([a-z|-]+)\) \{\n\s*limit_req zone=todo_auth", snippet)
    assert limited_routes, "no limit_req location for the password routes in the snippet"
    assert set(limited_routes.group(1).split("|")) == {
        "sign-in", "sign-up", "delete-user", "change-password", "reset-password", "request-password-reset",
        "send-verification-email"}, limited_routes.group(1)


def test_parallel_sign_ins_stay_within_the_memory_budget(server_factory):
    # Its nginx allows 100000 sign-ins a minute: nothing here is rate-limited. 32 worker threads, so that all the
    # sign-ins are in the responder at once (the hasher's budget, not the pool, decides how many hash together).
    srv = server_factory(threads=32)
    pid = srv.proc.pid
    started = proc_status(pid)
    accounts = [Account(srv.client) for _ in range(4)]  # four sequential hashes
    before = proc_status(pid)

    barrier = threading.Barrier(PARALLEL_SIGN_INS)
    results: list = [None] * PARALLEL_SIGN_INS
    expected: list[int] = []
    jobs = []
    for i in range(PARALLEL_SIGN_INS):
        if i % 5 == 3:      # wrong password: the same scrypt work
            body, want = {"email": accounts[i % 4].email, "password": "not-the-password"}, 401
        elif i % 5 == 4:    # unknown email: the same scrypt work too
            body, want = {"email": unique_email("ghost"), "password": "not-the-password"}, 401
        else:
            body, want = {"email": accounts[i % 4].email, "password": accounts[i % 4].password}, 200
        jobs.append(body)
        expected.append(want)

    def sign_in(i: int) -> None:
        # Each thread from its own loopback address, as twenty different clients: limit_req counts per address,
        # and nginx charges requests that arrive in the same millisecond in full whatever the rate, so twenty
        # simultaneous sign-ins from one address would mostly get 429 (burst 5) and never reach the responder.
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{i + 2}")
        with httpx.Client(base_url=srv.base_url, timeout=120.0, transport=transport) as c:
            barrier.wait()
            try:
                results[i] = c.post(SIGN_IN, json=jobs[i]).status_code
            except httpx.HTTPError as e:  # recorded, so the assertion below names it
                results[i] = repr(e)

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(PARALLEL_SIGN_INS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    after = proc_status(pid)

    print(f"\nresponder pid {pid} (--threads {srv.threads}): at start VmRSS={started['VmRSS']} kB "
          f"VmHWM={started['VmHWM']} kB; after 4 sequential sign-ups VmRSS={before['VmRSS']} kB "
          f"VmHWM={before['VmHWM']} kB; after {PARALLEL_SIGN_INS} parallel sign-ins VmRSS={after['VmRSS']} kB "
          f"VmHWM={after['VmHWM']} kB (budget {MEMORY_BUDGET_KB} kB; scrypt needs 32768 kB per hash)")
    assert srv.proc.poll() is None, "the responder died"
    # The password budget (at most 2 hashes, 2 waiting at most 1 s) answers the rest 429 at once, without hashing: every
    # sign-in got its own answer or 429, and whichever came first was admitted.
    shed = [i for i, status in enumerate(results) if status == 429]
    assert all(results[i] == expected[i] for i in range(PARALLEL_SIGN_INS) if i not in shed), (results, expected)
    assert len(shed) < PARALLEL_SIGN_INS, results
    assert after["VmHWM"] < MEMORY_BUDGET_KB, (
        f"peak resident memory {after['VmHWM']} kB exceeds the {MEMORY_BUDGET_KB} kB budget")
    # the hashes really ran in this process (at least one 32 MiB scrypt buffer was resident at some point)
    assert after["VmHWM"] >= 32 * 1024, after
