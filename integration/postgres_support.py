"""Helpers for the PostgreSQL tests: a private throwaway server (scripts/postgres.sh) that a test may stop and
restart without disturbing the shared one, and several "hosts" (nginx + responder pairs) on one database.
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import PG_SERVER_URL, REPO_ROOT, create_pg_database

POSTGRES_SH = REPO_ROOT / "scripts" / "postgres.sh"

# Selected only in the PostgreSQL run (pytest.ini leaves postgres_only out by default), so never skipped.
needs_postgres = pytest.mark.postgres_only


class PrivatePostgres:
    """A PostgreSQL server of one's own in `directory`, started by scripts/postgres.sh."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.url = self._run("start")  # postgresql://postgres:PW@127.0.0.1:PORT/todo
        self.server_url = self.url.rsplit("/", 1)[0] + "/postgres"

    def _run(self, command: str, timeout: float = 120) -> str:
        res = subprocess.run(["bash", str(POSTGRES_SH), command, str(self.directory)], capture_output=True,
                             text=True, timeout=timeout)
        if res.returncode != 0:
            pytest.fail(f"scripts/postgres.sh {command} failed ({res.returncode}): {res.stderr[-2000:]}")
        return res.stdout.strip()

    def new_database(self) -> str:
        return create_pg_database(self.server_url)

    def restart(self) -> None:
        """Fast shutdown, then start again on the same port."""
        self._run("restart")

    def down(self) -> None:
        """Fast shutdown; the data and the port are kept for `up`."""
        self._run("down")

    def up(self) -> None:
        self._run("up")

    def destroy(self) -> None:
        self._run("stop")


def wait_for(predicate, timeout: float, interval: float = 0.1):
    """Polls `predicate` until it returns something truthy (returned) or `timeout` passes (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def health(base_url: str) -> int | None:
    try:
        return httpx.get(f"{base_url}/api/health", timeout=5).status_code
    except httpx.HTTPError:
        return None


class CreateLoad:
    """Threads creating tasks through one or more hosts until stopped, recording each outcome."""

    def __init__(self, hosts: list[tuple[str, dict]], threads_per_host: int = 2):
        self.hosts = hosts  # (base_url, headers with the owner's token) per host
        self.threads_per_host = threads_per_host
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged: dict[int, str] = {}  # id -> title, for every 201
        self.failures: list[tuple[int | None, str]] = []  # (status or None, body or exception)
        self.attempts = 0
        self.threads: list[threading.Thread] = []
        self.owner_path: str | None = None

    def start(self, owner_path: str) -> "CreateLoad":
        self.owner_path = owner_path
        for index, (base_url, headers) in enumerate(self.hosts):
            for worker in range(self.threads_per_host):
                t = threading.Thread(target=self._run, args=(base_url, headers, f"h{index}w{worker}"), daemon=True)
                t.start()
                self.threads.append(t)
        return self

    def _run(self, base_url: str, headers: dict, name: str) -> None:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            n = 0
            while not self.stop.is_set():
                n += 1
                title = f"{name}-{n}"
                try:
                    r = client.post(self.owner_path, json={"title": title}, headers=headers)
                except httpx.HTTPError as exc:
                    with self.lock:
                        self.attempts += 1
                        self.failures.append((None, repr(exc)))
                    continue
                with self.lock:
                    self.attempts += 1
                    if r.status_code == 201:
                        self.acknowledged[r.json()["id"]] = title
                    else:
                        self.failures.append((r.status_code, r.text))
                if r.status_code != 201:
                    time.sleep(0.02)

    def finish(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)
