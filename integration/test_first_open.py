"""Several processes opening one fresh SQLite file at the same moment (two `make run`, two `serve` or `migrate`
started together, hosts on a shared volume): every one must get it in WAL mode and migrated, none may fail.

Switching a new file to WAL takes an exclusive lock for a moment, and SQLite answers a second process that
meets it "database is locked" at once, whatever busy_timeout says."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from conftest import TODO_FCGI_BIN
from jwks_support import clean_env

ROUNDS = 60
PROCESSES = 4


@pytest.mark.sqlite_only
def test_processes_opening_a_fresh_database_at_once_all_succeed(tmp_path):
    env = clean_env()
    env["TODO_SKIP_DOTENV"] = "1"
    for round_ in range(ROUNDS):
        path = tmp_path / f"round-{round_}" / "todo.db"
        env["DATABASE_PATH"] = str(path)
        procs = [subprocess.Popen([str(TODO_FCGI_BIN), "migrate"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(PROCESSES)]
        results = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in procs]
        failed = [r for r in results if r[0] != 0]
        assert not failed, f"round {round_}: {failed}"
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        con.close()
