"""The man page and the shell completions are generated from the command line itself (scripts/manpage.py reads
`todo-fcgi --dump-help`; the binary writes the completion scripts, Sources/Commands), so they cannot drift:
generated here from the binary under test, the page must name every subcommand (nested ones too), render with
groff's mdoc macros without a warning, and each completion script must offer every top-level subcommand."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(os.environ.get("REPO_ROOT", pathlib.Path(__file__).resolve().parent.parent))
BINARY = os.environ.get("TODO_FCGI_BIN", str(REPO / ".build" / "debug" / "todo-fcgi"))


def _subcommands(command: dict, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for sub in command.get("subcommands", []):
        if not sub.get("shouldDisplay", True) or sub["commandName"] == "help":
            continue
        out.append(path + (sub["commandName"],))
        out += _subcommands(sub, path + (sub["commandName"],))
    return out


@pytest.fixture(scope="module")
def commands() -> list[tuple[str, ...]]:
    dump = json.loads(subprocess.run([BINARY, "--dump-help"], check=True, capture_output=True,
                                     text=True).stdout)
    found = _subcommands(dump["command"])
    assert ("serve",) in found and ("migrate",) in found and ("user", "import") in found
    return found


@pytest.fixture(scope="module")
def page() -> str:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "manpage.py"), BINARY, "January 1, 2026"],
                          check=True, capture_output=True, text=True).stdout


def test_the_page_names_every_subcommand(page: str, commands: list[tuple[str, ...]]) -> None:
    entries = {line[len(".It Em "):] for line in page.splitlines() if line.startswith(".It Em ")}
    missing = [" ".join(path) for path in commands if " ".join(path) not in entries]
    assert missing == []
    assert ".Dt TODO-FCGI 1" in page


def test_the_page_renders_without_warnings(page: str, commands: list[tuple[str, ...]]) -> None:
    result = subprocess.run(["groff", "-mdoc", "-Tutf8", "-ww", "-z"], input=page, capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stderr == ""
    text = subprocess.run(["groff", "-mdoc", "-Tascii", "-P-cbou"], input=page, check=True, capture_output=True,
                          text=True).stdout
    assert "SUBCOMMANDS" in text
    for path in commands:
        assert " ".join(path) in text


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_completion_offers_every_subcommand(shell: str, commands: list[tuple[str, ...]]) -> None:
    script = subprocess.run([BINARY, "--generate-completion-script", shell], check=True, capture_output=True,
                            text=True).stdout
    assert "todo-fcgi" in script
    for path in commands:
        if len(path) == 1:
            assert path[0] in script


def test_bash_sources_the_completion(tmp_path: pathlib.Path) -> None:
    script = tmp_path / "todo-fcgi"
    script.write_text(subprocess.run([BINARY, "--generate-completion-script", "bash"], check=True,
                                     capture_output=True, text=True).stdout)
    result = subprocess.run(["bash", "-c", f'source "{script}" && complete -p todo-fcgi'], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert "todo-fcgi" in result.stdout
