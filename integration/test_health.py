"""GET /api/health and the responder's socket."""

import os
import stat

import pytest

from conftest import assert_no_leak


def test_health_is_200_ok_without_auth(server):
    r = server.client.get("/api/health")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json"), r.headers
    assert r.json() == {"status": "ok"}
    assert "www-authenticate" not in r.headers


def test_health_ignores_query_and_cookies(server):
    r = server.client.get("/api/health", params={"x": "1"}, headers={"Cookie": "a=b"})
    assert r.status_code == 200 and r.json() == {"status": "ok"}, r.text
    assert_no_leak(r, server.secret)


def test_socket_is_not_world_accessible(server):
    st = os.stat(server.sock_path)
    assert stat.S_ISSOCK(st.st_mode), oct(st.st_mode)
    assert st.st_mode & 0o007 == 0, f"socket mode {oct(st.st_mode & 0o777)} is open to others"


# SQLite only: where the database file goes (PostgreSQL mode has no file; test_postgres_backend checks that none
# is created).
@pytest.mark.sqlite_only
def test_database_file_is_where_configured(server):
    server.client.get("/api/health")
    assert server.db_path.exists(), "DATABASE_PATH was not used"
    assert not (server.tmpdir / "data").exists(), "the default ./data path must not be used when configured"
