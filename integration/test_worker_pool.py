"""More concurrent requests than worker threads, through nginx with `fastcgi_keep_conn on`.

nginx keeps idle upstream connections (keepalive 64 per worker) and opens new ones in a burst; each idle kept connection
holds a responder thread waiting for nginx's next request on it. With fewer threads than connections, the new
connections used to wait in the listen queue while every thread waited on an idle connection nginx was not
using, until nginx gave up with 504 after fastcgi_read_timeout. Now no thread is tied to a connection: between
requests every connection waits in one epoll queue that all idle workers share, so a burst larger than the pool
completes (and test_kept_connections.py checks that no write is lost to a closed connection on the way).
"""
import concurrent.futures
import threading

import httpx

from conftest import make_token, new_user


def _burst(server, clients: int, rounds: int) -> list[int]:
    user = new_user("pool")
    headers = {"Authorization": f"Bearer {make_token(server.secret, user)}"}
    barrier = threading.Barrier(clients)

    def one_client(index: int) -> list[int]:
        statuses = []
        # A client timeout well under nginx's 60 s read timeout: a stall shows as an exception here.
        with httpx.Client(base_url=server.base_url, timeout=20.0) as client:
            barrier.wait()
            for round_ in range(rounds):
                r = client.post(f"/api/{user}/tasks", headers=headers, json={"title": f"c{index} r{round_}"})
                statuses.append(r.status_code)
                statuses.append(client.get(f"/api/{user}/tasks?limit=5", headers=headers).status_code)
        return statuses

    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one_client, range(clients)))
    return [status for statuses in results for status in statuses]


def test_a_burst_larger_than_the_worker_pool_completes(server_factory):
    server = server_factory(threads=2)
    statuses = _burst(server, clients=12, rounds=3)
    assert sorted(set(statuses)) == [200, 201], statuses
    # And the pool still serves afterwards, on connections nginx keeps.
    statuses = _burst(server, clients=12, rounds=2)
    assert sorted(set(statuses)) == [200, 201], statuses
