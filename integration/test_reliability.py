"""Reliability (issue 7): faults injected into a real nginx + todo-fcgi + SQLite stack.

1. Crash safety: SIGKILL of the responder in the middle of concurrent creates; a restart on the same database
   and socket (and `scripts/run.sh` itself, whose supervisor must restart it); every create acknowledged with
   201 is in the database and `PRAGMA integrity_check` says ok.
2. Several processes on one database: two `serve` on two sockets behind one nginx upstream, and
   `spawn-fcgi -F 2`, under a mixed read/write load: no 5xx, nothing busy/locked, every acknowledged write there.
3. Graceful shutdown under load: SIGTERM with slow-ish requests in flight: no truncated response, 502s only in
   the API's JSON shape, exit 0 within 5 s; nginx answers 502 as JSON while the responder is down.
4. Exposure: socket and database not world-accessible, `Server: nginx` without a version, error bodies without
   SQL, paths, stack traces or the secret.

SQLite runs in WAL mode with synchronous=NORMAL (Sources/Storage/SQLiteConnection.swift): a commit is in the
WAL, in the OS page cache, before the 201 is written, so it survives a crash of the process (what these tests
inject); a power loss or OS crash may lose the last commits since the previous checkpoint/fsync, never the
consistency of the file. Loopback only; every loop and wait is bounded; no timing assertion except the
contract's "exit within 5 s of SIGTERM".
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import stat
import threading
import time
from pathlib import Path

import httpx
import pytest

import logfmt
from conftest import REPO_ROOT, SHUTDOWN_TIMEOUT, TODO_FCGI_BIN, Server, make_token, needs_tool, new_user
from reliability_support import (LEAK_MARKERS, CreateLoad, ForkedServer, MixedLoad, Outcome, TwoSocketServer,
                                 alive, assert_detail_shape, busy_or_locked, children_of, client_for, cpu_ticks,
                                 db_tasks, exe_of, integrity_check, is_sqlite, journal_mode, send,
                                 summarize, wait_for_text)
from run_sh_support import run_sh_tree, start_run_sh

SPAWN_FCGI = shutil.which("spawn-fcgi")
MIXED_LOAD_SECONDS = 20.0
BIN_REAL = os.path.realpath(TODO_FCGI_BIN)


@pytest.fixture
def started(tmp_path_factory):
    """started(cls, **kw) -> a started conftest.Server subclass in a fresh short temporary directory;
    stopped (SIGTERM, then nginx) at teardown."""
    servers: list[Server] = []

    def start(cls, **kw):
        srv = cls(tmp_path_factory.mktemp("rel"), **kw)
        servers.append(srv)
        return srv.start()

    yield start
    for srv in servers:
        srv.stop()


# ---------------------------------------------------------------------------------------------- checks

def assert_no_transport_errors(outcomes: list[Outcome]) -> None:
    broken = [o for o in outcomes if o.status is None or o.error]
    assert not broken, (f"{len(broken)} responses missing, truncated or badly framed, e.g. "
                        f"{[(o.op, o.status, o.error) for o in broken[:5]]}")


def assert_crash_outcomes(load: CreateLoad, db_path: Path | str) -> dict:
    """After a SIGKILL and a restart in the middle of `load`: only 201 and nginx's JSON 502; every 201 is in
    the database as acknowledged; any other row is an attempt that was in flight at the kill."""
    outcomes = load.all()
    print(f"crash load: {summarize(outcomes)}")
    assert_no_transport_errors(outcomes)
    bad = [o for o in outcomes if o.status not in (201, 502)]
    assert not bad, f"unexpected statuses: {[(o.status, o.text[:120]) for o in bad[:5]]}"
    failed = [o for o in outcomes if o.status == 502]
    assert failed, "no request met the killed responder (was it killed during the load?)"
    for o in failed:
        assert_detail_shape(o)
    assert not busy_or_locked(outcomes), busy_or_locked(outcomes)[:3]
    per_thread = [sum(1 for o in per if o.status == 201) for per in load.outcomes]
    assert min(per_thread) == load.per_thread, f"the load did not complete after the restart: {per_thread}"

    acked: dict[int, tuple[str, str]] = {}
    for o in outcomes:
        if o.status == 201:
            assert o.body["title"] == o.title and o.body["user_id"] == o.user, o.body
            acked[o.body["id"]] = (o.user, o.title)
    assert len(acked) == sum(per_thread), "one id acknowledged for two creates"
    stored = db_tasks(db_path, load.users)
    lost = {i: v for i, v in acked.items() if i not in stored or stored[i][:2] != v}
    assert not lost, f"{len(lost)} acknowledged creates are not in the database as acknowledged: {list(lost.items())[:5]}"
    unacked_titles = {(o.user, o.title) for o in outcomes if o.status != 201}
    phantom = {i: v for i, v in stored.items() if i not in acked and v[:2] not in unacked_titles}
    assert not phantom, f"rows nobody asked for: {list(phantom.items())[:5]}"
    in_flight = len(stored) - len(acked)
    assert in_flight <= load.threads, f"{in_flight} committed-but-unanswered creates, more than the {load.threads} clients"
    if is_sqlite(db_path):
        assert integrity_check(db_path) == ["ok"]
        assert journal_mode(db_path) == "wal"
    return {"acked": len(acked), "502": len(failed), "committed_unanswered": in_flight}


def assert_lists_hold(base_url: str, secret: str, acked_by_user: dict[str, set[int]]) -> None:
    """Through the API as well: each user's list holds every task acknowledged to that user."""
    with client_for(base_url) as c:
        for user, ids in acked_by_user.items():
            r = c.get(f"/api/{user}/tasks", params={"limit": 1000},
                      headers={"Authorization": f"Bearer {make_token(secret, user)}"})
            assert r.status_code == 200, r.text[:300]
            listed = {t["id"] for t in r.json()}
            assert ids <= listed, f"{user}: acknowledged tasks missing from the list: {sorted(ids - listed)[:10]}"


def acked_by_user(outcomes: list[Outcome]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for o in outcomes:
        if o.status == 201:
            out.setdefault(o.user, set()).add(o.body["id"])
    return out


EXPECTED_STATUS = {"create": 201, "list": 200, "get": 200, "complete": 200, "delete": 204}


def assert_mixed_outcomes(load: MixedLoad, db_path: Path | str) -> None:
    outcomes = load.all()
    print(f"mixed load: {len(outcomes)} requests: {summarize(outcomes)}")
    assert len(outcomes) >= 100, "the load did not get going"
    assert_no_transport_errors(outcomes)
    server_errors = [o for o in outcomes if o.status >= 500]
    assert not server_errors, f"{len(server_errors)} 5xx: {[(o.op, o.status, o.text[:150]) for o in server_errors[:5]]}"
    locked = busy_or_locked(outcomes)
    assert not locked, f"SQLITE_BUSY reached a client: {[(o.op, o.status, o.text[:150]) for o in locked[:5]]}"
    wrong = [o for o in outcomes if o.status != EXPECTED_STATUS[o.op]]
    assert not wrong, f"{len(wrong)} unexpected statuses: {[(o.op, o.status, o.text[:150]) for o in wrong[:5]]}"

    live, deleted = load.expected()
    stored = db_tasks(db_path, load.users)
    lost = {i: v for i, v in live.items() if stored.get(i) != v}
    assert not lost, (f"{len(lost)} acknowledged writes not in the database as acknowledged, e.g. "
                      f"{[(i, v, stored.get(i)) for i, v in list(lost.items())[:5]]}")
    resurrected = deleted & set(stored)
    assert not resurrected, f"acknowledged deletes still in the database: {sorted(resurrected)[:10]}"
    assert set(stored) == set(live), f"rows without an acknowledged create: {sorted(set(stored) - set(live))[:10]}"
    if is_sqlite(db_path):
        assert integrity_check(db_path) == ["ok"]


# ---------------------------------------------------------------------------------------------- 1. crash safety

def test_sigkill_during_concurrent_creates_loses_no_acknowledged_task(server_factory):
    """16 clients x 100 acknowledged creates; SIGKILL once about a quarter are in; a new responder on the same
    database and socket, as make run's supervisor would start; then every 201 must be in the file."""
    srv = server_factory(threads=16)
    users = [new_user("crash") for _ in range(8)]
    load = CreateLoad(srv.base_url, srv.secret, users, threads=16, per_thread=100).start()
    assert load.wait_acked(400, timeout=90), f"the load did not get going: {summarize(load.all())}"
    victim = srv.proc
    victim.send_signal(signal.SIGKILL)
    assert victim.wait(timeout=10) == -signal.SIGKILL
    acked_at_kill = load.acked_count()
    srv.start_responder()  # stale socket replaced, WAL recovered by the new process
    load.join(timeout=180)
    figures = assert_crash_outcomes(load, srv.database)
    print(f"killed after {acked_at_kill} acknowledged creates: {figures}")
    assert_lists_hold(srv.base_url, srv.secret, acked_by_user(load.all()))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# SQLite only: `make run` (scripts/run.sh) serves from the SQLite file it configures.
@pytest.mark.sqlite_only
def test_run_sh_supervisor_restarts_a_killed_responder(tmp_path_factory):
    """scripts/run.sh itself (a copy of scripts/ and nginx/ in a temporary tree, so its run/ and data/ are
    private, on a free PORT): SIGKILL its responder under load; it must say so on stderr and start a new one;
    every acknowledged create survives; SIGINT (Ctrl-C) then stops everything it started."""
    root = run_sh_tree(tmp_path_factory.mktemp("runsh"))
    port = _free_port()
    secret = secrets.token_hex(32)
    run = start_run_sh(root, {"PORT": str(port), "BETTER_AUTH_SECRET": secret, "TODO_SKIP_DOTENV": "1"})
    err_path = run.err_path
    try:
        run.wait_serving()
        base_url = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base_url}/api/health", timeout=10).status_code == 200

        sock = root / "run" / f"todo-{port}.sock"  # FCGI_SOCKET left at its default: one socket per port
        assert stat.S_IMODE(os.stat(root / "run").st_mode) & 0o007 == 0, "run/ is world-accessible"
        assert stat.S_IMODE(os.stat(sock).st_mode) & 0o007 == 0, f"{sock} is world-accessible"

        first = [p for p in children_of(run.proc.pid) if exe_of(p) == BIN_REAL]
        assert len(first) == 1, f"expected one responder child of run.sh, found {first}"
        users = [new_user("sup") for _ in range(4)]
        load = CreateLoad(base_url, secret, users, threads=8, per_thread=60).start()
        assert load.wait_acked(100, timeout=90), f"the load did not get going: {summarize(load.all())}"
        os.kill(first[0], signal.SIGKILL)

        m = wait_for_text(err_path, r"todo-fcgi restarted \(pid (\d+)\)", 60, run.proc)
        assert m, f"run.sh did not report a restart:\n{run.stderr()}"
        stderr_text = err_path.read_text()
        assert re.search(r"todo-fcgi exited unexpectedly \(status 137 ", stderr_text), stderr_text[-2000:]
        second = int(m.group(1))
        assert second != first[0] and alive(second) and exe_of(second) == BIN_REAL
        load.join(timeout=180)
        figures = assert_crash_outcomes(load, root / "data" / "todo.db")
        print(f"run.sh supervision: {figures}")
        assert_lists_hold(base_url, secret, acked_by_user(load.all()))

        rc = run.interrupt()  # what Ctrl-C sends to the foreground process group
        assert rc == 130, f"run.sh exit status {rc} after SIGINT:\n{run.stderr(2000)}"
        # Ctrl-C reaches the whole group: the responder stops on the SIGINT itself or on run.sh's SIGTERM
        assert re.search(r"todo-fcgi stopped \((SIGINT|SIGTERM)\)", err_path.read_text()), \
            f"the responder was not stopped gracefully:\n{run.stderr(2000)}"
        assert not sock.exists(), "the responder left its socket behind"
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{base_url}/api/health", timeout=5)
    finally:
        run.kill()


# ---------------------------------------------------------------------------------------------- 2. several processes

def test_two_responders_on_two_sockets_share_one_database(started):
    """Two `serve` processes on two sockets, one nginx upstream listing both (round robin), one SQLite file."""
    srv = started(TwoSocketServer, n=2, threads=8)
    pids = srv.pids()
    assert len(pids) == 2 and all(exe_of(p) == BIN_REAL for p in pids)
    lines_before = [_request_lines(srv.stderr_path), _request_lines(srv.extra_stderr(0))]
    load = MixedLoad(srv.base_url, srv.secret, threads=8).start()
    load.run_for(MIXED_LOAD_SECONDS)
    assert_mixed_outcomes(load, srv.database)
    served = [_request_lines(srv.stderr_path) - lines_before[0], _request_lines(srv.extra_stderr(0)) - lines_before[1]]
    print(f"requests logged per responder: {served}")
    assert all(n > 0 for n in served), f"one responder got no requests: {served}"
    rc = srv.stop_responder(timeout=SHUTDOWN_TIMEOUT)
    assert rc == 0 and srv.extra_rcs == [0], f"exit codes on SIGTERM: {rc}, {srv.extra_rcs}"


def _request_lines(path: Path) -> int:
    """How many requests the responder logging to `path` served: its logfmt request lines (method, path, status)."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return 0
    return sum(1 for r in logfmt.records(text) if r.get("path", "").startswith("/api/") and "status" in r)


@needs_tool(SPAWN_FCGI, "spawn-fcgi")
def test_spawn_fcgi_two_forked_responders_share_one_database(started):
    """spawn-fcgi -F 2: two forked responders accept on one socket, over one SQLite file."""
    # With fastcgi_keep_conn a kept connection stays with the process that accepted it; both processes wait on the
    # listening socket, and nginx opens about as many connections as requests in flight (8 clients here), so
    # both get connections and both serve.
    srv = started(ForkedServer, spawn_fcgi=SPAWN_FCGI, children=2, threads=6)
    pids = srv.responder_pids()
    assert all(exe_of(p) == BIN_REAL for p in pids), [exe_of(p) for p in pids]
    ticks_before = [cpu_ticks(p) for p in pids]
    load = MixedLoad(srv.base_url, srv.secret, threads=8).start()
    load.run_for(MIXED_LOAD_SECONDS)
    used = [cpu_ticks(p) - b for p, b in zip(pids, ticks_before)]
    print(f"CPU ticks used per forked responder: {used}")
    assert all(t > 0 for t in used), f"a forked responder did no work: {used}"
    assert all(alive(p) for p in pids), "a forked responder died under load"
    assert_mixed_outcomes(load, srv.database)
    rc = srv.stop_responder(timeout=SHUTDOWN_TIMEOUT)
    assert rc == 0, f"forked responders' exit status on SIGTERM: {rc}; stderr:\n{srv.stderr_text()[-1500:]}"
    assert not any(alive(p) for p in pids)


# ---------------------------------------------------------------------------------------------- 3. graceful shutdown

def test_sigterm_under_slow_load_truncates_nothing_and_exits_0_within_5s(server_factory):
    srv = server_factory(threads=16)
    big = srv.user("big")
    n_seed = 1000
    with client_for(srv.base_url) as c:
        for i in range(n_seed):
            r = c.post(big.path(), headers=big.headers, json={"title": f"seed {i:04d}", "description": "x" * 100})
            assert r.status_code == 201, r.text
    writers = [new_user("w") for _ in range(4)]
    tokens = {u: make_token(srv.secret, u) for u in writers}
    stop = threading.Event()
    results: list[list[Outcome]] = [[] for _ in range(8)]

    def reader(i):
        with client_for(srv.base_url) as c:
            while not stop.is_set():
                results[i].append(send(c, "list", big.id, "GET", big.path(), headers=big.headers,
                                       params={"limit": 1000, "sort": "title"}))

    def writer(i):
        user = writers[i - 4]
        headers = {"Authorization": f"Bearer {tokens[user]}"}
        n = 0
        with client_for(srv.base_url) as c:
            while not stop.is_set():
                title = f"sd-{i}-{n}"
                n += 1
                results[i].append(send(c, "create", user, "POST", f"/api/{user}/tasks", headers=headers,
                                       json_body={"title": title, "description": "y" * 500}, title=title))

    threads = [threading.Thread(target=reader if i < 4 else writer, args=(i,), daemon=True) for i in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while sum(len(r) for r in results[:4]) < 20 or sum(len(r) for r in results[4:]) < 50:
        assert time.monotonic() < deadline, "the load did not get going"
        time.sleep(0.01)

    signalled = time.monotonic()
    rc = srv.stop_responder(timeout=SHUTDOWN_TIMEOUT)
    took = time.monotonic() - signalled
    time.sleep(0.5)  # more requests reach nginx with nothing behind it
    stop.set()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a client request hung"
    assert rc == 0, f"exit status {rc!r} (None = still running {SHUTDOWN_TIMEOUT}s after SIGTERM)"

    outcomes = [o for per in results for o in per]
    print(f"shutdown after {took:.2f}s under load: {summarize(outcomes)}")
    assert_no_transport_errors(outcomes)
    bad = [o for o in outcomes if o.status not in ({"list": 200, "create": 201}[o.op], 502)]
    assert not bad, f"unexpected statuses: {[(o.op, o.status, o.text[:150]) for o in bad[:5]]}"
    for o in outcomes:
        if o.status == 502:
            assert_detail_shape(o)
        elif o.op == "list":
            assert isinstance(o.body, list) and len(o.body) == n_seed, f"incomplete list: {len(o.body)} tasks"
        else:
            assert o.body["title"] == o.title, o.body
    assert any(o.status == 502 for o in outcomes), "no request arrived after the responder had gone"
    spanning = [o for o in outcomes if o.status in (200, 201) and o.started < signalled < o.finished]
    assert spanning, "no request was in flight at SIGTERM (nothing was tested)"
    print(f"requests in flight at SIGTERM and answered in full: {len(spanning)}")

    # nginx with the responder down: 502 in the contract's shape, for any route
    with client_for(srv.base_url) as c:
        for o in (send(c, "health", "-", "GET", "/api/health", headers={}),
                  send(c, "list", big.id, "GET", big.path(), headers=big.headers),
                  send(c, "create", big.id, "POST", big.path(), headers=big.headers, json_body={"title": "t"})):
            assert o.status == 502 and not o.error, (o.status, o.error, o.text)
            assert_detail_shape(o)

    # handed-over requests completed: every 201 is stored and nothing was stored without its 201
    srv.start_responder()
    stored = db_tasks(srv.database, writers)
    acked = {o.body["id"]: (o.user, o.title) for o in outcomes if o.status == 201}
    assert all(stored.get(i, (None, None))[:2] == v for i, v in acked.items()), "acknowledged creates lost"
    assert set(stored) == set(acked), f"stored without a 201: {sorted(set(stored) - set(acked))[:10]}"
    if is_sqlite(srv.database):
        assert integrity_check(srv.db_path) == ["ok"]


# ---------------------------------------------------------------------------------------------- 4. exposure

# SQLite only: the modes of the database file and its -wal and -shm (PostgreSQL keeps no file of ours).
@pytest.mark.sqlite_only
def test_socket_and_database_are_not_world_accessible(server):
    mode = os.stat(server.sock_path).st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) & 0o007 == 0, f"socket mode {oct(stat.S_IMODE(mode))}"
    server.user().create("so that the WAL exists")
    for path in (server.db_path, Path(f"{server.db_path}-wal"), Path(f"{server.db_path}-shm")):
        if path.exists():
            assert stat.S_IMODE(os.stat(path).st_mode) & 0o007 == 0, f"{path.name} mode {oct(os.stat(path).st_mode)}"


def _check_exposure(r: httpx.Response, forbidden: list[str], body: bool = True) -> None:
    """`Server: nginx` and nothing else naming software; with `body`, nothing internal in the body."""
    server_header = r.headers.get_list("server")
    assert server_header == ["nginx"], f"{r.request.method} {r.request.url.path}: Server {server_header}"
    assert "x-powered-by" not in r.headers, r.headers
    if not body:
        return
    text = r.content.decode("utf-8", "replace")
    for marker in LEAK_MARKERS:
        assert marker not in text.lower(), f"{r.request.url.path} {r.status_code} leaks {marker!r}: {text[:300]}"
    for s in forbidden:
        assert s not in text, f"{r.request.url.path} {r.status_code} leaks {s[:20]}...: {text[:300]}"
        for name, value in r.headers.items():
            assert s not in value, f"header {name} leaks {s[:20]}..."


def test_server_header_and_error_bodies_reveal_nothing(server_factory):
    srv = server_factory()
    user = srv.user("exp")
    task = user.create("mine")
    wrong_secret = make_token(secrets.token_hex(32), user.id)
    expired = make_token(srv.secret, user.id, exp=int(time.time()) - 3600)
    forbidden = [srv.secret, user.token, wrong_secret, expired, str(srv.tmpdir), str(srv.db_path), str(REPO_ROOT)]
    auth = user.headers
    base = user.path()
    c = srv.client

    for path in ("/", "/index.html", "/app.css", "/no/such/page"):
        r = c.get(path)
        assert r.status_code == 200, (path, r.status_code)
        _check_exposure(r, forbidden, body=False)  # the web app's own HTML may well say <select>

    cases = [
        (200, c.get("/api/health")),
        (201, c.post(base, headers=auth, json={"title": "'); DROP TABLE tasks; --"})),
        (404, c.get("/api/no-such-route")),
        (404, c.get(f"{base}/999999999", headers=auth)),
        (404, c.get(f"{base}/9223372036854775808", headers=auth)),
        (404, c.get(f"{base}/", headers=auth)),
        (405, c.put("/api/health")),
        (405, c.request("PUT", base, headers=auth, json={"title": "x"})),
        (413, c.post(base, headers=auth, content=b'{"title": "' + b"a" * 70_000 + b'"}')),
        (422, c.post(base, headers=auth, content=b'{"title": ')),
        (422, c.post(base, headers=auth, content=b'{"title": "a", "title": "b"}')),
        (422, c.post(base, headers=auth, json={"title": ""})),
        (422, c.post(base, headers=auth, json={"title": 5, "completed": "yes"})),
        (422, c.get(f"{base}/abc", headers=auth)),
        (422, c.get(base, headers=auth, params={"limit": "99999999999999999999999"})),
        (422, c.get(base, headers=auth, params={"sort": "title; DROP TABLE tasks"})),
        (422, c.get(base, headers=auth, params={"limit": "0"})),
        (422, c.patch(f"{base}/{task['id']}", headers=auth, json={"completed": None})),
        (401, c.get(base)),
        (401, c.get(base, headers={"Authorization": "Bearer not.a.token"})),
        (401, c.get(base, headers={"Authorization": f"Bearer {wrong_secret}"})),
        (401, c.get(base, headers={"Authorization": f"Bearer {expired}"})),
        (401, c.get(base, headers={"Authorization": "Bearer " + "A" * 5000})),
        (403, c.get("/api/someone-else/tasks", headers=auth)),
    ]
    for status, r in cases:
        assert r.status_code == status, f"{r.request.method} {r.request.url}: {r.status_code} {r.text[:300]}"
        _check_exposure(r, forbidden)
        if status >= 400:
            body = r.json()
            assert isinstance(body, dict) and "detail" in body, body

    assert srv.stop_responder(timeout=SHUTDOWN_TIMEOUT) == 0
    for r in (c.get("/api/health"), c.get(base, headers=auth), c.post(base, headers=auth, json={"title": "x"})):
        assert r.status_code == 502, r.status_code
        _check_exposure(r, forbidden)
        assert isinstance(r.json().get("detail"), str), r.text
    srv.start_responder()
