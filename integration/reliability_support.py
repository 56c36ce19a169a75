"""Helpers for test_reliability.py: client load that records every outcome, direct checks of the SQLite file,
more than one responder behind one nginx upstream, spawn-fcgi -F N under a subreaper, and process lookups
in /proc.

Everything runs on loopback and is bounded in time: every load loop has a deadline, every wait a timeout.
Built on conftest.Server (nginx rendering, port retry, health wait, SIGTERM handling) and on
transport_support.Fronted (a responder started by any command line).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from conftest import STARTUP_TIMEOUT, TODO_FCGI_BIN, Server, _tail, make_token, run_sql
from transport_support import SPAWN_AS_SUBREAPER, Fronted, accepts

# Words that must never reach a client: SQLite's own error text (SQLITE_BUSY is "database is locked").
BUSY_MARKERS = ("busy", "locked")

# Markers of an internal detail in an error body: SQL, SQLite, file system paths, source files, stack traces.
LEAK_MARKERS = ("select ", "insert into", "update tasks", "delete from", "sqlite", "syntax error", "near \"",
                "/work", "/tmp", "/home", "/srv", "/var/", ".swift", "traceback", "fatal error", "stack trace",
                "backtrace", "swift_", "0x0000")


# ---------------------------------------------------------------------------------------------- outcomes

@dataclass
class Outcome:
    """One request as the client saw it. status None: no HTTP response at all (transport error, which
    includes a body shorter than its Content-Length or a chunked body cut short)."""
    op: str
    user: str
    status: int | None
    body: object = None          # parsed JSON, when the body was JSON
    text: str = ""               # the raw body (first 300 characters)
    error: str = ""              # transport error, or what is wrong with the response framing
    title: str | None = None     # for creates: the title sent
    task_id: int | None = None   # for requests on one task
    content_type: str = ""
    started: float = 0.0         # time.monotonic() when sent, and when the answer (or the error) was complete
    finished: float = 0.0


def send(client: httpx.Client, op: str, user: str, method: str, url: str, *, headers: dict,
         json_body=None, params=None, title: str | None = None, task_id: int | None = None) -> Outcome:
    """Sends one request and checks its framing: a body whose length differs from Content-Length, or a
    non-JSON body where JSON is due, is recorded in `error` (a transport error has status None)."""
    started = time.monotonic()
    try:
        r = client.request(method, url, headers=headers, json=json_body, params=params)
        content = r.content
    except httpx.HTTPError as e:
        return Outcome(op, user, None, error=f"{type(e).__name__}: {e}", title=title, task_id=task_id,
                       started=started, finished=time.monotonic())
    out = Outcome(op, user, r.status_code, text=content[:300].decode("utf-8", "replace"), title=title,
                  task_id=task_id, content_type=r.headers.get("content-type", ""), started=started,
                  finished=time.monotonic())
    problems = []
    declared = r.headers.get("content-length")
    if declared is not None and int(declared) != len(content):
        problems.append(f"Content-Length {declared} but {len(content)} bytes")
    if declared is None and r.headers.get("transfer-encoding", "").lower() != "chunked" and r.status_code != 204:
        problems.append("neither Content-Length nor chunked framing")
    if r.status_code == 204:
        if content:
            problems.append(f"204 with a body of {len(content)} bytes")
    else:
        try:
            out.body = json.loads(content)
        except ValueError:
            problems.append(f"body is not JSON: {content[:200]!r}")
    out.error = "; ".join(problems)
    return out


def summarize(outcomes: list[Outcome]) -> dict:
    counts: dict = {}
    for o in outcomes:
        key = f"{o.op}:{o.status}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def busy_or_locked(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if any(m in o.text.lower() for m in BUSY_MARKERS)]


def assert_detail_shape(o: Outcome) -> None:
    """nginx's own error pages (502 with the responder down) are in the API's shape."""
    assert o.content_type.startswith("application/json"), f"{o.op} {o.status}: content type {o.content_type!r}"
    assert isinstance(o.body, dict) and isinstance(o.body.get("detail"), str) and o.body["detail"], \
        f"{o.op} {o.status}: body not {{'detail': ...}}: {o.text!r}"


def client_for(base_url: str) -> httpx.Client:
    # identity: lengths are compared on the bytes as sent; no connection reuse surprises beyond keep-alive.
    return httpx.Client(base_url=base_url, timeout=30.0, headers={"Accept-Encoding": "identity"})


# ---------------------------------------------------------------------------------------------- load

class CreateLoad:
    """`threads` client threads, each creating tasks for its user until it has `per_thread` acknowledged
    (201) creates or `deadline_s` passes. Every attempt has a fresh title, so an attempt that was not
    acknowledged is never retried under the same name. After a failed attempt a thread pauses
    `backoff_s` (a client backing off), so a restart in the middle does not exhaust the load."""

    def __init__(self, base_url: str, secret: str, users: list[str], threads: int, per_thread: int,
                 deadline_s: float = 120.0, backoff_s: float = 0.05):
        self.base_url = base_url
        self.users = users
        self.tokens = {u: make_token(secret, u, exp=int(time.time()) + 3600) for u in users}
        self.threads = threads
        self.per_thread = per_thread
        self.deadline = time.monotonic() + deadline_s
        self.backoff_s = backoff_s
        self.outcomes: list[list[Outcome]] = [[] for _ in range(threads)]
        self._threads: list[threading.Thread] = []
        self.stop = threading.Event()

    def user_of(self, i: int) -> str:
        return self.users[i % len(self.users)]

    def _work(self, i: int) -> None:
        user = self.user_of(i)
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        acked = 0
        n = 0
        with client_for(self.base_url) as c:
            while acked < self.per_thread and time.monotonic() < self.deadline and not self.stop.is_set():
                title = f"crash-{i}-{n}"
                n += 1
                o = send(c, "create", user, "POST", f"/api/{user}/tasks", headers=headers,
                         json_body={"title": title}, title=title)
                self.outcomes[i].append(o)
                if o.status == 201:
                    acked += 1
                else:
                    time.sleep(self.backoff_s)

    def start(self) -> "CreateLoad":
        self._threads = [threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(self.threads)]
        for t in self._threads:
            t.start()
        return self

    def all(self) -> list[Outcome]:
        return [o for per in self.outcomes for o in list(per)]

    def acked_count(self) -> int:
        return sum(1 for o in self.all() if o.status == 201)

    def wait_acked(self, n: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.acked_count() >= n:
                return True
            time.sleep(0.01)
        return False

    def join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))
        alive = [t for t in self._threads if t.is_alive()]
        if alive:
            self.stop.set()
            pytest.fail(f"{len(alive)} load threads still running after {timeout}s (a request hung?)")


class MixedLoad:
    """Client threads running a mixed read/write load until `stop` is set (or `deadline_s`): create, list,
    get, toggle completion and delete; each thread writes only to the tasks it created itself, so the final
    state every acknowledged write implies is known exactly (`expected()`). Users are shared between threads
    (`threads_per_user`), so their lists and indexes are read and written concurrently."""

    OPS = (("create", 35), ("list", 30), ("get", 10), ("complete", 15), ("delete", 10))

    def __init__(self, base_url: str, secret: str, threads: int, threads_per_user: int = 2,
                 deadline_s: float = 120.0, list_limit: int = 50, prefix: str = "mix"):
        self.base_url = base_url
        n_users = max(1, threads // threads_per_user)
        self.users = [f"{prefix}-{i}-{os.urandom(4).hex()}" for i in range(n_users)]
        self.tokens = {u: make_token(secret, u, exp=int(time.time()) + 3600) for u in self.users}
        self.threads = threads
        self.deadline = time.monotonic() + deadline_s
        self.list_limit = list_limit
        self.stop = threading.Event()
        self.outcomes: list[list[Outcome]] = [[] for _ in range(threads)]
        # per thread: task id -> (title, completed) as last acknowledged; ids acknowledged as deleted
        self.live: list[dict[int, tuple[str, bool]]] = [{} for _ in range(threads)]
        self.deleted: list[set[int]] = [set() for _ in range(threads)]
        self._threads: list[threading.Thread] = []

    def _work(self, i: int) -> None:
        rnd = random.Random(i)
        user = self.users[i % len(self.users)]
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        base = f"/api/{user}/tasks"
        live, deleted, out = self.live[i], self.deleted[i], self.outcomes[i]
        names = [op for op, _ in self.OPS]
        weights = [w for _, w in self.OPS]
        n = 0
        with client_for(self.base_url) as c:
            while not self.stop.is_set() and time.monotonic() < self.deadline:
                op = rnd.choices(names, weights)[0]
                if op in ("get", "complete", "delete") and not live:
                    op = "create"
                if op == "create":
                    title = f"mix-{i}-{n}"
                    n += 1
                    o = send(c, op, user, "POST", base, headers=headers, json_body={"title": title}, title=title)
                    if o.status == 201 and isinstance(o.body, dict):
                        live[o.body["id"]] = (title, o.body["completed"])
                elif op == "list":
                    o = send(c, op, user, "GET", base, headers=headers,
                             params={"limit": self.list_limit, "sort": rnd.choice(["created", "-created", "title"])})
                else:
                    task_id = rnd.choice(list(live))
                    if op == "get":
                        o = send(c, op, user, "GET", f"{base}/{task_id}", headers=headers, task_id=task_id)
                    elif op == "complete":
                        o = send(c, op, user, "PATCH", f"{base}/{task_id}/complete", headers=headers,
                                 task_id=task_id)
                        if o.status == 200 and isinstance(o.body, dict):
                            live[task_id] = (live[task_id][0], o.body["completed"])
                    else:
                        o = send(c, op, user, "DELETE", f"{base}/{task_id}", headers=headers, task_id=task_id)
                        if o.status == 204:
                            del live[task_id]
                            deleted.add(task_id)
                out.append(o)

    def start(self) -> "MixedLoad":
        self._threads = [threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(self.threads)]
        for t in self._threads:
            t.start()
        return self

    def run_for(self, seconds: float) -> None:
        time.sleep(seconds)
        self.stop.set()
        for t in self._threads:
            t.join(60)
        assert not any(t.is_alive() for t in self._threads), "a load thread hung (a request without an answer?)"

    def all(self) -> list[Outcome]:
        return [o for per in self.outcomes for o in per]

    def expected(self) -> tuple[dict[int, tuple[str, str, bool]], set[int]]:
        """(id -> (user, title, completed)) for every acknowledged live task, and the acknowledged deletes."""
        live: dict[int, tuple[str, str, bool]] = {}
        deleted: set[int] = set()
        for i in range(self.threads):
            user = self.users[i % len(self.users)]
            for task_id, (title, completed) in self.live[i].items():
                live[task_id] = (user, title, completed)
            deleted |= self.deleted[i]
        return live, deleted


# ---------------------------------------------------------------------------------------------- the database

def db_tasks(database: Path | str, users: list[str] | None = None) -> dict[int, tuple[str, str, bool]]:
    """id -> (user_id, title, completed), read straight from the database (not through the API): the SQLite file,
    or the PostgreSQL database of a URL (`Server.database`)."""
    rows = run_sql(database, "SELECT id, user_id, title, completed FROM tasks")
    wanted = set(users) if users is not None else None
    return {r[0]: (r[1], r[2], bool(r[3])) for r in rows if wanted is None or r[1] in wanted}


def is_sqlite(database: Path | str) -> bool:
    """True for a SQLite file, false for a PostgreSQL URL."""
    return isinstance(database, Path)


def integrity_check(db_path: Path) -> list[str]:
    con = sqlite3.connect(str(db_path), timeout=10, isolation_level=None)
    try:
        return [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
    finally:
        con.close()


def journal_mode(db_path: Path) -> str:
    con = sqlite3.connect(str(db_path), timeout=10, isolation_level=None)
    try:
        return con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- nginx upstreams

def patch_upstream(conf: str, servers: list[str]) -> str:
    """Replaces the `server` lines of `upstream todo_fcgi { ... }` in a config rendered by
    scripts/nginx-conf.sh with one line per address (unix:/abs/path or host:port)."""
    m = re.search(r"(upstream todo_fcgi \{\n)(.*?)(\n\s*\})", conf, re.S)
    assert m, "no upstream todo_fcgi block in the rendered nginx.conf"
    body = m.group(2)
    kept = [line for line in body.split("\n") if not line.strip().startswith("server ")]
    assert len(kept) < len(body.split("\n")), f"no server line in the upstream block:\n{body}"
    lines = [f'        server "{s}";' for s in servers] + kept
    return conf[:m.start(2)] + "\n".join(lines) + conf[m.end(2):]


class TwoSocketServer(Server):
    """Responders on `n` unix sockets over one database, behind one nginx whose upstream lists them all
    (round robin). The first is conftest.Server's own responder; `extra` holds the others."""

    def __init__(self, tmpdir: Path, n: int = 2, **kw):
        super().__init__(tmpdir, **kw)
        self.extra_socks = [self.tmpdir / f"todo{i}.sock" for i in range(1, n)]
        self.extra: list[subprocess.Popen] = []
        self.extra_rcs: list[int | None] = []

    def extra_stderr(self, i: int) -> Path:
        return self.tmpdir / f"responder{i + 1}.stderr.log"

    def start_responder(self) -> None:
        super().start_responder()
        self.extra = []
        for i, sock in enumerate(self.extra_socks):
            if sock.exists():
                sock.unlink()
            env = self.responder_env()
            env["FCGI_SOCKET"] = f"unix:{sock}"
            with open(self.extra_stderr(i), "ab") as err:
                proc = subprocess.Popen([str(TODO_FCGI_BIN), "serve", "--threads", str(self.threads)],
                                        cwd=self.tmpdir, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=err)
            self.extra.append(proc)
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not accepts(f"unix:{sock}", timeout=0.5):
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"second responder on {sock} did not start; stderr:\n{_tail(self.extra_stderr(i))}")
                time.sleep(0.02)

    def render_nginx_conf(self, port: int) -> str:
        conf = super().render_nginx_conf(port)
        return patch_upstream(conf, [f"unix:{self.sock_path}"] + [f"unix:{s}" for s in self.extra_socks])

    def stop_responder(self, timeout: float = 5.0) -> int | None:
        self.extra_rcs = [stop_process(p, timeout) for p in self.extra]
        self.extra = []
        return super().stop_responder(timeout)

    def pids(self) -> list[int]:
        return [p.pid for p in ([self.proc] if self.proc else []) + self.extra]


def stop_process(proc: subprocess.Popen, timeout: float) -> int | None:
    """SIGTERM, wait `timeout`; the exit code, or None if it had to be killed."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return None
    return proc.returncode


# spawn-fcgi -F N forks N responders on one listening socket and exits. This wrapper runs it as a child
# subreaper, so that the N responders are re-parented here: it forwards SIGTERM/SIGINT to all of them, waits
# for each, reports each exit status on stderr, and exits 0 only when every one exited 0 (else the first
# non-zero status, 128+signal for a killed one). argv: PID_FILE SPAWN-FCGI-ARGV...
MULTI_SPAWN_WRAPPER = SPAWN_AS_SUBREAPER + r"""
pids = [int(x) for x in pid_text.split()]
sys.stderr.write(f"wrapper: responder pids {' '.join(map(str, pids))}\n")
sys.stderr.flush()
def forward(signum, frame):
    for p in pids:
        try:
            os.kill(p, signum)
        except ProcessLookupError:
            pass
signal.signal(signal.SIGTERM, forward)
signal.signal(signal.SIGINT, forward)
codes = {}
while len(codes) < len(pids):
    try:
        pid, status = os.waitpid(-1, 0)
    except ChildProcessError:
        break
    if pid in pids:
        codes[pid] = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
        sys.stderr.write(f"wrapper: responder {pid} exited with {codes[pid]}\n")
        sys.stderr.flush()
bad = [codes.get(p, 255) for p in pids if codes.get(p, 255) != 0]
sys.exit(bad[0] if bad else 0)
"""


class ForkedServer(Fronted):
    """spawn-fcgi -F `children`: that many responders accept on one unix socket, over one database."""

    def __init__(self, tmpdir: Path, spawn_fcgi: str, children: int = 2, threads: int = 8, **kw):
        self.spawn_sock = Path(tmpdir) / "forked.sock"
        self.pid_file = Path(tmpdir) / "responders.pid"
        argv = [sys.executable, "-c", MULTI_SPAWN_WRAPPER,
                str(self.pid_file), spawn_fcgi, "-s", str(self.spawn_sock), "-M", "0660", "-F", str(children),
                "-P", str(self.pid_file), "--", str(TODO_FCGI_BIN), "serve", "--threads", str(threads)]
        super().__init__(Path(tmpdir), argv, f"unix:{self.spawn_sock}",
                         env={"FCGI_SOCKET": f"unix:{Path(tmpdir) / 'decoy.sock'}"}, **kw)
        self.children = children

    def responder_pids(self, timeout: float = 10.0) -> list[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "wrapper: responder pids" in _tail(self.stderr_path, 100_000):
                pids = [int(x) for x in self.pid_file.read_text().split()]
                if len(pids) == self.children:
                    return pids
            time.sleep(0.02)
        pytest.fail(f"spawn-fcgi did not report {self.children} children; stderr:\n{_tail(self.stderr_path)}")


# ---------------------------------------------------------------------------------------------- /proc

def proc_stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (field 3, state, is [0])."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    return s[s.rindex(")") + 2:].split()


def alive(pid: int) -> bool:
    st = proc_stat(pid)
    return st is not None and st[0] != "Z"


def cpu_ticks(pid: int) -> int:
    st = proc_stat(pid)
    return int(st[11]) + int(st[12]) if st else 0  # utime + stime


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = proc_stat(int(entry))
            if st is not None and st[1] == str(pid):
                kids.append(int(entry))
    return kids


def session_members(sid: int) -> list[tuple[int, str]]:
    """Live (non-zombie) processes of session `sid`, with their command lines."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        st = proc_stat(int(entry))
        if st is None or st[0] == "Z" or st[3] != str(sid):
            continue
        try:
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            cmd = "?"
        found.append((int(entry), cmd.strip()))
    return found


def exe_of(pid: int) -> str:
    try:
        return os.path.realpath(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return ""


def wait_for_text(path: Path, pattern: str, timeout: float, proc: subprocess.Popen | None = None) -> re.Match | None:
    """Polls `path` until `pattern` (a regex) appears; None on timeout or when `proc` exits first."""
    deadline = time.monotonic() + timeout
    rx = re.compile(pattern)
    while time.monotonic() < deadline:
        m = rx.search(_tail(path, 1_000_000))
        if m:
            return m
        if proc is not None and proc.poll() is not None:
            m = rx.search(_tail(path, 1_000_000))
            return m
        time.sleep(0.05)
    return None

