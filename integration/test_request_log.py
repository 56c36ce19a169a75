"""The responder's request log (stderr): one line per request with method, path (no query) and status;
never a token or the secret. Every line written while a request is handled (an error, a failed revocation reload)
starts with that request's `rid=`, nginx's `$request_id`, which the response also carries as X-Request-Id."""

import re
import time

from conftest import make_token, new_user
from fastcgi_support import exchange, nginx_params, request_bytes

RID = re.compile(r"rid=(\S+) ")


def wait_for_lines(server, needle, count, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        lines = [ln for ln in server.stderr_text().splitlines() if needle in ln]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def line_matches(line, method, path, status):
    return (re.search(rf"\b{method}\b", line) is not None
            and re.search(re.escape(path) + r"(?![\w/%.?&=-])", line) is not None
            and re.search(rf"(?<![\d.]){status}(?![\d.])", line) is not None)


def test_one_line_per_request_without_query_token_or_secret(server):
    uid = new_user("logcheck")
    user = server.user(user_id=uid)
    base = f"/api/{uid}/tasks"
    bad_token = make_token("wrong-secret-" + "k" * 40, uid)

    r1 = server.client.get(base, params={"q": "QUERYMARKER", "limit": "7"}, headers=user.headers)
    r2 = server.client.post(base, json={"title": "logged"}, headers=user.headers)
    task_id = r2.json()["id"]
    r3 = server.client.get(f"{base}/987654321", headers=user.headers)
    r4 = server.client.get(base, params={"access_token": user.token}, headers={"Authorization": f"Bearer {bad_token}"})
    r5 = server.client.delete(f"{base}/{task_id}", headers=user.headers)
    assert [r.status_code for r in (r1, r2, r3, r4, r5)] == [200, 201, 404, 401, 204]

    expected = [("GET", base, 200), ("POST", base, 201), ("GET", f"{base}/987654321", 404),
                ("GET", base, 401), ("DELETE", f"{base}/{task_id}", 204)]
    lines = wait_for_lines(server, f"/api/{uid}/", len(expected))
    time.sleep(0.2)  # let any extra (duplicate) line arrive before counting
    lines = [ln for ln in server.stderr_text().splitlines() if f"/api/{uid}/" in ln]
    assert len(lines) == len(expected), "\n".join(lines)
    for method, path, status in expected:
        matching = [ln for ln in lines if line_matches(ln, method, path, status)]
        assert len(matching) == 1, (method, path, status, lines)

    log = server.stderr_text()
    assert "QUERYMARKER" not in log, "the query string must not be logged"
    assert "limit=7" not in log
    assert user.token not in log, "a token was logged"
    assert bad_token not in log, "a rejected token was logged"
    for part in user.token.split(".")[1:]:
        assert part not in log
    assert server.secret not in log, "the secret was logged"


def test_health_and_errors_are_logged_too(server):
    uid = new_user("logcheck2")
    r = server.client.get(f"/api/{uid}/nowhere", headers=server.auth(uid))
    assert r.status_code == 404
    lines = wait_for_lines(server, f"/api/{uid}/nowhere", 1)
    assert len(lines) == 1 and line_matches(lines[0], "GET", f"/api/{uid}/nowhere", 404), lines


def lines_of(server, rid):
    return [ln for ln in server.stderr_text().splitlines() if ln.startswith(f"rid={rid} ")]


def assert_nothing_secret(server, *secrets_):
    log = server.stderr_text()
    for secret in (server.secret, *secrets_):
        assert secret not in log, "a secret or a token was logged"


def test_an_error_line_carries_the_rid_of_its_request_and_of_its_response(server_factory, tmp_path):
    # SQLite (even in a PostgreSQL run): the test takes the tasks table away under the running responder, so that
    # the next task request fails inside the store and is answered 500.
    srv = server_factory(db_path=tmp_path / "todo.db")
    user = srv.user("ridcheck")
    user.create("before")
    srv.sql("DROP TABLE tasks")

    r = user.request("GET", params={"q": "QUERYMARKER"})
    assert r.status_code == 500, r.text
    assert r.json() == {"detail": "Internal Server Error"}
    rid = r.headers.get("X-Request-Id", "")
    assert re.fullmatch(r"[0-9a-f]{32}", rid), r.headers

    lines = wait_for_lines(srv, f"rid={rid} ", 2)
    time.sleep(0.2)  # let any extra line of this request arrive before counting
    lines = lines_of(srv, rid)
    requests = [ln for ln in lines if line_matches(ln, "GET", user.path(), 500)]
    errors = [ln for ln in lines if ln.startswith(f"rid={rid} error: unexpected failure: ")]
    assert len(requests) == 1 and len(errors) == 1 and len(lines) == 2, lines
    assert "no such table" in errors[0], errors
    # No error line of the whole log is left without the request it belongs to.
    for ln in srv.stderr_text().splitlines():
        if "error:" in ln:
            assert RID.match(ln), ln
    assert "QUERYMARKER" not in srv.stderr_text()
    assert_nothing_secret(srv, user.token, *user.token.split(".")[1:])


def test_without_a_request_id_the_error_line_says_rid_dash(server_factory, tmp_path):
    srv = server_factory(db_path=tmp_path / "todo.db")
    user = srv.user("ridless")
    srv.sql("DROP TABLE tasks")
    pairs = [(name, value) for name, value in
             nginx_params("GET", user.path(), authorization=f"Bearer {user.token}") if name != "REQUEST_ID"]
    answer = exchange(srv.sock_path, request_bytes(pairs))
    assert answer.status == 500, answer.describe()
    assert b"X-Request-Id" not in answer.stdout.partition(b"\r\n\r\n")[0]
    lines = wait_for_lines(srv, "rid=- ", 2)
    assert any(line_matches(ln, "GET", user.path(), 500) for ln in lines), lines
    assert [ln for ln in lines if " error: " in ln] == [lines[0]] and lines[0].startswith(
        "rid=- error: unexpected failure: "), lines
    assert_nothing_secret(srv, user.token)


def test_a_failed_revocation_reload_is_logged_with_the_request_that_met_it(server_factory, tmp_path):
    srv = server_factory(db_path=tmp_path / "todo.db")
    user = srv.user("reload")
    srv.sql("DROP TABLE revocations")
    time.sleep(1.2)  # past the reload interval (1 s): the next request reloads, and fails to

    r = user.request("GET")
    assert r.status_code == 200, r.text  # the list in memory is kept: the request is answered as before
    rid = r.headers["X-Request-Id"]
    lines = wait_for_lines(srv, f"rid={rid} ", 2)
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"rid={rid} error: revocations not reloaded: "), lines
    assert line_matches(lines[1], "GET", user.path(), 200), lines
    assert_nothing_secret(srv, user.token)
