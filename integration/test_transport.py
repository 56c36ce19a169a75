"""Transport modes of the responder (issue 2): an inherited socket from spawn-fcgi, TCP (loopback only unless
--allow-remote), plain CGI, start-up refusals, unix socket permissions and placement, stale sockets, and the
--version / migrate commands.

Every responder here is the real binary; FastCGI traffic comes from a real nginx rendered by
scripts/nginx-conf.sh; tokens are minted by PyJWT.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SHUTDOWN_TIMEOUT, STARTUP_TIMEOUT, assert_www_authenticate, make_token, needs_tool, new_user
from transport_support import (REFUSAL_TIMEOUT, SPAWN_DAEMON_WRAPPER, Fronted, _free_port, accepts, bin_path, clean_env, is_socket,
                               run_cgi, run_to_exit)

SPAWN_FCGI = shutil.which("spawn-fcgi")
needs_spawn_fcgi = needs_tool(SPAWN_FCGI, "spawn-fcgi")


@pytest.fixture
def tmp(tmp_path_factory) -> Path:
    """A short temporary directory (unix socket paths must stay under 108 bytes)."""
    return tmp_path_factory.mktemp("tr")


@pytest.fixture
def fronted(tmp_path_factory):
    """fronted(argv, upstream, **kw) -> a started Fronted; whatever still runs is stopped at teardown."""
    started: list[Fronted] = []

    def start(argv, upstream, *, tmpdir=None, **kw) -> Fronted:
        srv = Fronted(tmpdir or tmp_path_factory.mktemp("tr"), argv, upstream, **kw)
        started.append(srv)
        return srv.start()

    yield start
    for srv in started:
        srv.stop()


def full_round_trip(srv: Fronted) -> None:
    """Health, then create and list a task for a fresh user, through nginx."""
    r = srv.client.get("/api/health")
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "ok"}
    user = srv.user("tr")
    task = user.create("over this transport", description="d")
    assert task["user_id"] == user.id and task["title"] == "over this transport"
    listed = user.list()
    assert [t["id"] for t in listed] == [task["id"]], listed
    assert listed[0] == task


def assert_sigterm_exits_0(srv: Fronted) -> None:
    pid = srv.proc.pid
    started = time.monotonic()
    rc = srv.stop_responder(timeout=SHUTDOWN_TIMEOUT)
    assert rc == 0, (f"responder (pid {pid}) exit code {rc!r} on SIGTERM after {time.monotonic() - started:.1f}s "
                     f"(None = still running after {SHUTDOWN_TIMEOUT}s, killed); stderr:\n{srv.stderr_text()[-1500:]}")


def assert_no_crash_text(text: str) -> None:
    for marker in ("Fatal error", "Stack dump", "backtrace", ".swift:", "Segmentation"):
        assert marker.lower() not in text.lower(), f"output looks like a crash ({marker!r}):\n{text[-1500:]}"


def secret_env(tmp: Path, **extra) -> dict:
    return clean_env({"BETTER_AUTH_SECRET": secrets.token_hex(32), "DATABASE_PATH": str(tmp / "todo.db"),
                      **extra})


def wait_exit(proc: subprocess.Popen, timeout: float = REFUSAL_TIMEOUT) -> int:
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail(f"process {proc.args} still running after {timeout}s")


# ---------------------------------------------------------------------------------------------- 1. spawn-fcgi

def _proc_exe(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


@needs_spawn_fcgi
def test_spawn_fcgi_inherited_unix_socket(fronted, tmp):
    """spawn-fcgi -n binds the socket and execs the responder with it on fd 0; the responder must serve there
    (not on FCGI_SOCKET, which here names a decoy path that must never be created)."""
    sock = tmp / "spawned.sock"
    decoy = tmp / "decoy" / "not-used.sock"
    argv = [SPAWN_FCGI, "-n", "-s", str(sock), "-M", "0660", "--", bin_path(), "serve", "--threads", "4"]
    srv = fronted(argv, f"unix:{sock}", tmpdir=tmp, env={"FCGI_SOCKET": f"unix:{decoy}"})
    # -n: spawn-fcgi execs the responder in the same process, so its pid is the responder's.
    assert os.path.realpath(_proc_exe(srv.proc.pid)) == os.path.realpath(bin_path()), _proc_exe(srv.proc.pid)
    full_round_trip(srv)
    assert not decoy.exists() and not decoy.parent.exists(), "responder listened on FCGI_SOCKET, not on fd 0"
    assert stat.S_IMODE(os.stat(sock).st_mode) == 0o660
    assert_sigterm_exits_0(srv)
    r = srv.client.get("/api/health")
    assert r.status_code in (502, 503, 504), "something still answers after the responder exited"


@needs_spawn_fcgi
def test_spawn_fcgi_inherited_tcp_socket(fronted, tmp):
    """spawn-fcgi -a 127.0.0.1 -p PORT: an inherited TCP listener on fd 0 is served as well."""
    port = _free_port()
    argv = [SPAWN_FCGI, "-n", "-a", "127.0.0.1", "-p", str(port), "--", bin_path(), "serve", "--threads", "4"]
    srv = fronted(argv, f"tcp:127.0.0.1:{port}", tmpdir=tmp, env={"FCGI_SOCKET": f"unix:{tmp / 'decoy.sock'}"})
    full_round_trip(srv)
    assert not (tmp / "decoy.sock").exists()
    assert_sigterm_exits_0(srv)


@needs_spawn_fcgi
def test_spawn_fcgi_forking_mode(fronted, tmp):
    """Without -n spawn-fcgi forks the responder and exits; the wrapper (a child subreaper) adopts it, so
    SIGTERM and the exit status still reach the test."""
    sock = tmp / "forked.sock"
    pid_file = tmp / "responder.pid"
    argv = [sys.executable, "-c", SPAWN_DAEMON_WRAPPER, str(pid_file),
            SPAWN_FCGI, "-s", str(sock), "-M", "0660", "-P", str(pid_file), "--", bin_path(), "serve", "--threads", "4"]
    srv = fronted(argv, f"unix:{sock}", tmpdir=tmp, env={"FCGI_SOCKET": f"unix:{tmp / 'decoy.sock'}"})
    # spawn-fcgi creates the pid file and then writes the number (no newline) into it: wait for the number and for
    # that process to be the responder, not merely for the file.
    deadline = time.monotonic() + 10
    pid = 0
    while time.monotonic() < deadline:
        text = pid_file.read_text().strip() if pid_file.exists() else ""
        pid = int(text) if text.isdigit() else 0
        if pid and os.path.realpath(_proc_exe(pid)) == os.path.realpath(bin_path()):
            break
        time.sleep(0.02)
    assert pid, f"no pid in {pid_file} after 10 s"
    assert pid != srv.proc.pid
    assert os.path.realpath(_proc_exe(pid)) == os.path.realpath(bin_path())
    full_round_trip(srv)
    assert not (tmp / "decoy.sock").exists()
    assert_sigterm_exits_0(srv)  # the wrapper forwards SIGTERM and exits with the responder's status
    assert not os.path.exists(f"/proc/{pid}"), "the responder is still there"


@needs_spawn_fcgi
def test_socket_flag_wins_over_the_inherited_socket(fronted, tmp):
    """With --socket the responder listens there even when spawn-fcgi hands it a socket on fd 0."""
    spawned = tmp / "spawned.sock"
    chosen = tmp / "chosen.sock"
    argv = [SPAWN_FCGI, "-n", "-s", str(spawned), "--", bin_path(), "serve", "--threads", "2",
            "--socket", f"unix:{chosen}"]
    srv = fronted(argv, f"unix:{chosen}", tmpdir=tmp)
    assert is_socket(chosen)
    full_round_trip(srv)
    assert_sigterm_exits_0(srv)


# ---------------------------------------------------------------------------------------------- 2. TCP

def test_tcp_loopback_behind_nginx(fronted, tmp):
    port = _free_port()
    spec = f"tcp:127.0.0.1:{port}"
    srv = fronted([bin_path(), "serve", "--threads", "4"], spec, tmpdir=tmp, env={"FCGI_SOCKET": spec})
    full_round_trip(srv)
    assert not list(tmp.glob("*.sock")) and not (tmp / "run").exists(), "a unix socket was made for tcp:"
    assert_sigterm_exits_0(srv)
    assert not accepts(spec), "the TCP port still accepts after the responder exited"


def test_tcp_via_socket_flag(fronted, tmp):
    port = _free_port()
    spec = f"tcp:127.0.0.1:{port}"
    srv = fronted([bin_path(), "serve", "--threads", "2", "--socket", spec], spec, tmpdir=tmp,
                  env={"FCGI_SOCKET": f"unix:{tmp / 'decoy.sock'}"})
    full_round_trip(srv)
    assert not (tmp / "decoy.sock").exists(), "FCGI_SOCKET was used although --socket was given"
    assert_sigterm_exits_0(srv)


@pytest.mark.parametrize("host, shown", [("0.0.0.0", "0.0.0.0"), ("[::]", "::")], ids=["ipv4-any", "ipv6-any"])
@pytest.mark.parametrize("via", ["env", "flag"])
def test_non_loopback_tcp_is_refused_without_allow_remote(tmp, host, shown, via):
    port = _free_port()
    spec = f"tcp:{host}:{port}"
    if via == "env":
        args, env = ["serve", "--threads", "2"], secret_env(tmp, FCGI_SOCKET=spec)
    else:
        args, env = ["serve", "--threads", "2", "--socket", spec], secret_env(tmp)
    res = run_to_exit(args, env=env, cwd=tmp)
    assert res.returncode != 0, f"started on {spec} without --allow-remote:\n{res.output}"
    assert shown in res.stderr, f"the message does not name the address {spec}:\n{res.stderr}"
    assert "loopback" in res.stderr.lower(), f"the message does not say why (loopback):\n{res.stderr}"
    assert_no_crash_text(res.output)
    for probe in ("127.0.0.1", "::1"):
        family = socket.AF_INET6 if ":" in probe else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            try:
                s.connect((probe, port))
            except OSError:
                continue
            pytest.fail(f"something listens on {probe}:{port} after the refusal")


def test_non_loopback_tcp_with_allow_remote_serves(fronted, tmp):
    port = _free_port()
    spec = f"tcp:0.0.0.0:{port}"
    srv = fronted([bin_path(), "serve", "--threads", "2", "--allow-remote"], f"tcp:127.0.0.1:{port}", tmpdir=tmp,
                  env={"FCGI_SOCKET": spec})
    full_round_trip(srv)
    assert_sigterm_exits_0(srv)


def _can_bind(family: int, address: str) -> bool:
    try:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.bind((address, 0))
        return True
    except OSError:
        return False


@pytest.mark.parametrize("host", ["localhost", "[::1]", "127.0.0.2"])
def test_other_loopback_spellings_are_accepted(fronted, tmp, host):
    port = _free_port()
    spec = f"tcp:{host}:{port}"
    if host == "[::1]" and not _can_bind(socket.AF_INET6, "::1"):
        # A host without ::1 cannot serve there; what must hold then is a clear refusal, not a hang or a crash.
        res = run_to_exit(["serve", "--threads", "2"], env=secret_env(tmp, FCGI_SOCKET=spec), cwd=tmp)
        assert res.returncode != 0 and "::1" in res.stderr, res.output
        assert_no_crash_text(res.output)
        return
    target = {"localhost": "127.0.0.1", "[::1]": "[::1]", "127.0.0.2": "127.0.0.2"}[host]
    srv = fronted([bin_path(), "serve", "--threads", "2"], f"tcp:{target}:{port}", tmpdir=tmp,
                  env={"FCGI_SOCKET": spec})
    assert srv.health() == 200
    assert_sigterm_exits_0(srv)


# ---------------------------------------------------------------------------------------------- 3. CGI

@pytest.fixture
def cgi(tmp):
    """(cwd, env, secret) for CGI runs: a temp working directory holding the database; no .env there."""
    secret = secrets.token_hex(32)
    env = clean_env({"BETTER_AUTH_SECRET": secret, "DATABASE_PATH": str(tmp / "todo.db")})
    return tmp, env, secret


def bearer(secret: str, sub: str) -> str:
    return f"Bearer {make_token(secret, sub)}"


def test_cgi_health(cgi):
    cwd, env, _ = cgi
    r = run_cgi(cwd, env, "GET", "/api/health")
    assert r.returncode == 0, r.stderr
    assert r.status == 200 and r.reason == "OK", (r.status, r.reason)
    assert r.json() == {"status": "ok"}
    assert r.header("Content-Type").startswith("application/json"), r.headers
    if r.header("Content-Length") is not None:
        assert int(r.header("Content-Length")) == len(r.body)


def test_cgi_create_then_list_share_the_database(cgi):
    cwd, env, secret = cgi
    uid = new_user("cgi")
    auth = bearer(secret, uid)
    body = json.dumps({"title": "via CGI", "description": "stdin body"}).encode()
    created = run_cgi(cwd, env, "POST", f"/api/{uid}/tasks", body=body, authorization=auth)
    assert created.returncode == 0, created.stderr
    assert created.status == 201, (created.status, created.body[:300], created.stderr[-500:])
    task = created.json()
    assert task["title"] == "via CGI" and task["description"] == "stdin body" and task["user_id"] == uid
    location = created.header("Location")
    assert location and location.endswith(f"/api/{uid}/tasks/{task['id']}"), location
    assert (cwd / "todo.db").exists(), "the database is not at DATABASE_PATH"

    listed = run_cgi(cwd, env, "GET", f"/api/{uid}/tasks", authorization=auth)
    assert listed.status == 200, listed.body
    assert listed.json() == [task]

    one = run_cgi(cwd, env, "GET", location if location.startswith("/") else f"/api/{uid}/tasks/{task['id']}",
                  authorization=auth)
    assert one.status == 200 and one.json() == task

    deleted = run_cgi(cwd, env, "DELETE", f"/api/{uid}/tasks/{task['id']}", authorization=auth)
    assert deleted.status == 204 and deleted.body == b"", (deleted.status, deleted.body)
    assert run_cgi(cwd, env, "GET", f"/api/{uid}/tasks", authorization=auth).json() == []
    token = auth.split()[1]
    for r in (created, listed, one, deleted):
        assert token not in r.stderr, "the token was logged"


def test_cgi_without_authorization_is_401(cgi):
    cwd, env, _ = cgi
    r = run_cgi(cwd, env, "GET", "/api/alice/tasks")
    assert r.returncode == 0, r.stderr
    assert r.status == 401, (r.status, r.body)
    challenge = r.header("WWW-Authenticate")
    assert challenge and challenge.lower().startswith("bearer"), r.headers
    assert isinstance(r.json().get("detail"), str)


def test_cgi_wrong_user_is_403_and_bad_token_401(cgi):
    cwd, env, secret = cgi
    r = run_cgi(cwd, env, "GET", "/api/alice/tasks", authorization=bearer(secret, "bob"))
    assert r.status == 403, (r.status, r.body)
    r = run_cgi(cwd, env, "GET", "/api/alice/tasks", authorization=bearer("x" * 64, "alice"))
    assert r.status == 401 and 'error="invalid_token"' in (r.header("WWW-Authenticate") or ""), r.headers


def test_cgi_request_from_script_name_path_info_and_query_string(cgi):
    """A CGI server other than nginx may send no REQUEST_URI: SCRIPT_NAME + PATH_INFO + QUERY_STRING then
    describe the request (here a ScriptAlias /api -> todo-fcgi)."""
    cwd, env, secret = cgi
    uid = new_user("cgi")
    auth = bearer(secret, uid)
    for title in ("open one", "done one"):
        r = run_cgi(cwd, env, "POST", f"/api/{uid}/tasks", body=json.dumps({"title": title}).encode(),
                    authorization=auth)
        assert r.status == 201, r.body
    done_id = r.json()["id"]
    r = run_cgi(cwd, env, "PATCH", f"/api/{uid}/tasks/{done_id}/complete", authorization=auth)
    assert r.status == 200 and r.json()["completed"] is True, r.body

    r = run_cgi(cwd, env, "GET", script_name="/api", path_info="/health")
    assert r.status == 200 and r.json() == {"status": "ok"}, (r.status, r.body)
    r = run_cgi(cwd, env, "GET", script_name="/api", path_info=f"/{uid}/tasks", query="status=completed",
                authorization=auth)
    assert r.status == 200, (r.status, r.body)
    assert [t["title"] for t in r.json()] == ["done one"]
    r = run_cgi(cwd, env, "GET", script_name="/api", path_info=f"/{uid}/tasks", query="status=bogus",
                authorization=auth)
    assert r.status == 422, "QUERY_STRING was not read"


@pytest.mark.parametrize("words", [("foo",), ("foo", "bar"), ("--version",), ("serve", "--socket", "bogus:x"),
                                   ("migrate",), ("--help",)], ids=lambda w: "+".join(w))
def test_cgi_query_words_in_argv_do_not_break_it(cgi, words):
    """For a query without '=' (GET /api/health?foo+bar) CGI servers pass the words as arguments; they must
    not be taken as a command line."""
    cwd, env, secret = cgi
    query = "+".join(words)
    r = run_cgi(cwd, env, "GET", f"/api/health?{query}", argv_words=words)
    assert r.returncode == 0, (r.returncode, r.stderr)
    assert r.status == 200 and r.json() == {"status": "ok"}, (r.status, r.body)
    uid = new_user("argv")
    r = run_cgi(cwd, env, "POST", f"/api/{uid}/tasks?{query}", body=b'{"title": "argv"}',
                authorization=bearer(secret, uid), argv_words=words)
    assert r.status == 201, (r.status, r.body)


def test_cgi_body_over_the_limit_is_413(cgi):
    cwd, env, secret = cgi
    uid = new_user("big")
    body = json.dumps({"title": "x", "description": "y" * (70 * 1024)}).encode()
    r = run_cgi(cwd, env, "POST", f"/api/{uid}/tasks", body=body, authorization=bearer(secret, uid))
    assert r.status == 413, (r.status, r.body[:200])


def test_cgi_relative_database_path_is_under_the_working_directory(tmp):
    secret = secrets.token_hex(32)
    env = clean_env({"BETTER_AUTH_SECRET": secret, "DATABASE_PATH": "data/sub/todo.db"})
    uid = new_user("rel")
    r = run_cgi(tmp, env, "POST", f"/api/{uid}/tasks", body=b'{"title": "rel"}', authorization=bearer(secret, uid))
    assert r.status == 201, (r.status, r.body, r.stderr[-500:])
    assert (tmp / "data" / "sub" / "todo.db").is_file()


@pytest.mark.parametrize("value", [None, "short-" + "z" * 25], ids=["missing", "31-bytes"])
def test_cgi_without_a_usable_secret_fails_cleanly(tmp, value):
    env = clean_env({"DATABASE_PATH": str(tmp / "todo.db"), "BETTER_AUTH_SECRET": value})
    r = run_cgi(tmp, env, "GET", "/api/health")
    assert r.status >= 500, (r.status, r.body)
    assert "BETTER_AUTH_SECRET" in r.stderr, r.stderr
    if value:
        assert value not in r.stderr and value.encode() not in r.raw, "the short secret was echoed"


# ---------------------------------------------------------------------------------------------- 4. refusals

@pytest.mark.parametrize("value", [None, "", "Tr4nsp0rt-" + "q" * 20 + "!"], ids=["missing", "empty", "31-bytes"])
def test_refuses_a_missing_or_short_secret(tmp, value):
    if value:
        assert len(value.encode()) == 31
    sock = tmp / "s.sock"
    env = clean_env({"BETTER_AUTH_SECRET": value, "DATABASE_PATH": str(tmp / "todo.db"),
                     "FCGI_SOCKET": f"unix:{sock}"})
    res = run_to_exit(["serve", "--threads", "2"], env=env, cwd=tmp)
    assert res.returncode != 0, res.output
    assert "BETTER_AUTH_SECRET" in res.stderr and "32" in res.stderr, res.stderr
    if value:
        assert value not in res.output, "the secret's value was printed"
    assert not sock.exists(), "a socket was created before the configuration was checked"
    assert_no_crash_text(res.output)


@pytest.mark.parametrize("value", ["k" * 32, "é" * 16], ids=["32-ascii", "32-utf8-bytes"])
def test_a_32_byte_secret_is_enough(fronted, tmp, value):
    sock = tmp / "s.sock"
    srv = fronted([bin_path(), "serve", "--threads", "2"], f"unix:{sock}", tmpdir=tmp, secret=value,
                  env={"FCGI_SOCKET": f"unix:{sock}"})
    full_round_trip(srv)
    assert_sigterm_exits_0(srv)


@pytest.mark.parametrize("spec", ["bogus:x", "tcp:127.0.0.1", "tcp:127.0.0.1:0", "tcp:127.0.0.1:70000",
                                  "tcp:127.0.0.1:http", "unix:", "/tmp/no-scheme.sock"])
def test_malformed_fcgi_socket_is_a_clear_error(tmp, spec):
    res = run_to_exit(["serve", "--threads", "2"], env=secret_env(tmp, FCGI_SOCKET=spec), cwd=tmp)
    assert res.returncode != 0, f"started with FCGI_SOCKET={spec}:\n{res.output}"
    assert "FCGI_SOCKET" in res.stderr, res.stderr
    assert res.stderr.strip(), "no message"
    assert_no_crash_text(res.output)
    if spec == "bogus:x":
        assert "bogus:x" in res.stderr and "unix:" in res.stderr and "tcp:" in res.stderr, res.stderr


@pytest.mark.parametrize("kind", ["regular-file", "directory", "symlink-to-file"])
def test_socket_path_occupied_by_a_non_socket_is_refused(tmp, kind):
    target = tmp / "todo.sock"
    content = b"precious data, not a socket\n"
    if kind == "regular-file":
        target.write_bytes(content)
        os.chmod(target, 0o640)
    elif kind == "directory":
        target.mkdir()
        (target / "keep").write_bytes(content)
    else:
        (tmp / "real.txt").write_bytes(content)
        target.symlink_to(tmp / "real.txt")
    before = os.lstat(target)
    res = run_to_exit(["serve", "--threads", "2"], env=secret_env(tmp, FCGI_SOCKET=f"unix:{target}"), cwd=tmp)
    assert res.returncode != 0, res.output
    assert str(target) in res.stderr, f"the message does not name the path:\n{res.stderr}"
    assert_no_crash_text(res.output)
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode, after.st_mtime_ns) == (before.st_ino, before.st_mode, before.st_mtime_ns)
    if kind == "regular-file":
        assert target.read_bytes() == content
    elif kind == "directory":
        assert (target / "keep").read_bytes() == content
    else:
        assert (tmp / "real.txt").read_bytes() == content and os.readlink(target) == str(tmp / "real.txt")


def test_socket_in_use_by_a_live_responder_is_refused(fronted, tmp):
    sock = tmp / "todo.sock"
    first = fronted([bin_path(), "serve", "--threads", "4"], f"unix:{sock}", tmpdir=tmp,
                    env={"FCGI_SOCKET": f"unix:{sock}"})
    user = first.user("live")
    user.create("before the intruder")
    ino = os.lstat(sock).st_ino
    res = run_to_exit(["serve", "--threads", "2"], cwd=tmp,
                      env=clean_env({"BETTER_AUTH_SECRET": first.secret, **first.database_env(),
                                     "FCGI_SOCKET": f"unix:{sock}"}))
    assert res.returncode != 0, res.output
    assert str(sock) in res.stderr, res.stderr
    assert_no_crash_text(res.output)
    assert is_socket(sock) and os.lstat(sock).st_ino == ino, "the second responder replaced the live socket"
    # the first keeps serving, over the same socket
    assert first.proc.poll() is None
    user.create("after the intruder")
    assert sorted(t["title"] for t in user.list()) == ["after the intruder", "before the intruder"]
    assert_sigterm_exits_0(first)


def test_tcp_port_in_use_is_refused(fronted, tmp):
    port = _free_port()
    spec = f"tcp:127.0.0.1:{port}"
    first = fronted([bin_path(), "serve", "--threads", "2"], spec, tmpdir=tmp, env={"FCGI_SOCKET": spec})
    res = run_to_exit(["serve", "--threads", "2"], env=secret_env(tmp / "second", FCGI_SOCKET=spec), cwd=tmp)
    assert res.returncode != 0, res.output
    assert str(port) in res.stderr, res.stderr
    assert_no_crash_text(res.output)
    full_round_trip(first)
    assert_sigterm_exits_0(first)


# ---------------------------------------------------------------------------------------------- 5. permissions

@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077], ids=["umask000", "umask022", "umask077"])
def test_unix_socket_is_mode_0660(fronted, tmp, umask):
    sock = tmp / "todo.sock"
    srv = fronted([bin_path(), "serve", "--threads", "2"], f"unix:{sock}", tmpdir=tmp,
                  env={"FCGI_SOCKET": f"unix:{sock}"}, preexec_fn=lambda: os.umask(umask))
    st = os.lstat(sock)
    assert stat.S_ISSOCK(st.st_mode)
    assert stat.S_IMODE(st.st_mode) == 0o660, oct(stat.S_IMODE(st.st_mode))
    assert srv.health() == 200
    assert_sigterm_exits_0(srv)


def test_relative_socket_path_is_under_the_working_directory(fronted, tmp):
    work = tmp / "work"
    work.mkdir()
    expected = work / "run" / "nested" / "todo.sock"
    assert not expected.parent.exists()
    srv = fronted([bin_path(), "serve", "--threads", "2"], f"unix:{expected}", tmpdir=tmp, cwd=work,
                  env={"FCGI_SOCKET": "unix:run/nested/todo.sock"})
    assert is_socket(expected), f"no socket at {expected}"
    assert stat.S_IMODE(os.lstat(expected).st_mode) == 0o660
    assert not (Path(os.environ.get("REPO_ROOT", Path(__file__).resolve().parent.parent)) / "run" / "nested").exists()
    full_round_trip(srv)
    assert_sigterm_exits_0(srv)


def test_relative_socket_path_via_flag_with_dot_prefix(fronted, tmp):
    work = tmp / "w"
    work.mkdir()
    expected = work / "sockdir" / "f.sock"
    srv = fronted([bin_path(), "serve", "--threads", "2", "--socket", "unix:./sockdir/f.sock"], f"unix:{expected}",
                  tmpdir=tmp, cwd=work, env={"FCGI_SOCKET": f"unix:{tmp / 'decoy.sock'}"})
    assert is_socket(expected) and stat.S_IMODE(os.lstat(expected).st_mode) == 0o660
    assert not (tmp / "decoy.sock").exists()
    assert srv.health() == 200
    assert_sigterm_exits_0(srv)


def test_unix_socket_path_length_limit(tmp):
    """107 bytes (sun_path minus its NUL) is the longest path that can be bound; one more is refused."""
    base = Path("/tmp") / f"tf-{secrets.token_hex(4)}"
    try:
        def path_of(n: int) -> Path:
            p = base / ("d" * (n - len(str(base)) - len("//x/s.sock"))) / "x" / "s.sock"
            assert len(str(p).encode()) == n
            return p

        ok = path_of(107)
        proc = subprocess.Popen([bin_path(), "serve", "--threads", "1"], cwd=tmp,
                                env=secret_env(tmp, FCGI_SOCKET=f"unix:{ok}"), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while not accepts(f"unix:{ok}") and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        alive = proc.poll() is None
        proc.terminate()
        rc = wait_exit(proc, SHUTDOWN_TIMEOUT)
        err = proc.stderr.read().decode("utf-8", "replace")
        assert alive and rc == 0, f"a 107-byte socket path did not work (rc {rc}):\n{err}"

        too_long = path_of(108)
        res = run_to_exit(["serve", "--threads", "1"], env=secret_env(tmp, FCGI_SOCKET=f"unix:{too_long}"), cwd=tmp)
        assert res.returncode != 0, res.output
        assert "FCGI_SOCKET" in res.stderr or str(too_long) in res.stderr, res.stderr
        assert not too_long.exists()
        assert_no_crash_text(res.output)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_serves_with_stdin_closed(fronted, tmp):
    """A supervisor may start the responder with fd 0 closed: it is then neither a CGI request nor an
    inherited socket, and the responder serves on FCGI_SOCKET as usual."""
    sock = tmp / "todo.sock"
    srv = fronted([bin_path(), "serve", "--threads", "2"], f"unix:{sock}", tmpdir=tmp,
                  env={"FCGI_SOCKET": f"unix:{sock}"}, preexec_fn=lambda: os.close(0))
    full_round_trip(srv)
    assert_sigterm_exits_0(srv)


# ---------------------------------------------------------------------------------------------- 6. stale socket

def test_stale_socket_from_a_killed_responder_is_replaced(fronted, tmp):
    sock = tmp / "todo.sock"
    srv = fronted([bin_path(), "serve", "--threads", "2"], f"unix:{sock}", tmpdir=tmp,
                  env={"FCGI_SOCKET": f"unix:{sock}"})
    user = srv.user("stale")
    task = user.create("survives SIGKILL")
    srv.kill_responder()
    assert is_socket(sock), "precondition: SIGKILL should leave the socket file behind"
    assert not accepts(f"unix:{sock}"), "precondition: nobody listens on the stale socket"

    srv.start_responder()  # same socket path, same database
    assert srv._wait_healthy() == "ok", srv.stderr_text()[-1500:]
    assert is_socket(sock) and stat.S_IMODE(os.lstat(sock).st_mode) == 0o660
    assert accepts(f"unix:{sock}")
    assert [t["id"] for t in user.list()] == [task["id"]]
    user.create("after restart")
    assert_sigterm_exits_0(srv)


# ---------------------------------------------------------------------------------------------- 7. commands

def test_version(tmp):
    res = run_to_exit(["--version"], env=clean_env(), cwd=tmp)
    assert res.returncode == 0, res.output
    assert re.search(r"\d+\.\d+(\.\d+)?", res.stdout), f"no version on stdout: {res.output!r}"
    assert "BETTER_AUTH_SECRET" not in res.output, "--version should not need configuration"
    assert not list(tmp.iterdir()), "--version created files"


@pytest.mark.parametrize("stdin", ["devnull", "pipe", "file"])
def test_no_arguments_prints_usage_and_exits_2(tmp, stdin):
    """No command means no command (issue 12 point 7): without arguments, outside CGI mode and without a listening
    socket on fd 0, the usage goes to stderr and the exit status is 2, before any configuration is read (no socket,
    no database)."""
    sock = tmp / "never.sock"
    env = secret_env(tmp, FCGI_SOCKET=f"unix:{sock}")
    source = {"devnull": subprocess.DEVNULL, "pipe": subprocess.PIPE, "file": open(os.devnull, "rb")}[stdin]
    try:
        res = subprocess.run([bin_path()], cwd=tmp, env=env, stdin=source, capture_output=True,
                             timeout=REFUSAL_TIMEOUT)
    finally:
        if stdin == "file":
            source.close()
    err = res.stderr.decode("utf-8", "replace")
    assert res.returncode == 2, (res.returncode, err)
    assert "USAGE: todo-fcgi" in err and "serve" in err and "migrate" in err, err
    assert res.stdout == b"", res.stdout
    assert not sock.exists() and not (tmp / "todo.db").exists(), list(tmp.iterdir())
    assert_no_crash_text(err)


def test_no_arguments_with_a_listening_socket_on_fd_0_serves(tmp):
    """spawn-fcgi style without a command: a listening unix socket on fd 0 still means serve."""
    from fastcgi_support import exchange, nginx_params, request_bytes
    sock = tmp / "inherited.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(sock))
    listener.listen(16)
    decoy = tmp / "decoy.sock"
    with open(tmp / "err.log", "wb") as err:
        proc = subprocess.Popen([bin_path()], cwd=tmp, env=secret_env(tmp, FCGI_SOCKET=f"unix:{decoy}"),
                                stdin=listener.fileno(), stdout=subprocess.DEVNULL, stderr=err)
    listener.close()
    try:
        answer = exchange(sock, request_bytes(nginx_params("GET", "/api/health")), timeout=STARTUP_TIMEOUT)
        assert answer.status == 200 and json.loads(answer.body) == {"status": "ok"}, (
            answer.describe(), (tmp / "err.log").read_text())
        assert not decoy.exists()
    finally:
        proc.terminate()
        rc = wait_exit(proc)
    assert rc == 0, (tmp / "err.log").read_text()


def _user_version(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("PRAGMA user_version").fetchone()[0]


def test_migrate_fresh_then_again_is_harmless(tmp):
    db = tmp / "fresh" / "dir" / "todo.db"
    secret = secrets.token_hex(32)
    env = clean_env({"DATABASE_PATH": str(db), "BETTER_AUTH_SECRET": secret})
    first = run_to_exit(["migrate"], env=env, cwd=tmp)
    assert first.returncode == 0, first.output
    assert db.is_file(), "migrate did not create the database (and its directory)"
    version = _user_version(db)
    assert version >= 1, "PRAGMA user_version was not set"
    assert re.search(rf"\b{version}\b", first.stdout), f"schema version {version} not printed: {first.stdout!r}"

    # data written in between survives a second migrate
    uid = new_user("mig")
    auth = f"Bearer {make_token(secret, uid)}"
    r = run_cgi(tmp, env, "POST", f"/api/{uid}/tasks", body=b'{"title": "kept"}', authorization=auth)
    assert r.status == 201, r.body

    second = run_to_exit(["migrate"], env=env, cwd=tmp)
    assert second.returncode == 0, second.output
    assert re.search(rf"\b{version}\b", second.stdout), second.stdout
    assert _user_version(db) == version
    listed = run_cgi(tmp, env, "GET", f"/api/{uid}/tasks", authorization=auth)
    assert [t["title"] for t in listed.json()] == ["kept"]
    assert_no_crash_text(first.output + second.output)


def test_migrate_then_serve_uses_the_migrated_database(fronted, tmp):
    db = tmp / "m.db"
    res = run_to_exit(["migrate"], env=clean_env({"DATABASE_PATH": str(db),
                                                  "BETTER_AUTH_SECRET": secrets.token_hex(32)}), cwd=tmp)
    assert res.returncode == 0, res.output
    version = _user_version(db)
    sock = tmp / "todo.sock"
    srv = fronted([bin_path(), "serve", "--threads", "2"], f"unix:{sock}", tmpdir=tmp,
                  env={"FCGI_SOCKET": f"unix:{sock}", "DATABASE_PATH": str(db)})
    full_round_trip(srv)
    assert_sigterm_exits_0(srv)
    assert _user_version(db) == version
