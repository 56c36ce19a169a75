"""The responder's request log (stderr, or `serve --log-file`): one logfmt line per request,
`ts=<RFC 3339 UTC> level=info rid=… method=… path=… status=… dur_ms=…`, the path without its query; never a token or
the secret. Every line written while a request is handled (an error, a failed revocation reload) carries that
request's `rid=`, nginx's `$request_id`, which the response also carries as X-Request-Id. `--log-file` is reopened
on SIGHUP."""

import re
import shutil
import signal
import subprocess
import time

from datetime import datetime, timedelta, timezone

import logfmt
from conftest import REPO_ROOT, make_token, new_user
from fastcgi_support import exchange, nginx_params, request_bytes

TS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
LOGROTATE = shutil.which("logrotate") or "/usr/sbin/logrotate"  # scripts/deps.sh test installs it
REQUEST_FIELDS = ["ts", "level", "rid", "method", "path", "status", "dur_ms"]


def wait_for_records(server, match, count, timeout=5.0):
    """The log's records for which `match(record)` holds, once there are `count` of them (or the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        records = [r for r in server.log_records() if match(r)]
        if len(records) >= count or time.monotonic() > deadline:
            return records
        time.sleep(0.05)


def is_request(record, method, path, status):
    return (record.get("method"), record.get("path"), record.get("status")) == (method, path, str(status))


def assert_request_record(record):
    """The shape of a request line: these fields in this order, a UTC time of now, a duration."""
    assert list(record) == REQUEST_FIELDS, record
    assert TS.fullmatch(record["ts"]), record
    logged = datetime.strptime(record["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    assert abs(datetime.now(timezone.utc) - logged) < timedelta(minutes=2), record
    assert record["level"] == "info" and re.fullmatch(r"\d+\.\d\d", record["dur_ms"]), record


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
    mine = lambda r: r.get("path", "").startswith(f"/api/{uid}/")  # noqa: E731
    wait_for_records(server, mine, len(expected))
    time.sleep(0.2)  # let any extra (duplicate) line arrive before counting
    records = [r for r in server.log_records() if mine(r)]
    assert len(records) == len(expected), records
    for method, path, status in expected:
        matching = [r for r in records if is_request(r, method, path, status)]
        assert len(matching) == 1, (method, path, status, records)
        assert_request_record(matching[0])
        assert re.fullmatch(r"[0-9a-f]{32}", matching[0]["rid"]), matching[0]
    # each line is one response's: the rids are those the responses carried
    assert sorted(r["rid"] for r in records) == sorted(x.headers["X-Request-Id"] for x in (r1, r2, r3, r4, r5))

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
    records = wait_for_records(server, lambda x: x.get("path") == f"/api/{uid}/nowhere", 1)
    assert len(records) == 1 and is_request(records[0], "GET", f"/api/{uid}/nowhere", 404), records
    assert_request_record(records[0])


def of_rid(server, rid):
    return [r for r in server.log_records() if r.get("rid") == rid]


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

    wait_for_records(srv, lambda x: x.get("rid") == rid, 2)
    time.sleep(0.2)  # let any extra line of this request arrive before counting
    records = of_rid(srv, rid)
    requests = [r for r in records if is_request(r, "GET", user.path(), 500)]
    errors = [r for r in records if r.get("level") == "error"]
    assert len(requests) == 1 and len(errors) == 1 and len(records) == 2, records
    assert list(errors[0]) == ["ts", "level", "rid", "msg"] and TS.fullmatch(errors[0]["ts"]), errors
    assert errors[0]["msg"].startswith("unexpected failure: ") and "no such table" in errors[0]["msg"], errors
    # No error line of the whole log is left without the request it belongs to.
    for r in srv.log_records():
        if r["level"] == "error":
            assert r.get("rid"), r
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
    records = wait_for_records(srv, lambda x: x.get("rid") == "-", 2)
    assert any(is_request(r, "GET", user.path(), 500) for r in records), records
    errors = [r for r in records if r["level"] == "error"]
    assert errors == [records[0]] and records[0]["msg"].startswith("unexpected failure: "), records
    assert_nothing_secret(srv, user.token)


def test_a_failed_revocation_reload_is_logged_with_the_request_that_met_it(server_factory, tmp_path):
    srv = server_factory(db_path=tmp_path / "todo.db")
    user = srv.user("reload")
    srv.sql("DROP TABLE revocations")
    time.sleep(1.2)  # past the reload interval (1 s): the next request reloads, and fails to

    r = user.request("GET")
    assert r.status_code == 200, r.text  # the list in memory is kept: the request is answered as before
    rid = r.headers["X-Request-Id"]
    records = wait_for_records(srv, lambda x: x.get("rid") == rid, 2)
    assert len(records) == 2, records
    assert records[0]["level"] == "error" and records[0]["msg"].startswith("revocations not reloaded: "), records
    assert is_request(records[1], "GET", user.path(), 200), records
    assert_nothing_secret(srv, user.token)


def records_in(path):
    return logfmt.records(path.read_text()) if path.exists() else []


def wait_for_file_record(path, match, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        found = [r for r in records_in(path) if match(r)]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_log_file_is_reopened_on_sighup_as_logrotate_needs(server_factory, tmp_path):
    log = tmp_path / "todo-fcgi.log"
    srv = server_factory(serve_args=["--log-file", str(log)])
    assert log.stat().st_mode & 0o777 == 0o640, oct(log.stat().st_mode)
    assert wait_for_file_record(log, lambda r: "serving on" in r.get("msg", "")), log.read_text()
    user = srv.user("rotated")
    assert user.request("GET").status_code == 200
    assert wait_for_file_record(log, lambda r: is_request(r, "GET", user.path(), 200)), log.read_text()
    assert not [r for r in srv.log_records() if "method" in r], "request lines went to stderr, not the file"

    rotated = tmp_path / "todo-fcgi.log.1"
    log.rename(rotated)  # what logrotate does, then it sends SIGHUP (postrotate)
    srv.proc.send_signal(signal.SIGHUP)
    assert wait_for_file_record(log, lambda r: r.get("msg") == "log file reopened"), "no new log file after SIGHUP"
    assert srv.proc.poll() is None, "SIGHUP stopped the responder"
    assert user.request("POST", json={"title": "after rotation"}).status_code == 201
    assert wait_for_file_record(log, lambda r: is_request(r, "POST", user.path(), 201)), log.read_text()
    old = records_in(rotated)
    assert [r for r in old if is_request(r, "GET", user.path(), 200)], "the rotated file lost its lines"
    assert not [r for r in old if r.get("method") == "POST"], "a line written after SIGHUP went to the old file"
    assert srv.secret not in log.read_text() + rotated.read_text()


def test_sighup_without_a_log_file_changes_nothing(server_factory):
    srv = server_factory()
    srv.proc.send_signal(signal.SIGHUP)
    assert wait_for_records(srv, lambda r: r.get("msg", "").startswith("SIGHUP: no --log-file"), 1), srv.stderr_text()
    assert srv.proc.poll() is None, "SIGHUP stopped the responder"
    assert srv.user("hup").request("GET").status_code == 200


def test_the_shipped_logrotate_config_rotates_without_losing_a_line(server_factory, tmp_path):
    """deploy/logrotate.conf, run by the real logrotate against a responder started as deploy/spawn-fcgi.sh starts
    it (`serve --log-file`): the rotated file keeps the lines before, the new one gets every line after."""
    app = tmp_path / "app"
    (app / "run").mkdir(parents=True)
    log = app / "todo-fcgi.log"
    srv = server_factory(serve_args=["--log-file", str(log)])
    (app / "run" / "todo-fcgi.pid").write_text(f"{srv.proc.pid}\n")
    conf = tmp_path / "logrotate.conf"
    shipped = (REPO_ROOT / "deploy" / "logrotate.conf").read_text()
    assert shipped.count("/srv/todo-fcgi/") >= 3, "the shipped config no longer names the bundle's paths"
    conf.write_text(shipped.replace("/srv/todo-fcgi/", f"{app}/"))
    user = srv.user("logrotate")
    before = user.create("before rotation")["id"]
    assert wait_for_file_record(log, lambda r: is_request(r, "POST", user.path(), 201)), log.read_text()

    run = subprocess.run([LOGROTATE, "--force", "--state", str(tmp_path / "state"), str(conf)],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    rotated = app / "todo-fcgi.log.1"  # delaycompress: the newest rotation stays plain
    assert rotated.exists() and log.exists(), sorted(p.name for p in app.iterdir())
    assert log.stat().st_mode & 0o777 == 0o640, oct(log.stat().st_mode)
    assert wait_for_file_record(log, lambda r: r.get("msg") == "log file reopened"), log.read_text()
    after = user.create("after rotation")["id"]
    assert wait_for_file_record(log, lambda r: is_request(r, "POST", user.path(), 201)), log.read_text()
    assert {before, after} <= {t["id"] for t in user.request("GET").json()}
    assert len([r for r in records_in(rotated) if is_request(r, "POST", user.path(), 201)]) == 1
    assert len([r for r in records_in(log) if is_request(r, "POST", user.path(), 201)]) == 1
