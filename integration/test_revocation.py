"""Revocation that takes effect at once: a deleted account's token, a signed-out session's token and the tokens of
a family whose refresh token was replayed are refused on every route (401 `Invalid token: revoked`), while the
user's other sessions keep working; on PostgreSQL a second host refuses them within about a second."""

from __future__ import annotations

import subprocess
import time

import pytest

from accounts_support import DELETE_USER, GET_SESSION, REFRESH, SIGN_OUT, Account, assert_auth_error, bearer
from conftest import TODO_FCGI_BIN, create_pg_database
from postgres_support import needs_postgres


def assert_revoked(r) -> None:
    assert r.status_code == 401, f"expected 401, got {r.status_code}: {r.text[:300]}"
    assert r.json() == {"detail": "Invalid token: revoked"}, r.text
    assert r.headers.get("www-authenticate", "").startswith('Bearer error="invalid_token"'), r.headers


def token_verify(server, headers: dict) -> subprocess.CompletedProcess:
    """`todo-fcgi token verify` with the server's configuration (its secret and database), for a bearer header."""
    token = headers["Authorization"].split(" ", 1)[1]
    return subprocess.run([str(TODO_FCGI_BIN), "token", "verify", token], env=server.responder_env(),
                          cwd=server.tmpdir, capture_output=True, text=True, timeout=60)


def revoked_line(result: subprocess.CompletedProcess) -> str:
    return next(line.strip() for line in result.stdout.splitlines() if line.split()[1:2] == ["revoked"])


def every_task_route(client, account: Account, headers: dict, task_id: int) -> list:
    path = account.tasks_path()
    return [
        client.get(path, headers=headers),
        client.post(path, headers=headers, json={"title": "after"}),
        client.get(f"{path}/{task_id}", headers=headers),
        client.put(f"{path}/{task_id}", headers=headers, json={"title": "replaced"}),
        client.patch(f"{path}/{task_id}", headers=headers, json={"title": "patched"}),
        client.patch(f"{path}/{task_id}/complete", headers=headers),
        client.delete(f"{path}/{task_id}", headers=headers),
    ]


def test_a_deleted_accounts_token_is_refused_on_every_task_route_and_creates_nothing(client, server):
    account = Account(client)
    task = client.post(account.tasks_path(), headers=account.headers, json={"title": "before"}).json()
    r = client.post(DELETE_USER, headers=account.headers, json={"password": account.password})
    assert r.status_code == 200, r.text
    for answer in every_task_route(client, account, account.headers, task["id"]):
        assert_revoked(answer)
    assert server.sql("SELECT count(*) FROM tasks WHERE user_id = ?", (account.id,)) == [(0,)]
    r = client.get(GET_SESSION, headers=account.headers)  # a revoked token is no session: Better Auth's null
    assert r.status_code == 200 and r.json() is None, r.text
    verified = token_verify(server, account.headers)  # what an operator asks when a user reports the 401
    assert verified.returncode == 1 and "verdict: invalid" in verified.stdout, verified.stdout + verified.stderr
    assert revoked_line(verified).startswith("FAIL") and "subject" in revoked_line(verified), verified.stdout


def test_sign_out_revokes_that_sessions_token_and_no_other(client, server):
    account = Account(client)                      # session A (sign-up)
    r = account.sign_in()                          # session B
    assert r.status_code == 200, r.text
    other = bearer(r.json()["token"])
    task = client.post(account.tasks_path(), headers=account.headers, json={"title": "t"}).json()

    r = client.post(SIGN_OUT, headers=account.headers, json={"refresh_token": account.refresh_token})
    assert r.status_code == 200, r.text
    for answer in every_task_route(client, account, account.headers, task["id"]):
        assert_revoked(answer)
    assert client.get(account.tasks_path(f"/{task['id']}"), headers=other).status_code == 200
    assert client.get(GET_SESSION, headers=other).status_code == 200
    signed_out, still_in = token_verify(server, account.headers), token_verify(server, other)
    assert signed_out.returncode == 1, signed_out.stdout + signed_out.stderr
    assert revoked_line(signed_out).startswith("FAIL") and "session" in revoked_line(signed_out), signed_out.stdout
    assert still_in.returncode == 0, still_in.stdout + still_in.stderr
    assert revoked_line(still_in).split()[0] == "ok" and revoked_line(still_in).endswith("no"), still_in.stdout


def test_a_replayed_refresh_token_revokes_the_familys_access_tokens(client):
    account = Account(client)
    r = account.sign_in()
    other = bearer(r.json()["token"])
    r = client.post(REFRESH, json={"refresh_token": account.refresh_token})
    assert r.status_code == 200, r.text
    successor = bearer(r.json()["token"])
    assert client.get(account.tasks_path(), headers=successor).status_code == 200

    assert_auth_error(client.post(REFRESH, json={"refresh_token": account.refresh_token}), 401,
                      "INVALID_REFRESH_TOKEN")
    assert_revoked(client.get(account.tasks_path(), headers=account.headers))
    assert_revoked(client.get(account.tasks_path(), headers=successor))
    assert client.get(account.tasks_path(), headers=other).status_code == 200


@needs_postgres
def test_a_deletion_on_one_host_is_refused_on_another_within_two_seconds(server_factory):
    url = create_pg_database()
    first = server_factory(database_url=url)
    second = server_factory(database_url=url, secret=first.secret)
    account = Account(first.client)
    assert second.client.get(account.tasks_path(), headers=account.headers).status_code == 200

    r = first.client.post(DELETE_USER, headers=account.headers, json={"password": account.password})
    assert r.status_code == 200, r.text
    deleted = time.monotonic()
    assert_revoked(first.client.get(account.tasks_path(), headers=account.headers))
    while True:
        r = second.client.get(account.tasks_path(), headers=account.headers)
        if r.status_code == 401 or time.monotonic() - deleted > 2.0:
            break
        time.sleep(0.05)
    assert_revoked(r)
