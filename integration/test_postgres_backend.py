"""The PostgreSQL backend through nginx: the basics on PostgreSQL, two responder hosts on one database, and the
database going away (stopped, restarted under load) without the API answering anything but its 503 JSON.

Runs in the PostgreSQL pass of scripts/test.sh (TODO_TEST_DATABASE_URL set). The outage tests use a private
server (scripts/postgres.sh in a temporary directory) so that stopping it disturbs no other test.
"""

from __future__ import annotations

import subprocess
import threading

import httpx
import pytest

from accounts_support import REFRESH, Account, assert_auth_error, bearer
from conftest import TODO_FCGI_BIN, assert_detail, assert_no_leak, create_pg_database, new_user, run_sql
from transport_support import clean_env
from metrics_support import scrape
from postgres_support import CreateLoad, PrivatePostgres, health, needs_postgres, wait_for

pytestmark = needs_postgres

# The schema version the code migrates to (Sources/PostgresStorage/PGSchema.swift); bump it with a new migration.
LATEST_SCHEMA = 5  # version 5: SQLite's covering listing index; on PostgreSQL a recorded no-op


# ---------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def two_hosts(server_factory):
    """Two nginx + responder pairs (two ports) sharing one PostgreSQL database and one secret."""
    url = create_pg_database()
    first = server_factory(database_url=url)
    second = server_factory(database_url=url, secret=first.secret)
    assert first.base_url != second.base_url
    return first, second


@pytest.fixture(scope="module")
def private_pg(tmp_path_factory):
    pg = PrivatePostgres(tmp_path_factory.mktemp("private-pg") / "pg")
    yield pg
    pg.destroy()


# ---------------------------------------------------------------------------------------------- basics

def test_the_responder_runs_on_postgres_not_on_a_sqlite_file(server):
    assert server.backend == "postgres"
    api = server.user()
    task = api.create("on postgres")
    assert server.sql("SELECT title, user_id FROM tasks WHERE id = ?", (task["id"],)) == [("on postgres", api.id)]
    assert server.sql("SELECT version FROM schema_version") == [(LATEST_SCHEMA,)]
    assert not server.db_path.exists(), "a SQLite file was created although DATABASE_URL selects PostgreSQL"


def test_crud_accounts_and_isolation_on_postgres(server):
    client = server.client
    ann, bob = Account(client), Account(client)
    r = client.post(ann.tasks_path(), json={"title": "Ann's", "description": "private"}, headers=ann.headers)
    assert r.status_code == 201, r.text
    task = r.json()
    r = client.patch(ann.tasks_path(f"/{task['id']}"), json={"title": "Ann's, renamed"}, headers=ann.headers)
    assert r.status_code == 200 and r.json()["title"] == "Ann's, renamed", r.text
    assert r.json()["updated_at"] >= task["updated_at"]
    # Bob sees nothing of Ann's, by id or by listing, and cannot touch it.
    for method in ("GET", "PATCH", "DELETE"):
        kw = {"json": {"title": "x"}} if method == "PATCH" else {}
        r = client.request(method, bob.tasks_path(f"/{task['id']}"), headers=bob.headers, **kw)
        assert_detail(r, 404)
    assert client.get(bob.tasks_path(), headers=bob.headers).json() == []
    assert_detail(client.get(ann.tasks_path(), headers=bob.headers), 403)
    # Sign-in, refresh rotation and reuse detection, on PostgreSQL.
    signed_in = ann.sign_in()
    assert signed_in.status_code == 200
    r = client.post(REFRESH, json={"refresh_token": ann.refresh_token})
    assert r.status_code == 200, r.text
    assert_auth_error(client.post(REFRESH, json={"refresh_token": ann.refresh_token}), 401, "INVALID_REFRESH_TOKEN")
    assert_auth_error(client.post(REFRESH, json={"refresh_token": r.json()["refresh_token"]}), 401,
                      "INVALID_REFRESH_TOKEN")
    # The replay revoked that session's access tokens too; the other session (the sign-in) goes on.
    assert_detail(client.delete(ann.tasks_path(f"/{task['id']}"), headers=ann.headers), 401)
    other_session = bearer(signed_in.json()["token"])
    assert client.delete(ann.tasks_path(f"/{task['id']}"), headers=other_session).status_code == 204
    assert server.sql("SELECT count(*) FROM tasks WHERE user_id = ?", (ann.id,)) == [(0,)]


def test_migrate_command_on_postgres_is_safe_to_run_from_several_hosts_at_once(tmp_path):
    url = create_pg_database()
    env = clean_env({"DATABASE_URL": url})
    password = url.split("://", 1)[1].split("@", 1)[0].partition(":")[2]
    procs = [subprocess.Popen([str(TODO_FCGI_BIN), "migrate"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, outputs
    said = [out.strip() for out, _ in outputs]
    assert sum(f"migrated schema from version 0 to {LATEST_SCHEMA}" in line for line in said) == 1, said
    assert sum(f"schema is at version {LATEST_SCHEMA}" in line for line in said) == 3, said
    assert all(password not in out + err for out, err in outputs), "the password was printed"
    assert run_sql(url, "SELECT version FROM schema_version") == [(LATEST_SCHEMA,)]
    again = subprocess.run([str(TODO_FCGI_BIN), "migrate"], cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=60)
    assert again.returncode == 0 and f"schema is at version {LATEST_SCHEMA}" in again.stdout, again
    assert not list(tmp_path.iterdir()), "migrate on PostgreSQL created files"


# ---------------------------------------------------------------------------------------------- two hosts

def test_a_task_created_on_one_host_is_read_updated_and_deleted_on_the_other(two_hosts):
    first, second = two_hosts
    user = new_user("hosts")
    headers = first.auth(user)
    path = f"/api/{user}/tasks"
    r = first.client.post(path, json={"title": "from host 1", "description": "d"}, headers=headers)
    assert r.status_code == 201, r.text
    task = r.json()

    r = second.client.get(f"{path}/{task['id']}", headers=headers)
    assert r.status_code == 200 and r.json() == task, r.text
    r = second.client.patch(f"{path}/{task['id']}", json={"title": "changed on host 2"}, headers=headers)
    assert r.status_code == 200, r.text
    assert first.client.get(f"{path}/{task['id']}", headers=headers).json()["title"] == "changed on host 2"
    assert [t["id"] for t in first.client.get(path, headers=headers).json()] == [task["id"]]

    assert second.client.delete(f"{path}/{task['id']}", headers=headers).status_code == 204
    assert_detail(first.client.get(f"{path}/{task['id']}", headers=headers), 404)
    assert_detail(second.client.delete(f"{path}/{task['id']}", headers=headers), 404)


def test_a_token_issued_by_one_host_is_accepted_by_the_other(two_hosts):
    first, second = two_hosts
    account = Account(first.client)  # signed up on host 1
    r = second.client.post(account.tasks_path(), json={"title": "via host 2"}, headers=account.headers)
    assert r.status_code == 201, r.text
    assert second.client.get("/api/auth/get-session", headers=account.headers).status_code == 200
    # Sign in on host 2 with the password set on host 1; refresh on host 1 with host 2's refresh token.
    r = account.sign_in()  # host 1's client
    r2 = second.client.post("/api/auth/sign-in/email", json={"email": account.email, "password": account.password})
    assert r.status_code == 200 and r2.status_code == 200, (r.text, r2.text)
    r = first.client.post(REFRESH, json={"refresh_token": r2.json()["refresh_token"]})
    assert r.status_code == 200, r.text
    fresh = r.json()
    assert second.client.get(account.tasks_path(), headers=bearer(fresh["token"])).status_code == 200
    # Replaying the spent token on the other host is detected: the family is revoked on both.
    assert_auth_error(second.client.post(REFRESH, json={"refresh_token": r2.json()["refresh_token"]}), 401,
                      "INVALID_REFRESH_TOKEN")
    assert_auth_error(first.client.post(REFRESH, json={"refresh_token": fresh["refresh_token"]}), 401,
                      "INVALID_REFRESH_TOKEN")


def test_concurrent_toggles_through_both_hosts_end_consistent(two_hosts):
    first, second = two_hosts
    user = new_user("toggles")
    headers = first.auth(user)
    path = f"/api/{user}/tasks"
    task = first.client.post(path, json={"title": "flip"}, headers=headers).json()
    per_thread, threads = 15, 6
    results: list[tuple[int, dict | str]] = []
    lock = threading.Lock()

    def toggler(base_url: str) -> None:
        with httpx.Client(base_url=base_url, timeout=30) as client:
            for _ in range(per_thread):
                r = client.patch(f"{path}/{task['id']}/complete", headers=headers)
                with lock:
                    results.append((r.status_code, r.json() if r.status_code == 200 else r.text))

    workers = [threading.Thread(target=toggler, args=((first, second)[i % 2].base_url,)) for i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=120)
    assert len(results) == per_thread * threads
    assert all(status == 200 for status, _ in results), [r for r in results if r[0] != 200][:5]
    # Every toggle was applied exactly once, in some order: each saw a distinct updated_at, the states alternate
    # along that order, and the final state is the parity of the number of toggles.
    bodies = sorted((body for _, body in results), key=lambda b: b["updated_at"])
    assert len({b["updated_at"] for b in bodies}) == len(bodies)
    assert [b["completed"] for b in bodies] == [i % 2 == 0 for i in range(len(bodies))]
    final = second.client.get(f"{path}/{task['id']}", headers=headers).json()
    assert final["completed"] is (len(bodies) % 2 == 1)
    assert final == bodies[-1]


# ---------------------------------------------------------------------------------------------- outages

def assert_clean_failure(status: int | None, body: str) -> None:
    """What a client may see while the database is away: 503 (or 502/504 from nginx) in JSON, nothing leaked."""
    assert status in (502, 503, 504), (status, body[:300])
    assert body.lstrip().startswith("{"), body[:300]
    for marker in ("SELECT", "INSERT", "postgres", "libpq", "connection to server", "Traceback"):
        assert marker.lower() not in body.lower(), body[:300]


def test_health_says_503_while_the_database_is_unreachable_and_recovers(server_factory, private_pg):
    srv = server_factory(database_url=private_pg.new_database())
    api = srv.user()
    task = api.create("before the outage")
    private_pg.down()
    try:
        r = srv.client.get("/api/health")
        assert r.status_code == 503, r.text
        assert r.json()["status"] == "unavailable"
        unavailable = ("todo_fcgi_database_errors_total", (("kind", "unavailable"),))
        before = scrape(srv)[unavailable]
        for r in (api.get(task["id"]), api.request("POST", json={"title": "during"}), api.request("GET")):
            assert_detail(r, 503)
            assert_no_leak(r, srv.secret, api.token)
            assert_clean_failure(r.status_code, r.text)
        assert scrape(srv)[unavailable] - before == 3  # /api/metrics counts what the requests met
    finally:
        private_pg.up()
    # The same responder, not restarted, serves again once the database is back.
    assert wait_for(lambda: health(srv.base_url) == 200, timeout=20), "the responder did not recover"
    assert api.get(task["id"]).status_code == 200
    assert api.create("after the outage")["title"] == "after the outage"
    assert "database" in srv.stderr_text() or "unavailable" in srv.stderr_text()


def test_a_restart_between_requests_fails_no_request(server_factory, private_pg):
    """Connections the server closed while they sat idle in the pool are replaced before use, so once the
    database is back, not even the first requests fail."""
    srv = server_factory(database_url=private_pg.new_database())
    api = srv.user()

    def burst(n: int) -> list[int]:
        statuses: list[int] = []
        lock = threading.Lock()

        def one() -> None:
            with httpx.Client(base_url=srv.base_url, timeout=30) as client:
                r = client.post(api.path(), json={"title": "burst"}, headers=api.headers)
                with lock:
                    statuses.append(r.status_code)

        workers = [threading.Thread(target=one) for _ in range(n)]
        for t in workers:
            t.start()
        for t in workers:
            t.join(timeout=60)
        return statuses

    assert burst(8) == [201] * 8  # opens several pooled connections
    private_pg.restart()
    assert burst(8) == [201] * 8
    assert [api.get(api.create("after")["id"]).status_code for _ in range(5)] == [200] * 5


def test_postgres_restarted_mid_load_loses_no_acknowledged_write(server_factory, private_pg):
    url = private_pg.new_database()
    first = server_factory(database_url=url)
    second = server_factory(database_url=url, secret=first.secret)
    user = new_user("restart")
    headers = first.auth(user)
    load = CreateLoad([(first.base_url, headers), (second.base_url, headers)]).start(f"/api/{user}/tasks")
    try:
        assert wait_for(lambda: len(load.acknowledged) >= 20, timeout=30), "the load did not get going"
        before = load.attempts
        private_pg.restart()
        during = load.attempts - before
        # After the restart the service recovers by itself: new writes are acknowledged again.
        acknowledged_at_restart = len(load.acknowledged)
        assert wait_for(lambda: len(load.acknowledged) >= acknowledged_at_restart + 20, timeout=30), (
            f"no recovery after the restart: {load.failures[-5:]}")
    finally:
        load.finish()
    for status, body in load.failures:
        assert status is not None, f"a request failed at the HTTP level: {body}"
        assert_clean_failure(status, body)
    # Every acknowledged write is in the database, exactly as acknowledged, and readable through both hosts.
    stored = dict(run_sql(url, "SELECT id, title FROM tasks WHERE user_id = ?", (user,)))
    missing = {i: t for i, t in load.acknowledged.items() if stored.get(i) != t}
    assert not missing, f"{len(missing)} acknowledged writes lost: {list(missing.items())[:5]}"
    listed = {t["id"] for t in second.client.get(f"/api/{user}/tasks", params={"limit": 1000},
                                                 headers=headers).json()}
    assert set(load.acknowledged) <= listed | set(stored), "an acknowledged task is not listed"
    for srv in (first, second):
        assert health(srv.base_url) == 200
    print(f"restart under load: {load.attempts} requests, {len(load.acknowledged)} acknowledged, "
          f"{len(load.failures)} failed cleanly, {during} sent during the restart")
