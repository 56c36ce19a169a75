"""Two `make run` from one checkout (issue 14): scripts/run.sh started twice at once from one copy of the tree, on
two free ports. Each keeps its nginx state under run/nginx-PORT/ and, FCGI_SOCKET being left at its default, its
own socket run/todo-PORT.sock; Ctrl-C (SIGINT to one run's process group) stops that run with status 130 and leaves
the other serving, its files in place. A socket set explicitly is used as it is, and a second run on it refused.

Both start from a fresh tree with .env.example and no .env, so they also race to create .env (exactly one does)
and to migrate the one database; .env is read (no TODO_SKIP_DOTENV), as under a developer's `make run`.
"""

from __future__ import annotations

import httpx
import pytest

from conftest import _free_port
from reliability_support import alive
from run_sh_support import run_sh_tree, start_run_sh


def _health(port: int) -> int:
    return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=10).status_code


def _nginx_pid(root, port: int) -> int:
    return int((root / "run" / f"nginx-{port}" / "nginx.pid").read_text().strip())


@pytest.mark.sqlite_only
def test_two_run_sh_on_two_ports_from_one_tree_keep_apart(tmp_path_factory):
    root = run_sh_tree(tmp_path_factory.mktemp("ports"), env_example=True)
    ports = [_free_port(), _free_port()]
    while ports[1] == ports[0]:
        ports[1] = _free_port()
    runs = [start_run_sh(root, {"PORT": str(p), "TODO_SKIP_DOTENV": None, "BETTER_AUTH_SECRET": None},
                         name=f"run-{p}") for p in ports]
    try:
        for run in runs:
            run.wait_serving()
        for p in ports:
            assert _health(p) == 200
        created = [run.stderr() for run in runs]
        assert sum("created .env" in text for text in created) == 1, created

        nginx_dirs = [root / "run" / f"nginx-{p}" for p in ports]
        socks = [root / "run" / f"todo-{p}.sock" for p in ports]
        for d, p, sock in zip(nginx_dirs, ports, socks):
            conf = (d / "nginx.conf").read_text()
            assert f'listen "127.0.0.1:{p}"' in conf, f"{d}/nginx.conf does not listen on {p}"
            assert f"{sock}" in conf, f"{d}/nginx.conf does not name {sock}"
            assert (d / "access.log").exists() and sock.is_socket()
        assert not (root / "run" / "nginx").exists() and not (root / "run" / "todo.sock").exists()
        pids = [_nginx_pid(root, p) for p in ports]
        assert pids[0] != pids[1] and all(alive(pid) for pid in pids)

        # A socket set explicitly is used as it is: a third run on a third port naming the first's is refused.
        third = start_run_sh(root, {"PORT": str(_free_port()), "FCGI_SOCKET": f"unix:./run/todo-{ports[0]}.sock",
                                    "TODO_SKIP_DOTENV": None, "BETTER_AUTH_SECRET": None}, name="run-third")
        try:
            assert third.proc.wait(timeout=60) == 1, third.stderr()
        finally:
            third.kill()
        assert f"another 'make run' is using unix:./run/todo-{ports[0]}.sock" in third.stderr(), third.stderr()
        assert _health(ports[0]) == 200 and socks[0].is_socket()

        # Ctrl-C on the first: it stops, the second is untouched; then the second.
        for i in (0, 1):
            rc = runs[i].interrupt()
            assert rc == 130, f"run.sh on {ports[i]} exit status {rc} after SIGINT:\n{runs[i].stderr(2000)}"
            assert not socks[i].exists(), f"run.sh on {ports[i]} left {socks[i]} behind"
            assert not (nginx_dirs[i] / "nginx.pid").exists(), f"nginx on {ports[i]} left its pid file"
            with pytest.raises(httpx.ConnectError):
                _health(ports[i])
            if i == 0:
                assert _health(ports[1]) == 200, f"stopping {ports[0]} touched {ports[1]}"
                assert socks[1].is_socket() and alive(pids[1]) and _nginx_pid(root, ports[1]) == pids[1]
                assert (nginx_dirs[1] / "nginx.conf").exists()
                assert "received, stopping" not in runs[1].stderr(), runs[1].stderr()
    finally:
        for run in runs:
            run.kill()
