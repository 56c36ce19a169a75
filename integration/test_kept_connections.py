"""Kept FastCGI connections under a burst larger than the worker pool (issue 2's worker pool, found by `make bench`).

nginx (`fastcgi_keep_conn on`) opens as many upstream connections as it has requests in flight, caches the idle
ones and reuses them. When there are more connections than worker threads, a worker must be able to leave an idle
kept connection for one that has a request waiting. It must never do so by closing a connection nginx may reuse:
nginx may have just written a request into it, and for a POST or PATCH it does not retry (non-idempotent), so the
client gets 502 "upstream prematurely closed connection". Every answer here must be the contract's 2xx.
"""

from __future__ import annotations

import threading
import time

import httpx

from conftest import make_token, new_user

CLIENTS = 24     # concurrent clients, each with its own kept-alive connection to nginx
THREADS = 3      # responder workers: far fewer than the upstream connections nginx opens for 24 clients
SECONDS = 4.0


def test_writes_in_a_burst_larger_than_the_pool_all_succeed(server_factory):
    srv = server_factory(threads=THREADS)
    users = [new_user("kc") for _ in range(CLIENTS)]
    statuses: list[list[int | str]] = [[] for _ in range(CLIENTS)]
    created: list[list[int]] = [[] for _ in range(CLIENTS)]
    deadline = time.monotonic() + SECONDS

    def client(i: int) -> None:
        headers = {"Authorization": f"Bearer {make_token(srv.secret, users[i])}"}
        path = f"/api/{users[i]}/tasks"
        with httpx.Client(base_url=srv.base_url, timeout=30, headers=headers) as c:
            n = 0
            while time.monotonic() < deadline:
                n += 1
                try:
                    if created[i] and n % 2 == 0:
                        r = c.patch(f"{path}/{created[i][-1]}/complete")
                    else:
                        r = c.post(path, json={"title": f"burst {n}"})
                        if r.status_code == 201:
                            created[i].append(r.json()["id"])
                    statuses[i].append(r.status_code)
                except httpx.HTTPError as e:
                    statuses[i].append(repr(e))
                # a pause now and then, so that kept connections sit idle while others wait for a worker
                if n % 7 == 0:
                    time.sleep(0.015)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a client hung"
    answers = [s for per in statuses for s in per]
    bad = [s for s in answers if s not in (200, 201)]
    assert len(answers) > 500, f"only {len(answers)} requests in {SECONDS} s"
    assert not bad, f"{len(bad)} of {len(answers)} writes failed: {sorted(set(map(str, bad)))}"
    # the acknowledged creates are there, for their owners
    for i in range(0, CLIENTS, 6):
        headers = {"Authorization": f"Bearer {make_token(srv.secret, users[i])}"}
        for task_id in created[i][-5:]:
            r = httpx.get(f"{srv.base_url}/api/{users[i]}/tasks/{task_id}", headers=headers)
            assert r.status_code == 200 and r.json()["user_id"] == users[i], r.text
    assert srv.proc.poll() is None, "the responder exited"
