"""SQLite connections are lent to requests, not kept by worker threads (todo-fcgi's SharedStores): a request takes
the set of stores given back last, or opens one when every set is in use. So requests one after another read over
one connection whichever worker answers them, where each worker used to open and keep its own (and its 256 KiB page
cache) as soon as it had answered once. The responder is spoken to over FastCGI directly, a fresh connection per
request, so that the requests land on whichever worker is idle; the server has a SQLite file in every mode."""
import json
import os

import fastcgi_support as fcgi
from conftest import make_token, new_user


def _descriptors_on(pid: int, path: str) -> int:
    """How many of the process's descriptors are open on `path`."""
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            count += os.readlink(f"/proc/{pid}/fd/{fd}") == path
        except OSError:  # closed meanwhile
            pass
    return count


def test_requests_one_after_another_share_one_reader_connection(server_factory, tmp_path):
    server = server_factory(db_path=tmp_path / "todo.db", threads=8)
    user = new_user("conn")
    auth = f"Bearer {make_token(server.secret, user)}"
    body = json.dumps({"title": "one"}).encode()
    created = fcgi.exchange(server.sock_path, fcgi.request_bytes(
        fcgi.nginx_params("POST", f"/api/{user}/tasks", body=body, authorization=auth), body))
    assert created.status == 201, created.describe()
    for _ in range(40):
        answer = fcgi.exchange(server.sock_path, fcgi.request_bytes(
            fcgi.nginx_params("GET", f"/api/{user}/tasks", authorization=auth)))
        assert answer.status == 200 and len(json.loads(answer.body)) == 1, answer.describe()
    # One connection reads and the writer connection wrote: each holds the WAL open once.
    assert _descriptors_on(server.proc.pid, str(server.db_path) + "-wal") == 2
