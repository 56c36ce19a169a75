"""GET /api/metrics (issue 16 point 4): the responder's own counters in Prometheus' text format, served by nginx to
this host only. The document is parsed with the reference parser (prometheus_client), so a malformed line fails;
counts are compared before and after requests made by the test on a server of its own, so they are exact."""

from __future__ import annotations

import httpx
import pytest

from jwks_support import better_auth_user_id, generate_key, jwk_set, write_jwks
from metrics_support import requests, scrape

@pytest.fixture(scope="module")
def srv(server_factory, tmp_path_factory):
    key = generate_key("EdDSA", kid="metrics")
    jwks = write_jwks(tmp_path_factory.mktemp("metrics-keys") / "jwks.json", jwk_set(key))
    s = server_factory({"JWKS_FILE": str(jwks)})
    s.eddsa_key = key
    return s


def test_counts_requests_by_route_and_status_without_ids(srv):
    before = scrape(srv)
    api = srv.user("metrics")
    task = api.create("one")
    assert api.get(task["id"]).status_code == 200
    assert api.get(task["id"] + 1000).status_code == 404
    for _ in range(3):
        api.list()
    after = scrape(srv)
    assert requests(after, "tasks", "201") - requests(before, "tasks", "201") == 1
    assert requests(after, "tasks", "200") - requests(before, "tasks", "200") == 3
    assert requests(after, "task", "200") - requests(before, "task", "200") == 1
    assert requests(after, "task", "404") - requests(before, "task", "404") == 1
    # The scrape itself is counted, once per scrape before this one.
    assert requests(after, "metrics", "200") - requests(before, "metrics", "200") == 1
    # Labels hold the route's shape, never a user id or a task id.
    routes = {dict(pairs)["route"] for (name, pairs) in after if name == "todo_fcgi_requests_total"}
    assert routes >= {"tasks", "task", "metrics"}, routes
    assert not any(ch.isdigit() or api.id in route for route in routes for ch in route), routes
    count = ("todo_fcgi_request_duration_seconds_count", ())
    assert after[count] - before[count] == 7
    assert after[("todo_fcgi_request_duration_seconds_bucket", (("le", "+Inf"),))] == after[count]
    assert after[("todo_fcgi_connections_open", ())] >= 1
    assert after[("process_resident_memory_bytes", ())] > 1_000_000
    assert after[("process_start_time_seconds", ())] > 1.7e9


@pytest.mark.parametrize("alg", ["EdDSA", "HS256"])
def test_counts_token_cache_hits_and_misses(srv, alg):
    """Any verified token is remembered by its bytes, HMAC ones too (issue 17): one miss, then hits."""
    before = scrape(srv)
    uid = better_auth_user_id()
    claims = {"sub": uid, "exp": 9999999999}
    token = srv.eddsa_key.sign(claims) if alg == "EdDSA" else srv.token(uid, exp=9999999999)
    for _ in range(3):
        r = srv.client.get(f"/api/{uid}/tasks", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, r.text
    after = scrape(srv)
    assert after[("todo_fcgi_token_cache_misses_total", ())] - before[("todo_fcgi_token_cache_misses_total", ())] == 1
    assert after[("todo_fcgi_token_cache_hits_total", ())] - before[("todo_fcgi_token_cache_hits_total", ())] == 2


def test_other_methods_are_405(srv):
    r = srv.client.post("/api/metrics", content=b"")
    assert r.status_code == 405 and r.json() == {"detail": "Method Not Allowed"}, r.text


def test_another_address_is_refused_by_nginx_before_the_responder(srv):
    before = scrape(srv)
    with httpx.Client(base_url=srv.base_url, transport=httpx.HTTPTransport(local_address="127.0.0.2")) as other:
        r = other.get("/api/metrics")
        assert r.status_code == 403, r.text
        assert r.headers["content-type"].startswith("application/json")
        assert r.json() == {"detail": "Forbidden"}
        assert other.get("/api/health").status_code == 200  # only the metrics are kept from it
    after = scrape(srv)
    # The refused request never reached the responder: only the scrapes were counted.
    assert requests(after, "metrics", "200") - requests(before, "metrics", "200") == 1
    assert sum(v for (name, pairs), v in after.items() if name == "todo_fcgi_requests_total"
               and dict(pairs)["route"] == "metrics" and dict(pairs)["status"] == "403") == 0


def test_route_labels_follow_the_shape_of_the_path(srv):
    api = srv.user("shape")
    task = api.create("two")
    before = scrape(srv)
    assert api.request("PATCH", f"/{task['id']}/complete").status_code == 200
    assert srv.client.get(f"/api/{api.id}/tasks/{task['id']}/complete/more", headers=api.headers).status_code == 404
    assert srv.client.get(f"/api/{api.id}/notes", headers=api.headers).status_code == 404
    assert srv.client.post("/api/auth/sign-in/email", json={"email": "nobody@example.com",
                                                            "password": "wrong password"}).status_code == 401
    assert srv.client.get("/api/auth/no-such-route").status_code == 404
    assert srv.client.get("/api/health").status_code == 200
    after = scrape(srv)
    assert requests(after, "task_complete", "200") - requests(before, "task_complete", "200") == 1
    assert requests(after, "other", "404") - requests(before, "other", "404") == 2
    assert requests(after, "auth/sign-in/email", "401") - requests(before, "auth/sign-in/email", "401") == 1
    assert requests(after, "auth/unknown", "404") - requests(before, "auth/unknown", "404") == 1
    assert requests(after, "health", "200") - requests(before, "health", "200") == 1


def test_route_labels_are_those_the_router_matched_percent_decoding_included(srv):
    """The label is the route the request was answered by: /api/{user}/%74asks is the task list (the router
    decodes each segment), so it counts as `tasks`, and /api/auth/sign-%69n/email as that endpoint."""
    api = srv.user("decoded")
    before = scrape(srv)
    r = srv.client.get(f"/api/{api.id}/%74asks", headers=api.headers)
    assert r.status_code == 200 and r.json() == [], r.text
    assert srv.client.post("/api/auth/sign-%69n/email", json={"email": "nobody@example.com",
                                                               "password": "wrong password"}).status_code == 401
    after = scrape(srv)
    assert requests(after, "tasks", "200") - requests(before, "tasks", "200") == 1
    assert requests(after, "auth/sign-in/email", "401") - requests(before, "auth/sign-in/email", "401") == 1
    assert requests(after, "other", "200") == requests(before, "other", "200")
