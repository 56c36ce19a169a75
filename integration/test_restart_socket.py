"""Restarts that drop nothing: systemd's socket activation, emulated. The test holds the listening unix socket
(as todo-fcgi.socket does, mode 0660), starts responder A with it on fd 0 (StandardInput=socket), and nginx from
the harness points at its path. While 4 threads create and list tasks through nginx with real tokens, the test
SIGTERMs A once a third of the requests are done (a count, not a sleep), waits for A to exit and starts B on the
same socket, as systemd does after the old process is gone. Connections made meanwhile wait in the kernel's
backlog. Asserted: every response is a 2xx, every acknowledged create is in the database, A exited 0 without
unlinking the socket it did not create, and B serves afterwards."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import threading

import httpx
import pytest

from conftest import TODO_FCGI_BIN, Server, make_token, run_sql

THREADS = 4
PER_THREAD = 200  # one create and one list each
TOTAL = THREADS * PER_THREAD * 2


class HeldSocketServer(Server):
    """A Server whose listening socket belongs to the test (the holder), handed to each responder on fd 0."""

    def __init__(self, tmpdir, **kw):
        super().__init__(tmpdir, **kw)
        self.holder: socket.socket | None = None

    def start_responder(self) -> None:
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        if self.holder is None:
            holder = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            old = os.umask(0o117)
            try:
                holder.bind(str(self.sock_path))
            finally:
                os.umask(old)
            holder.listen(4096)
            self.holder = holder
        self.responder_rc = None
        with open(self.stderr_path, "ab") as err, open(self.stdout_path, "ab") as out:
            self.proc = subprocess.Popen(
                [str(TODO_FCGI_BIN), "serve", "--threads", str(self.threads)],
                cwd=self.tmpdir, env=self.responder_env(), stdin=self.holder.fileno(), stdout=out, stderr=err,
            )

    def stop(self):
        rc = super().stop()
        if self.holder is not None:
            self.holder.close()
            self.holder = None
        return rc


class Load:
    """THREADS threads, each PER_THREAD times: create a task, then list; every outcome is recorded."""

    def __init__(self, base_url: str, secret: str):
        self.base_url = base_url
        self.secret = secret
        self.lock = threading.Lock()
        self.done = 0
        self.progress = threading.Condition(self.lock)
        self.bad: list[str] = []
        self.acked: dict[str, set[int]] = {}
        self.threads = [threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(THREADS)]

    def _record(self, label: str, r: httpx.Response | None, error: str = "") -> None:
        with self.lock:
            self.done += 1
            if r is None:
                self.bad.append(f"{label}: {error}")
            elif not 200 <= r.status_code < 300:
                self.bad.append(f"{label}: {r.status_code} {r.text[:200]}")
            self.progress.notify_all()

    def _work(self, i: int) -> None:
        user = f"restart-{i}"
        headers = {"Authorization": f"Bearer {make_token(self.secret, user)}"}
        ids: set[int] = set()
        self.acked[user] = ids
        with httpx.Client(base_url=self.base_url, timeout=60.0) as client:
            for n in range(PER_THREAD):
                for label, method, body in (("create", "POST", {"title": f"t{i}-{n}"}), ("list", "GET", None)):
                    try:
                        r = client.request(method, f"/api/{user}/tasks", headers=headers, json=body)
                    except httpx.HTTPError as error:
                        self._record(label, None, repr(error))
                        continue
                    if label == "create" and r.status_code == 201:
                        ids.add(r.json()["id"])
                    self._record(label, r)

    def start(self) -> "Load":
        for t in self.threads:
            t.start()
        return self

    def wait_done(self, n: int, timeout: float) -> bool:
        with self.lock:
            return self.progress.wait_for(lambda: self.done >= n, timeout=timeout)

    def join(self, timeout: float) -> None:
        for t in self.threads:
            t.join(timeout)
        assert not any(t.is_alive() for t in self.threads), "the load did not finish"


@pytest.mark.sqlite_only
def test_restart_on_a_held_socket_drops_no_request(tmp_path):
    srv = HeldSocketServer(tmp_path).start()
    try:
        load = Load(srv.base_url, srv.secret).start()
        assert load.wait_done(TOTAL // 3, timeout=120), "the load did not get a third of the way"
        first = srv.proc
        rc = srv.stop_responder()
        assert rc == 0, f"responder A exited with {rc}"
        # A neither unlinked nor replaced the socket it inherited: the holder's socket is still at the path.
        assert stat.S_ISSOCK(os.lstat(srv.sock_path).st_mode)
        # A said once that it drained (B appends to the same log later).
        drained = [r for r in srv.log_records() if r.get("msg", "").startswith("drained:")]
        assert len(drained) == 1 and drained[0]["level"] == "info", drained
        srv.start_responder()
        assert srv.proc is not first
        load.join(timeout=180)
        assert load.bad == [], f"{len(load.bad)} failed: {load.bad[:5]}"
        assert load.done == TOTAL
        for user, ids in load.acked.items():
            assert len(ids) == PER_THREAD
            rows = run_sql(srv.database, "SELECT id FROM tasks WHERE user_id = ?", (user,))
            assert ids <= {row[0] for row in rows}, f"acknowledged creates of {user} missing from the database"
        # B serves afterwards.
        r = httpx.get(f"{srv.base_url}/api/health", timeout=10)
        assert r.status_code == 200
        assert srv.proc.poll() is None
    finally:
        srv.stop()
