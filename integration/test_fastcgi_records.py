"""No input on the FastCGI socket can end the responder (issue 12, point 4).

Each case sends raw FastCGI records (fastcgi_support.py, written from the specification) straight to a real
`todo-fcgi serve` on its unix socket, with no nginx in between, since nginx never sends these: CONTENT_LENGTH
negative, not a number, overflowing, larger than the body, over the limit; no REQUEST_METHOD or REQUEST_URI; params
and bodies cut into one-byte records; records of unknown type or version; connections closed in the middle of a
record header, of params, of a body. Each gets its 4xx in the contract's shape (or, where libfcgi cannot read the
request at all, a closed connection), never a partial body handed to the handler; then the same process (same pid,
still running) answers /api/health on a fresh connection, and at the end it still exits 0 on SIGTERM.
"""

from __future__ import annotations

import json
import socket
import struct
import time

import pytest

from conftest import STARTUP_TIMEOUT, Server, _tail, new_user
from fastcgi_support import (PARAMS, STDIN, UNKNOWN_TYPE, Answer, begin_request, connect,
                             exchange, name_values, nginx_params, read_answer, record, request_bytes, stream)
from transport_support import accepts

MAX_BODY = 65536  # MAX_BODY_BYTES's default
TASK = b'{"title":"from raw records"}'


@pytest.fixture
def responder(tmp_path_factory):
    """A responder of its own for each case (no nginx), so that a crash is pinned on the case that caused it."""
    srv = Server(tmp_path_factory.mktemp("fcgi"), threads=4)
    srv.start_responder()
    # The socket file appears at bind(2), a moment before listen(2): wait until it accepts.
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not accepts(f"unix:{srv.sock_path}"):
        assert srv.proc.poll() is None and time.monotonic() < deadline, _tail(srv.stderr_path)
        time.sleep(0.01)
    yield srv
    running = srv.proc is not None and srv.proc.poll() is None
    rc = srv.stop_responder()
    assert running and rc == 0, f"responder did not exit 0 on SIGTERM (rc={rc!r}); stderr:\n{_tail(srv.stderr_path)}"


def assert_same_process_serves(srv: Server, pid: int) -> None:
    """The responder that took the hostile input (same pid, not restarted, not a zombie) answers the next request
    on a fresh connection."""
    try:
        health = exchange(srv.sock_path, request_bytes(nginx_params("GET", "/api/health")))
    except OSError as error:
        health = Answer(closed=True)
        health.other_records.append(repr(error))
    rc = srv.proc.poll()
    assert rc is None and srv.proc.pid == pid, (
        f"responder pid {pid} ended with {rc!r} (-4 is SIGILL); stderr:\n{_tail(srv.stderr_path)}")
    with open(f"/proc/{pid}/stat") as f:
        state = f.read().rsplit(")", 1)[1].split()[0]
    assert state != "Z", f"responder {pid} is a zombie"
    assert health.status == 200 and json.loads(health.body) == {"status": "ok"}, health.describe()


def assert_detail(answer: Answer, status: int) -> None:
    assert answer.status == status, answer.describe()
    assert answer.ended, f"no END_REQUEST after the answer: {answer.describe()}"
    head = answer.stdout.partition(b"\r\n\r\n")[0].lower()
    assert b"content-type: application/json" in head, answer.describe()
    body = json.loads(answer.body)
    assert isinstance(body, dict) and isinstance(body.get("detail"), str), body


def tasks_of(srv: Server, user: str) -> list:
    return [row[0] for row in srv.sql("SELECT title FROM tasks WHERE user_id = ?", (user,))]


def create_params(srv: Server, user: str, **kw) -> list:
    return nginx_params("POST", f"/api/{user}/tasks", authorization=f"Bearer {srv.token(user)}", **kw)


# ---------------------------------------------------------------------------------------------- CONTENT_LENGTH

def assert_create_is_400(srv: Server, prefix: str, content_length: str, detail: str):
    """TASK, a body that would be a valid create, sent with CONTENT_LENGTH `content_length` for a new user: 400 with
    `detail`, nothing created, and the same process serves on."""
    pid, user = srv.proc.pid, new_user(prefix)
    answer = exchange(srv.sock_path, request_bytes(create_params(srv, user, content_length=content_length), TASK))
    assert_detail(answer, 400)
    assert json.loads(answer.body) == {"detail": detail}
    assert tasks_of(srv, user) == []
    assert_same_process_serves(srv, pid)


@pytest.mark.parametrize("length", ["-2", "-0", "abc", "12a", "+13", " 13", "99999999999999999999",
                                    "9223372036854775808"])
def test_invalid_content_length_is_400_and_no_body_reaches_the_handler(responder, length):
    """A body that would be a valid create is sent with a CONTENT_LENGTH that is no length (-2 crashed the process
    with SIGILL; text or an overflow was ignored and the body read up to the limit)."""
    assert_create_is_400(responder, "cl", length, "Invalid Content-Length")


def test_invalid_content_length_on_an_auth_route_is_400_in_better_auths_shape(responder):
    pid = responder.proc.pid
    params = nginx_params("POST", "/api/auth/sign-in/email", content_length="-2")
    answer = exchange(responder.sock_path, request_bytes(params, b'{"email":"a@b.c","password":"x"}'))
    assert answer.status == 400, answer.describe()
    assert json.loads(answer.body) == {"code": "BAD_REQUEST", "message": "Invalid Content-Length"}
    assert_same_process_serves(responder, pid)


def test_body_shorter_than_content_length_is_400(responder):
    """CONTENT_LENGTH 100, a complete JSON body of fewer bytes, then the end of stdin: nothing is created."""
    assert_create_is_400(responder, "short", "100", "Request body shorter than its Content-Length")


def test_content_length_over_the_limit_is_413(responder):
    pid, user = responder.proc.pid, new_user("big")
    body = b"a" * (MAX_BODY + 1)
    answer = exchange(responder.sock_path, request_bytes(create_params(responder, user, body=body), body))
    assert_detail(answer, 413)
    assert_same_process_serves(responder, pid)


def test_huge_content_length_with_a_small_body_is_413(responder):
    pid, user = responder.proc.pid, new_user("huge")
    answer = exchange(responder.sock_path,
                      request_bytes(create_params(responder, user, content_length=str(10**18 - 1)), TASK))
    assert_detail(answer, 413)
    assert_same_process_serves(responder, pid)


@pytest.mark.parametrize("size", [4095, 4096, 4097, 20_000, MAX_BODY])
def test_body_without_content_length_is_read_whole(responder, size):
    """Without CONTENT_LENGTH (nginx always sends one with a body; another server may not) the body is read up to
    the limit into a buffer that starts at 4 KiB and grows: a create padded to `size` bytes, across the growth
    steps and up to the limit itself, is read whole (a cut body would not parse)."""
    pid, user = responder.proc.pid, new_user("nolen")
    body = TASK[:-1] + b" " * (size - len(TASK)) + b"}"
    assert len(body) == size
    answer = exchange(responder.sock_path, request_bytes(create_params(responder, user, content_length=""), body))
    assert answer.status == 201, answer.describe()
    assert tasks_of(responder, user) == ["from raw records"]
    assert_same_process_serves(responder, pid)


def test_body_without_content_length_over_the_limit_is_413(responder):
    pid, user = responder.proc.pid, new_user("nolenbig")
    body = TASK[:-1] + b" " * (MAX_BODY + 1 - len(TASK)) + b"}"
    answer = exchange(responder.sock_path, request_bytes(create_params(responder, user, content_length=""), body))
    assert_detail(answer, 413)
    assert tasks_of(responder, user) == []
    assert_same_process_serves(responder, pid)


# ---------------------------------------------------------------------------------------------- missing params

@pytest.mark.parametrize("missing", ["REQUEST_METHOD", "REQUEST_URI"])
def test_missing_method_or_uri_is_400(responder, missing):
    pid = responder.proc.pid
    params = [pair for pair in nginx_params("GET", "/api/health") if pair[0] != missing]
    answer = exchange(responder.sock_path, request_bytes(params))
    assert_detail(answer, 400)
    assert_same_process_serves(responder, pid)


def test_no_params_at_all_is_400(responder):
    pid = responder.proc.pid
    answer = exchange(responder.sock_path, begin_request() + stream(PARAMS, b"") + stream(STDIN, b""))
    assert_detail(answer, 400)
    assert_same_process_serves(responder, pid)


# ---------------------------------------------------------------------------------------------- fragmentation

@pytest.mark.parametrize("chunk", ["params_chunk", "stdin_chunk"])
def test_params_or_body_in_one_byte_records_are_read_whole(responder, chunk):
    pid, user = responder.proc.pid, new_user("frag")
    answer = exchange(responder.sock_path,
                      request_bytes(create_params(responder, user, body=TASK), TASK, **{chunk: 1}))
    assert answer.status == 201, answer.describe()
    assert tasks_of(responder, user) == ["from raw records"]
    assert_same_process_serves(responder, pid)


def test_negative_content_length_in_one_byte_params_records_is_400(responder):
    pid, user = responder.proc.pid, new_user("frag")
    answer = exchange(responder.sock_path, request_bytes(create_params(responder, user, content_length="-2"),
                                                         TASK, params_chunk=1))
    assert_detail(answer, 400)
    assert tasks_of(responder, user) == []
    assert_same_process_serves(responder, pid)


def test_padded_records_are_read(responder):
    pid = responder.proc.pid
    params = name_values(nginx_params("GET", "/api/health"))
    data = begin_request() + record(PARAMS, params, padding=7) + record(PARAMS) + record(STDIN, padding=255)
    answer = exchange(responder.sock_path, data)
    assert answer.status == 200, answer.describe()
    assert_same_process_serves(responder, pid)


# ---------------------------------------------------------------------------------------------- odd records

def test_unknown_management_record_is_answered(responder):
    """Type 99 on request id 0 before the request: libfcgi answers FCGI_UNKNOWN_TYPE (and then closes the
    connection, as it does when a connection's first record is not BEGIN_REQUEST)."""
    pid = responder.proc.pid
    data = record(99, b"12345678", request_id=0) + request_bytes(nginx_params("GET", "/api/health"))
    answer = exchange(responder.sock_path, data)
    assert answer.closed or answer.status == 200, answer.describe()
    assert any(type_ == UNKNOWN_TYPE and content[:1] == bytes([99]) for type_, _, content in answer.other_records)
    assert_same_process_serves(responder, pid)


def test_unknown_record_type_among_the_params_closes_the_connection(responder):
    pid = responder.proc.pid
    params = name_values(nginx_params("GET", "/api/health"))
    data = begin_request() + record(PARAMS, params[:10]) + record(99, b"x") + stream(PARAMS, params[10:])
    answer = exchange(responder.sock_path, data + stream(STDIN, b""))
    assert answer.closed or (answer.status is not None and 400 <= answer.status < 500), answer.describe()
    assert_same_process_serves(responder, pid)


def test_unknown_record_type_in_the_body_is_400(responder):
    """The whole declared body, then a record of unknown type instead of the end of stdin: the stream broke, so
    the request is not handled (it was, as a create)."""
    pid, user = responder.proc.pid, new_user("odd")
    data = (begin_request() + stream(PARAMS, name_values(create_params(responder, user, body=TASK)))
            + record(STDIN, TASK) + record(99, b"x") + record(STDIN))
    answer = exchange(responder.sock_path, data)
    assert answer.closed or answer.status == 400, answer.describe()
    assert tasks_of(responder, user) == []
    assert_same_process_serves(responder, pid)


def test_unsupported_version_closes_the_connection(responder):
    pid = responder.proc.pid
    data = bytearray(request_bytes(nginx_params("GET", "/api/health")))
    data[0] = 2
    answer = exchange(responder.sock_path, bytes(data))
    assert answer.closed and answer.stdout == b"", answer.describe()
    assert_same_process_serves(responder, pid)


def test_a_record_after_a_refused_header_is_never_read(responder):
    """libfcgi goes on parsing after a header it refused if the stream is read again: a FCGI_GET_VALUES record
    with pair lengths near 2^31 behind a bad version aborted the process (found by fuzz-fastcgi)."""
    pid = responder.proc.pid
    huge = struct.pack(">I", 0xFFFFFFF0) * 2
    data = begin_request() + bytes([0x54, 4, 0, 1, 0, 0, 0, 0]) + record(9, huge, request_id=0)
    answer = exchange(responder.sock_path, data)
    assert answer.closed or answer.status == 400, answer.describe()
    assert_same_process_serves(responder, pid)


def test_begin_request_with_an_unknown_role_closes_the_connection(responder):
    pid = responder.proc.pid
    data = begin_request(role=7) + stream(PARAMS, name_values(nginx_params())) + stream(STDIN, b"")
    answer = exchange(responder.sock_path, data)
    assert answer.closed or (answer.status is not None and 400 <= answer.status < 500), answer.describe()
    assert_same_process_serves(responder, pid)


def test_param_lengths_near_2_gib_do_not_end_the_process(responder):
    """Name and value lengths of 2^31 - 16 each (their sum overflows a C int), then the connection ends."""
    pid = responder.proc.pid
    huge = struct.pack(">I", 0xFFFFFFF0)
    data = begin_request() + record(PARAMS, huge + huge + b"REQUEST_METHOD")
    answer = exchange(responder.sock_path, data)
    assert answer.closed or (answer.status is not None and 400 <= answer.status < 500), answer.describe()
    assert_same_process_serves(responder, pid)


# ---------------------------------------------------------------------------------------------- cut connections

@pytest.mark.parametrize("cut", [3, 8 + 4, 8 + 8 + 5], ids=["begin-header", "begin-body", "params-header"])
@pytest.mark.parametrize("half_close", [True, False], ids=["shutdown", "close"])
def test_connection_closed_in_the_middle_of_a_record(responder, cut, half_close):
    pid = responder.proc.pid
    data = request_bytes(nginx_params("GET", "/api/health"))[:cut]
    answer = exchange(responder.sock_path, data, half_close=half_close)
    # Cut inside a PARAMS header, libfcgi takes the end of the connection for the end of the params: the request
    # without any is then a 400.
    assert answer.closed or answer.status == 400, answer.describe()
    assert_same_process_serves(responder, pid)


@pytest.mark.parametrize("half_close", [True, False], ids=["shutdown", "close"])
def test_connection_closed_in_the_middle_of_params(responder, half_close):
    pid = responder.proc.pid
    params = name_values(nginx_params("GET", "/api/health"))
    data = begin_request() + record(PARAMS, params)[:8 + len(params) // 2]
    answer = exchange(responder.sock_path, data, half_close=half_close)
    assert answer.closed or answer.status == 400, answer.describe()
    assert_same_process_serves(responder, pid)


@pytest.mark.parametrize("half_close", [True, False], ids=["shutdown", "close"])
def test_connection_closed_in_the_middle_of_the_body(responder, half_close):
    """CONTENT_LENGTH 100 and a STDIN record that says 100 bytes, of which only a complete JSON object comes
    before the client stops: answered 400 (the client can still read), nothing created."""
    pid, user = responder.proc.pid, new_user("cut")
    params = create_params(responder, user, content_length="100")
    data = begin_request() + stream(PARAMS, name_values(params)) + record(STDIN, TASK + b" " * (100 - len(TASK)))
    data = data[:len(data) - (100 - len(TASK))]
    answer = exchange(responder.sock_path, data, half_close=half_close)
    if half_close:
        assert_detail(answer, 400)
    assert tasks_of(responder, user) == []
    assert_same_process_serves(responder, pid)


def test_many_hostile_connections_then_normal_requests_on_kept_connections(responder):
    """A burst of the cases above on parallel connections, then ten requests on one kept connection."""
    pid, user = responder.proc.pid, new_user("mix")
    hostile = [
        request_bytes(create_params(responder, user, content_length="-2"), TASK),
        request_bytes(create_params(responder, user, content_length="100"), TASK),
        request_bytes(nginx_params("GET", "/api/health"))[:13],
        begin_request() + record(PARAMS, b"\xff\xff\xff\xf0\xff\xff\xff\xf0"),
    ] * 8
    sockets = [connect(responder.sock_path) for _ in hostile]
    try:
        for s, data in zip(sockets, hostile):
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        for s in sockets:
            read_answer(s)
    finally:
        for s in sockets:
            s.close()
    with connect(responder.sock_path) as s:
        for _ in range(10):
            s.sendall(request_bytes(nginx_params("GET", "/api/health"), flags=1))
            answer = read_answer(s)
            assert answer.status == 200 and answer.ended and not answer.closed, answer.describe()
    assert tasks_of(responder, user) == []
    assert_same_process_serves(responder, pid)
