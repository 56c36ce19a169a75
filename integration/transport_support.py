"""Helpers for test_transport.py: a responder started by any command line (spawn-fcgi, TCP, flags) behind
nginx, running the responder to its exit, and running it as a CGI program.

Built on conftest.Server (nginx rendering, port retry, health wait, SIGTERM handling); only how the
responder is started and where nginx sends FastCGI differ.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import CONFIG_VARS, TODO_FCGI_BIN, Server, _free_port

# Variables a CGI server sets; they must not leak into a responder started as a FastCGI server.
CGI_VARS = (
    "GATEWAY_INTERFACE", "SERVER_PROTOCOL", "SERVER_SOFTWARE", "SERVER_NAME", "SERVER_PORT", "REQUEST_METHOD",
    "REQUEST_URI", "SCRIPT_NAME", "SCRIPT_FILENAME", "PATH_INFO", "PATH_TRANSLATED", "QUERY_STRING",
    "CONTENT_LENGTH", "CONTENT_TYPE", "REMOTE_ADDR", "REMOTE_PORT", "DOCUMENT_ROOT",
)

REFUSAL_TIMEOUT = 10.0  # a refused start must end well within this ("exits quickly")


def bin_path() -> str:
    if not TODO_FCGI_BIN.exists():
        pytest.fail(f"responder binary not found: {TODO_FCGI_BIN} (set TODO_FCGI_BIN or run swift build)")
    return str(TODO_FCGI_BIN)


def clean_env(overrides: dict | None = None) -> dict:
    """The caller's environment without any responder configuration or CGI variable, plus `overrides`
    (a value of None removes the variable)."""
    env = {k: v for k, v in os.environ.items()
           if k not in CONFIG_VARS and k not in CGI_VARS and not k.startswith(("JWT_", "HTTP_"))}
    for k, v in (overrides or {}).items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def parse_listen(spec: str) -> tuple[int, object]:
    """`unix:PATH` or `tcp:HOST:PORT` -> (family, address) for socket.connect."""
    if spec.startswith("unix:"):
        return socket.AF_UNIX, spec[5:]
    host, _, port = spec[4:].rpartition(":")
    host = host.strip("[]")
    return (socket.AF_INET6 if ":" in host else socket.AF_INET), (host, int(port))


def accepts(spec: str, timeout: float = 1.0) -> bool:
    """True when something accepts connections at `spec`."""
    family, address = parse_listen(spec)
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        try:
            s.connect(address)
            return True
        except OSError:
            return False


def is_socket(path: Path) -> bool:
    try:
        return stat.S_ISSOCK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


class Fronted(Server):
    """A responder started by `argv` (in `cwd`, with `env`) behind nginx, whose upstream is `upstream`
    (unix:ABSPATH or tcp:HOST:PORT). `ready` is the address to wait for before nginx starts (default
    `upstream`); the responder's own stdin is /dev/null unless spawn-fcgi replaces it."""

    def __init__(self, tmpdir: Path, argv: list[str], upstream: str, *, env: dict | None = None,
                 cwd: Path | None = None, ready: str | None = None, secret: str | None = None,
                 preexec_fn=None):
        super().__init__(Path(tmpdir), secret=secret)
        self.argv = argv
        self.upstream = upstream
        self.env_overrides = dict(env or {})
        self.cwd = Path(cwd) if cwd else self.tmpdir
        self.ready = ready or upstream
        self.preexec_fn = preexec_fn

    def responder_env(self) -> dict:
        return clean_env({"BETTER_AUTH_SECRET": self.secret, **self.database_env(), **self.env_overrides})

    def start_responder(self) -> None:
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        self.responder_rc = None
        with open(self.stderr_path, "ab") as err, open(self.stdout_path, "ab") as out:
            self.proc = subprocess.Popen(self.argv, cwd=self.cwd, env=self.responder_env(),
                                         stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                         preexec_fn=self.preexec_fn)
        self.wait_until_ready(lambda: accepts(self.ready, timeout=0.5), f"responder {self.argv}",
                              f"listening on {self.ready}", f"listen on {self.ready}")

    def nginx_env(self, port: int) -> dict:
        return {**super().nginx_env(port), "FCGI_SOCKET": self.upstream}

    def health(self) -> int:
        return self.client.get("/api/health").status_code

    def kill_responder(self) -> None:
        """SIGKILL: no chance to clean up (leaves a stale unix socket behind)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None


@dataclass
class Finished:
    """A responder run that ended by itself."""
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_to_exit(args: list[str], *, env: dict, cwd: Path, timeout: float = REFUSAL_TIMEOUT) -> Finished:
    """Runs `todo-fcgi ARGS...`, which is expected to end by itself (a refusal, --version, migrate)."""
    argv = [bin_path(), *args]
    started = time.monotonic()
    try:
        res = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode("utf-8", "replace")
        pytest.fail(f"{argv} was still running after {timeout}s (it should have exited); stderr:\n{err[-2000:]}")
    return Finished(res.returncode, res.stdout.decode("utf-8", "replace"), res.stderr.decode("utf-8", "replace"),
                    time.monotonic() - started)


# ---------------------------------------------------------------------------------------------- CGI

@dataclass
class CGIResponse:
    returncode: int
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    stderr: str
    raw: bytes = field(repr=False)

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k.lower() == name.lower()]
        assert len(values) <= 1, f"header {name} sent {len(values)} times: {self.headers}"
        return values[0] if values else None

    def json(self):
        return json.loads(self.body)


def parse_cgi_output(raw: bytes) -> tuple[int, str, list[tuple[str, str]], bytes]:
    """A CGI response: `Status: NNN Reason` CRLF, headers CRLF, blank line, body."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    assert sep, f"no CRLF CRLF after the CGI headers: {raw[:500]!r}"
    lines = head.decode("latin-1").split("\r\n")
    first = lines[0]
    assert first.startswith("Status: "), f"CGI output does not start with a Status line: {raw[:300]!r}"
    code, _, reason = first[len("Status: "):].partition(" ")
    assert code.isdigit() and len(code) == 3, f"bad Status line {first!r}"
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        assert colon and name and name == name.strip(), f"malformed CGI header line {line!r}"
        headers.append((name, value.strip()))
    return int(code), reason, headers, body


def run_cgi(cwd: Path, env: dict, method: str, uri: str | None = None, *, body: bytes = b"",
            authorization: str | None = None, script_name: str | None = None, path_info: str | None = None,
            query: str | None = None, argv_words: tuple[str, ...] = (), content_type: str | None = None,
            timeout: float = 30.0) -> CGIResponse:
    """Runs the binary as a CGI program, as a web server would: the request in the environment, the body
    on stdin. `uri` becomes REQUEST_URI (and its query QUERY_STRING); without it, SCRIPT_NAME + PATH_INFO +
    QUERY_STRING describe the request and REQUEST_URI is not set."""
    cgi = {
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_SOFTWARE": "pytest-cgi/1",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "REQUEST_METHOD": method,
    }
    if uri is not None:
        cgi["REQUEST_URI"] = uri
        path, _, q = uri.partition("?")
        cgi["SCRIPT_NAME"] = path
        cgi["QUERY_STRING"] = q
    else:
        cgi["SCRIPT_NAME"] = script_name or ""
        cgi["PATH_INFO"] = path_info or ""
        cgi["QUERY_STRING"] = query or ""
    if body:
        cgi["CONTENT_LENGTH"] = str(len(body))
        cgi["CONTENT_TYPE"] = content_type or "application/json"
    if authorization is not None:
        cgi["HTTP_AUTHORIZATION"] = authorization
    argv = [bin_path(), *argv_words]
    try:
        res = subprocess.run(argv, cwd=cwd, env={**env, **cgi}, input=body, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"CGI run of {method} {uri or (script_name, path_info, query)} did not exit in {timeout}s")
    stderr = res.stderr.decode("utf-8", "replace")
    status, reason, headers, resp_body = parse_cgi_output(res.stdout)
    return CGIResponse(res.returncode, status, reason, headers, resp_body, stderr, res.stdout)


# The start of both spawn-fcgi wrappers (this one and reliability_support's MULTI_SPAWN_WRAPPER): become a child
# subreaper, so that what spawn-fcgi forks is re-parented here when spawn-fcgi exits; run spawn-fcgi, copy its
# output to stderr and fail when it fails; then read its pid file into `pid_text`. argv: PID_FILE SPAWN-FCGI-ARGV...
SPAWN_AS_SUBREAPER = r"""
import ctypes, os, re, signal, subprocess, sys
PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed")
pid_file = sys.argv[1]
res = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, capture_output=True, text=True)
sys.stderr.write(res.stdout + res.stderr)
if res.returncode != 0:
    sys.exit(f"spawn-fcgi exited with {res.returncode}")
with open(pid_file) as f:
    pid_text = f.read()
"""

# Runs spawn-fcgi in its default (forking) mode as a child subreaper, so that the responder it forks is
# re-parented here when spawn-fcgi exits: this wrapper can then forward SIGTERM/SIGINT to the responder,
# wait for it, and exit with its exit status (or 128+signal), which a test can read as usual.
SPAWN_DAEMON_WRAPPER = SPAWN_AS_SUBREAPER + r"""
pid = int(pid_text.strip())
m = re.search(r"PID: (\d+)", res.stdout + res.stderr)
if m and int(m.group(1)) != pid:
    sys.exit(f"spawn-fcgi reported PID {m.group(1)}, pid file says {pid}")
sys.stderr.write(f"wrapper: responder pid {pid}\n")
sys.stderr.flush()
forward = lambda signum, frame: os.kill(pid, signum)
signal.signal(signal.SIGTERM, forward)
signal.signal(signal.SIGINT, forward)
while True:
    try:
        _, status = os.waitpid(pid, 0)
        break
    except InterruptedError:
        continue
sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
"""


__all__ = ["SPAWN_AS_SUBREAPER", "SPAWN_DAEMON_WRAPPER", "CGIResponse", "Finished", "Fronted", "REFUSAL_TIMEOUT", "accepts", "bin_path", "clean_env",
           "is_socket", "parse_cgi_output", "run_cgi", "run_to_exit", "_free_port"]
