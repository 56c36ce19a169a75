"""The systemd units in deploy/ are ones systemd accepts: `systemd-analyze verify` on the socket unit and the
service together, with no warning at all (it exits 0 even for an unknown key, so its output must be empty too).

ExecStart names /srv/todo-fcgi/todo-fcgi, which exists only on an installed host; the copies verified here
point it at the responder built for the tests, so that verify also checks the command is executable."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(os.environ.get("REPO_ROOT", pathlib.Path(__file__).resolve().parent.parent))
BINARY = os.environ.get("TODO_FCGI_BIN", str(REPO / ".build" / "debug" / "todo-fcgi"))
UNITS = ("todo-fcgi.socket", "todo-fcgi.service")


def _copies(tmp_path: pathlib.Path) -> list[str]:
    paths = []
    for name in UNITS:
        text = (REPO / "deploy" / name).read_text()
        target = tmp_path / name
        target.write_text(text.replace("/srv/todo-fcgi/todo-fcgi", BINARY))
        paths.append(str(target))
    return paths


def _verify(paths: list[str]) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("systemd-analyze")
    assert tool, "systemd-analyze is missing (scripts/deps.sh installs the Debian package systemd)"
    return subprocess.run([tool, "verify", *paths], capture_output=True, text=True, timeout=60)


def test_both_units_verify_without_a_warning(tmp_path: pathlib.Path) -> None:
    result = _verify(_copies(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


def test_the_service_takes_the_socket_units_socket_on_fd_0() -> None:
    service = (REPO / "deploy" / "todo-fcgi.service").read_text()
    socket = (REPO / "deploy" / "todo-fcgi.socket").read_text()
    assert "\nStandardInput=socket\n" in service
    assert "\nRequires=todo-fcgi.socket\n" in service
    # The socket unit owns /run/todo-fcgi: a RuntimeDirectory in the service would be removed on every stop.
    assert "\nRuntimeDirectory=" not in service
    assert "\nListenStream=/run/todo-fcgi/todo.sock\n" in socket
    assert "\nSocketMode=0660\n" in socket
    assert "\nSocketGroup=www-data\n" in socket


@pytest.mark.parametrize("bad", ["StandardInput=sockett", "ListenStreem=/run/x.sock"])
def test_verify_reports_a_broken_unit(tmp_path: pathlib.Path, bad: str) -> None:
    """The check above could fail: a misspelt value or key is reported."""
    paths = _copies(tmp_path)
    target = pathlib.Path(paths[0] if bad.startswith("Listen") else paths[1])
    section = "[Socket]" if bad.startswith("Listen") else "[Service]"
    target.write_text(target.read_text().replace(section, f"{section}\n{bad}", 1))
    result = _verify(paths)
    assert result.returncode != 0 or result.stdout + result.stderr != ""
