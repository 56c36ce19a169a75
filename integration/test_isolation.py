"""Owner scoping: 403 for a foreign path, identical 404 for a foreign task id, percent-encoded user ids."""

from urllib.parse import quote, unquote

import pytest

from conftest import UserApi, assert_detail, assert_no_leak

ROUTES = [
    ("GET", "", None), ("POST", "", {"title": "intruder"}), ("GET", "/{id}", None),
    ("PUT", "/{id}", {"title": "intruder", "completed": True}), ("PATCH", "/{id}", {"title": "intruder"}),
    ("PATCH", "/{id}/complete", None), ("DELETE", "/{id}", None),
]
ROUTE_IDS = [f"{m} {s or '/'}" for m, s, _ in ROUTES]


def send(srv, method, path, token, body=None):
    kw = {"json": body} if body is not None else {}
    return srv.client.request(method, path, headers={"Authorization": f"Bearer {token}"}, **kw)


@pytest.mark.parametrize("method,suffix,body", ROUTES, ids=ROUTE_IDS)
def test_path_user_other_than_sub_is_403(server, make_user, method, suffix, body):
    alice, bob = make_user("alice"), make_user("bob")
    task = alice.create("alice's", description="private")
    for task_id in (task["id"], 987654321):  # an existing id of the path's user, and a missing one
        path = alice.path(suffix.format(id=task_id))
        r = send(server, method, path, bob.token, body)
        body_json = assert_detail(r, 403)
        assert isinstance(body_json["detail"], str)
        assert_no_leak(r, bob.token, server.secret)
        assert "private" not in r.text and "alice's" not in r.text
    assert alice.get(task["id"]).json() == task
    assert [t["id"] for t in alice.list()] == [task["id"]]
    assert bob.list() == []


def test_path_user_differing_only_in_case_or_suffix_is_403(server, make_user):
    alice = make_user("alice")
    for other in (alice.id.upper(), alice.id + "x", alice.id[:-1], alice.id + " ", " " + alice.id):
        r = server.client.get(f"/api/{quote(other, safe='')}/tasks", headers=alice.headers)
        assert_detail(r, 403)


@pytest.mark.parametrize("method,suffix,body", [r for r in ROUTES if "{id}" in r[1]],
                         ids=[i for r, i in zip(ROUTES, ROUTE_IDS) if "{id}" in r[1]])
def test_foreign_task_id_is_the_same_404_as_a_missing_one(server, make_user, method, suffix, body):
    alice, bob = make_user("alice"), make_user("bob")
    task = alice.create("alice's secret task", description="alice's secret description")
    bob_own = bob.create("bob's task")
    missing_id = max(task["id"], bob_own["id"]) + 1_000_000

    foreign = send(server, method, bob.path(suffix.format(id=task["id"])), bob.token, body)
    missing = send(server, method, bob.path(suffix.format(id=missing_id)), bob.token, body)
    assert_detail(foreign, 404, "Task not found")
    assert foreign.content == missing.content, "foreign and missing ids must be indistinguishable"
    assert foreign.headers.get("content-type") == missing.headers.get("content-type")
    assert foreign.headers.get("content-length") == missing.headers.get("content-length")
    assert "secret" not in foreign.text

    assert alice.get(task["id"]).json() == task, "alice's task is unchanged"
    assert [t["id"] for t in bob.list()] == [bob_own["id"]]
    assert bob.get(bob_own["id"]).json() == bob_own


def test_lists_never_include_other_users_tasks(server, make_user):
    alice, bob = make_user("alice"), make_user("bob")
    mine = [alice.create(f"shared words {i}", description="common") for i in range(3)]
    theirs = [bob.create(f"shared words {i}", description="common") for i in range(2)]
    for params in ({}, {"q": "shared"}, {"q": "common"}, {"status": "pending"}, {"sort": "title"},
                   {"limit": 1000}):
        assert {t["id"] for t in alice.list(**params)} == {t["id"] for t in mine}, params
        assert {t["id"] for t in bob.list(**params)} == {t["id"] for t in theirs}, params
        assert all(t["user_id"] == bob.id for t in bob.list(**params))


def test_a_user_with_no_tasks_sees_nothing_even_for_low_ids(server, make_user):
    alice, eve = make_user("alice"), make_user("eve")
    alice.create("some task")
    for task_id in range(1, 30):
        r = eve.get(task_id)
        assert_detail(r, 404, "Task not found")


# ------------------------------------------------------------------------------------------ user ids

@pytest.mark.parametrize("user_id", ["alice@example.com", "bob smith", "josé", "a+b=c&d", "user:1;x", "名前"])
def test_percent_encoded_user_ids_match_sub(server, user_id):
    user = UserApi(server, user_id)
    encoded = quote(user_id, safe="")
    r = server.client.post(f"/api/{encoded}/tasks", json={"title": "hello"}, headers=user.headers)
    assert r.status_code == 201, r.text
    task = r.json()
    assert task["user_id"] == user_id
    location = r.headers["location"]
    assert " " not in location and location.isascii(), location
    assert unquote(location) == f"/api/{user_id}/tasks/{task['id']}", location

    r = server.client.get(f"/api/{encoded}/tasks/{task['id']}", headers=user.headers)
    assert r.status_code == 200 and r.json() == task, r.text
    r = server.client.get(location, headers=user.headers)
    assert r.status_code == 200 and r.json() == task, r.text
    r = server.client.get(f"/api/{encoded}/tasks", headers=user.headers)
    assert [t["id"] for t in r.json()] == [task["id"]]


def test_at_sign_may_be_raw_or_encoded(server):
    user = UserApi(server, "carol@example.org")
    r1 = server.client.get("/api/carol@example.org/tasks", headers=user.headers)
    r2 = server.client.get("/api/carol%40example.org/tasks", headers=user.headers)
    assert r1.status_code == 200 and r2.status_code == 200, (r1.text, r2.text)


def test_path_is_decoded_before_comparing_with_sub(server):
    """A sub that literally contains '%40' is a different user from the decoded path."""
    literal = UserApi(server, "dave%40example.com")
    r = server.client.get("/api/dave%40example.com/tasks", headers=literal.headers)
    assert_detail(r, 403)
    r = server.client.get("/api/dave%2540example.com/tasks", headers=literal.headers)
    assert r.status_code == 200, r.text
