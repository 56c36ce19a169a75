"""Requests nginx itself refuses for their size or their slowness (nginx/snippets/todo-fcgi-api.conf), through the
real nginx: on /api/auth/* in Better Auth's shape, on other /api/ paths in FastAPI's, elsewhere nginx's own page.

- a header line over 8 KiB, or all headers over 4 x 8 KiB (large_client_header_buffers 4 8k): nginx's internal
  494, which it sends as 400; the snippet keeps that status and replaces only the body;
- a request line over 8 KiB: 414;
- a client that stops in the middle of its headers or its body (client_header_timeout, client_body_timeout: 10 s):
  nginx 1.22 logs 408 and closes the connection without sending anything, so that is what is checked.

The over-long requests are sent with a raw socket where httpx would refuse or rewrite them, and read to the end:
nginx closes these connections after answering.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid

import pytest

from conftest import assert_detail

HEADER_TIMEOUT = 10.0   # client_header_timeout and client_body_timeout in the snippet
ISSUED_TOKEN_MAX = 1536  # the largest token the service issues (bounded name and email claims), with room


def send_and_read(server, data: bytes, timeout: float) -> tuple[float, bytes]:
    """Send DATA on a new connection, read until nginx closes it: (seconds from the send to the close, bytes read)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        s.sendall(data)
        started = time.monotonic()
        received = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            received += chunk
        return time.monotonic() - started, received


def raw_exchange(server, request: bytes, timeout: float = 30.0) -> tuple[int, dict, bytes]:
    """Send REQUEST on a new connection, read until nginx closes it; (status, headers, body)."""
    _, data = send_and_read(server, request, timeout)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def assert_json_error(status: int, headers: dict, body: bytes, expected_status: int, shape: str) -> dict:
    assert status == expected_status, (status, body[:300])
    assert headers.get("content-type", "").startswith("application/json"), headers
    assert headers.get("cache-control") == "no-store", headers
    assert headers.get("x-content-type-options") == "nosniff", headers
    doc = json.loads(body)
    if shape == "better-auth":
        assert isinstance(doc, dict) and set(doc) == {"code", "message"}, doc
        assert isinstance(doc["code"], str) and doc["code"].isupper(), doc
        assert isinstance(doc["message"], str) and doc["message"], doc
    else:
        assert isinstance(doc, dict) and set(doc) == {"detail"} and isinstance(doc["detail"], str), doc
        assert doc["detail"], doc
    return doc


def get(path: str, *headers: str) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: localhost", *headers, "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1")


# ------------------------------------------------------------------------------------------ header too large (494)

@pytest.mark.parametrize("path,shape", [("/api/{user}/tasks", "fastapi"), ("/api/health", "fastapi"),
                                        ("/api/auth/get-session", "better-auth"),
                                        ("/api/auth/sign-in/email", "better-auth")])
def test_40_kb_authorization_header_is_400_json(server, api, path, shape):
    """The status the client sees is nginx's own (400, for its internal 494), with the API's JSON instead of HTML;
    not the 401 the bad-request handler gives a repeated Authorization header: the request is refused for its size."""
    big = "Bearer " + "a" * 40_000
    status, headers, body = raw_exchange(server, get(path.format(user=api.id), f"Authorization: {big}"))
    doc = assert_json_error(status, headers, body, 400, shape)
    assert "www-authenticate" not in headers, headers
    if shape == "better-auth":
        assert doc["code"] == "REQUEST_HEADER_TOO_LARGE", doc
    else:
        assert doc["detail"] == "Request header or cookie too large", doc
    assert b"aaaaaaaa" not in body


def test_header_over_8_kib_after_a_valid_authorization_is_400_not_401(server, api):
    status, headers, body = raw_exchange(server, get(api.path(), f"Authorization: Bearer {api.token}",
                                                     "X-Filler: " + "f" * 9000))
    doc = assert_json_error(status, headers, body, 400, "fastapi")
    assert doc["detail"] == "Request header or cookie too large", doc


def test_headers_over_32_kib_together_are_400_json(server, api):
    """Each line fits a buffer, all of them together do not (4 x 8k)."""
    fillers = [f"X-Filler-{i}: " + "f" * 7000 for i in range(6)]
    status, headers, body = raw_exchange(server, get(api.path(), *api_headers(api), *fillers))
    assert_json_error(status, headers, body, 400, "fastapi")
    status, headers, body = raw_exchange(server, get("/api/auth/get-session", *fillers))
    assert assert_json_error(status, headers, body, 400, "better-auth")["code"] == "REQUEST_HEADER_TOO_LARGE"


def test_cookie_too_large_outside_the_api_is_nginx_own_page(server):
    status, headers, body = raw_exchange(server, get("/index.html", "Cookie: c=" + "x" * 40_000))
    assert status == 400, (status, body[:300])
    assert headers.get("content-type", "").startswith("text/html"), headers
    assert b"Request Header Or Cookie Too Large" in body, body[:300]


def test_headers_just_under_the_buffer_are_served(server, api):
    """An Authorization header of 8 KiB less its name still fits one buffer: the token is checked (401 for this
    one), and an issued-size token with headers up to the limit is served."""
    status, headers, body = raw_exchange(server, get(api.path(), "Authorization: Bearer " + "a" * 8000))
    assert status == 401, (status, body[:300])
    assert json.loads(body)["detail"], body
    pad = "p" * (8000 - ISSUED_TOKEN_MAX)
    fillers = [f"X-Filler-{i}: {pad}" for i in range(3)]
    status, headers, body = raw_exchange(server, get(api.path(), *api_headers(api), *fillers))
    assert status == 200, (status, body[:300])
    assert json.loads(body) == [], body


def api_headers(api) -> list[str]:
    return [f"{name}: {value}" for name, value in api.headers.items()]


# ------------------------------------------------------------------------------------------ URI too long (414)

@pytest.mark.parametrize("prefix,shape", [("/api/", "fastapi"), ("/api/auth/", "better-auth")])
def test_request_line_over_8_kib_is_414_json(server, api, prefix, shape):
    status, headers, body = raw_exchange(server, get(prefix + "u" * 10_000, *api_headers(api)))
    doc = assert_json_error(status, headers, body, 414, shape)
    if shape == "better-auth":
        assert doc["code"] == "URI_TOO_LONG", doc
    else:
        assert doc["detail"] == "Request URI too long", doc


def test_long_query_string_is_414_json(server, api):
    status, headers, body = raw_exchange(server, get(api.path("?q=" + "q" * 9000), *api_headers(api)))
    assert_json_error(status, headers, body, 414, "fastapi")


def test_request_line_over_8_kib_outside_the_api_is_nginx_own_page(server):
    status, headers, body = raw_exchange(server, get("/" + "w" * 10_000))
    assert status == 414, (status, body[:300])
    assert headers.get("content-type", "").startswith("text/html"), headers


def test_request_line_just_under_the_limit_is_served(server, api):
    # a query parameter the list does not know (it ignores those), to make the request line ~7 KiB long
    r = server.client.get(api.path(), params={"pad": "p" * 7000}, headers=api.headers)
    assert r.status_code == 200, r.text[:300]
    assert r.json() == []


def test_the_api_still_answers_after_the_refusals(server, api):
    raw_exchange(server, get(api.path(), "Authorization: Bearer " + "a" * 40_000))
    raw_exchange(server, get("/api/" + "u" * 10_000))
    assert server.client.get("/api/health").json() == {"status": "ok"}
    assert_detail(server.client.get(api.path(), headers={"Authorization": "Bearer x"}), 401)
    assert api.list() == []


# ------------------------------------------------------------------------------------------ client timeouts (408)

def access_log_statuses(server, marker: str) -> list[str]:
    """Statuses nginx logged for requests whose request line contains MARKER (log_format todo of nginx-conf.sh:
    ... "$request" $status ...)."""
    text = (server.nginx_prefix / "access.log").read_text(errors="replace")
    return [line.split('" ', 1)[1].split(" ", 1)[0] for line in text.splitlines() if marker in line]


def half_request(server, data: bytes) -> tuple[float, bytes]:
    """Send DATA (an incomplete request), then read: (seconds until nginx closed the connection, bytes received)."""
    return send_and_read(server, data, HEADER_TIMEOUT + 30)


def test_client_that_stops_sending_is_cut_off(server, api):
    """Headers stopped halfway (client_header_timeout) and a body stopped halfway (client_body_timeout), at once:
    nginx closes each connection after the timeout without a byte of answer and logs 408; the responder never saw
    the half-sent request; the API meanwhile answers as usual."""
    marker = uuid.uuid4().hex
    header_part = f"GET /api/health?slow={marker}-h HTTP/1.1\r\nHost: localhost\r\nX-Partial: yes".encode()
    body_part = (f"POST {api.path()}?slow={marker}-b HTTP/1.1\r\nHost: localhost\r\n"
                 f"Authorization: Bearer {api.token}\r\nContent-Type: application/json\r\n"
                 f"Content-Length: 100\r\n\r\n" + '{"title": "never fin').encode()
    results: dict[str, tuple[float, bytes] | BaseException] = {}

    def run(name: str, data: bytes) -> None:
        try:
            results[name] = half_request(server, data)
        except BaseException as e:  # recorded, so the assertions below name it
            results[name] = e

    threads = [threading.Thread(target=run, args=("header", header_part)),
               threading.Thread(target=run, args=("body", body_part))]
    for t in threads:
        t.start()
    # while those two hang, others are served
    assert server.client.get("/api/health").json() == {"status": "ok"}
    for t in threads:
        t.join(timeout=HEADER_TIMEOUT + 60)
    for name in ("header", "body"):
        outcome = results[name]
        assert isinstance(outcome, tuple), f"{name}: {outcome!r}"
        seconds, received = outcome
        assert received == b"", f"{name}: nginx answered {received[:300]!r}"
        # not before the timeout (a little slack for nginx's cached clock), and not long after it
        assert HEADER_TIMEOUT - 1.0 <= seconds <= HEADER_TIMEOUT + 20, f"{name}: closed after {seconds:.2f} s"
    assert access_log_statuses(server, f"slow={marker}-h") == ["408"]
    assert access_log_statuses(server, f"slow={marker}-b") == ["408"]
    # the responder never saw the half-sent POST (its request log has a line per request, path without query)
    assert not [r for r in server.log_records() if r.get("method") == "POST" and r.get("path") == api.path()]
    assert api.list() == []
