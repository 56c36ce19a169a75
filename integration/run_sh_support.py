"""`make run` (scripts/run.sh) started for real from a copy of the tree: scripts/ and nginx/ (and .env.example
when asked) in a temporary directory, so that its run/, data/ and .env are private; a `swift` shim, because the
responder is already built (TODO_FCGI_BIN): `swift build -c release` has nothing to do and --show-bin-path names the
directory of that binary. Each run.sh is the leader of a session (and process group) of its own, as under a
terminal, so that SIGINT to its group is what Ctrl-C sends.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO_ROOT, TODO_FCGI_BIN
from reliability_support import session_members, wait_for_text
from transport_support import clean_env

SWIFT_SHIM = """#!/bin/sh
case " $* " in *" --show-bin-path "*) echo "$TODO_FCGI_SHIM_BIN_DIR" ;; esac
exit 0
"""


def run_sh_tree(root: Path, env_example: bool = False) -> Path:
    """A copy of scripts/ and nginx/ (and .env.example) in `root`, with the swift shim in root/shim."""
    if TODO_FCGI_BIN.name != "todo-fcgi" or not TODO_FCGI_BIN.exists():
        pytest.fail(f"responder binary not found: {TODO_FCGI_BIN}")
    shutil.copytree(REPO_ROOT / "scripts", root / "scripts")
    shutil.copytree(REPO_ROOT / "nginx", root / "nginx", symlinks=True)
    if env_example:
        shutil.copy(REPO_ROOT / ".env.example", root / ".env.example")
    shim = root / "shim"
    shim.mkdir()
    (shim / "swift").write_text(SWIFT_SHIM)
    (shim / "swift").chmod(0o755)
    return root


@dataclass
class RunSh:
    """One scripts/run.sh: its process (a session leader) and its stdout and stderr files."""
    proc: subprocess.Popen
    out_path: Path
    err_path: Path

    def stderr(self, n: int = 3000) -> str:
        return self.err_path.read_text()[-n:]

    def wait_serving(self, timeout: float = 120) -> None:
        assert wait_for_text(self.out_path, r"is serving on", timeout, self.proc), \
            f"run.sh did not start (rc {self.proc.poll()}):\n{self.stderr()}"

    def interrupt(self, timeout: float = 20) -> int:
        """Ctrl-C: SIGINT to run.sh's process group; its exit status, once every process of its session is gone."""
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"run.sh still running {timeout} s after SIGINT:\n{self.stderr(2000)}")
        deadline = time.monotonic() + 10
        while session_members(self.proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not session_members(self.proc.pid), f"left running after run.sh: {session_members(self.proc.pid)}"
        return rc

    def kill(self) -> None:
        """Whatever is left of it (for a finally: block)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        for pid, _cmd in session_members(self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def start_run_sh(root: Path, env: dict, name: str = "run") -> RunSh:
    """scripts/run.sh in `root` (made by run_sh_tree) with clean_env(env) plus the shim on PATH; not waited for."""
    shim = root / "shim"
    full_env = clean_env({"PATH": f"{shim}:{os.environ.get('PATH', '/usr/bin:/bin')}", "HOST": "127.0.0.1",
                          "TODO_FCGI_SHIM_BIN_DIR": str(TODO_FCGI_BIN.parent), **env})
    out_path, err_path = root / f"{name}.stdout.log", root / f"{name}.stderr.log"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        # SIGINT as a terminal leaves it (default, not ignored): a test run started in the background (`cmd &` in a
        # script) inherits SIGINT ignored, which run.sh inherits in turn, and bash cannot trap a signal ignored on
        # entry: the Ctrl-C would stop nginx and the responder but never run.sh's trap. A handler of ours is
        # reset to the default at exec; an ignored signal would stay ignored.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            proc = subprocess.Popen(["bash", "scripts/run.sh"], cwd=root, env=full_env, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=err, start_new_session=True)
        finally:
            signal.signal(signal.SIGINT, previous)
    return RunSh(proc, out_path, err_path)
