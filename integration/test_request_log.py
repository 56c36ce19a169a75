"""The responder's request log (stderr): one line per request with method, path (no query) and status;
never a token or the secret."""

import re
import time

from conftest import make_token, new_user


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
