"""Task lifecycle: create, read, replace, patch, complete, delete (API.md, "Tasks")."""

import re
from datetime import datetime, timedelta, timezone

from conftest import TIMESTAMP_RE, assert_detail

TASK_KEYS = {"id", "user_id", "title", "description", "completed", "created_at", "updated_at"}


def parse_ts(ts: str) -> datetime:
    assert re.match(TIMESTAMP_RE, ts), f"not RFC 3339 UTC with milliseconds: {ts!r}"
    return datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def assert_task_shape(task: dict, user_id: str) -> None:
    assert set(task) == TASK_KEYS, task
    assert isinstance(task["id"], int) and not isinstance(task["id"], bool) and task["id"] > 0, task
    assert task["user_id"] == user_id, task
    assert isinstance(task["title"], str), task
    assert task["description"] is None or isinstance(task["description"], str), task
    assert isinstance(task["completed"], bool), task
    parse_ts(task["created_at"])
    parse_ts(task["updated_at"])


def test_create_returns_201_location_and_full_task(api):
    r = api.request("POST", json={"title": "Buy milk"})
    assert r.status_code == 201, r.text
    assert r.headers["content-type"].startswith("application/json")
    task = r.json()
    assert_task_shape(task, api.id)
    assert task["title"] == "Buy milk"
    assert task["description"] is None
    assert task["completed"] is False
    assert task["created_at"] == task["updated_at"]
    assert r.headers["location"] == f"/api/{api.id}/tasks/{task['id']}"
    # The timestamp is UTC (not local time, not seconds since something): near the test machine's clock.
    assert abs(parse_ts(task["created_at"]) - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_create_with_description_and_get_one(api):
    created = api.create("Write report", description="Quarterly numbers")
    assert created["description"] == "Quarterly numbers"
    r = api.get(created["id"])
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == created


def test_ids_are_distinct_and_increasing(api):
    ids = [api.create(f"t{i}")["id"] for i in range(5)]
    assert ids == sorted(ids) and len(set(ids)) == 5, ids


def test_put_replaces_title_and_description_and_keeps_completed_when_omitted(api):
    task = api.create("old", description="old description")
    r = api.request("PATCH", f"/{task['id']}", json={"completed": True})
    assert r.status_code == 200 and r.json()["completed"] is True, r.text

    r = api.request("PUT", f"/{task['id']}", json={"title": "new"})
    assert r.status_code == 200, r.text
    updated = r.json()
    assert_task_shape(updated, api.id)
    assert updated["id"] == task["id"]
    assert updated["title"] == "new"
    assert updated["description"] is None, "an omitted description becomes null on PUT"
    assert updated["completed"] is True, "PUT sets completed only when given"
    assert updated["created_at"] == task["created_at"]
    assert api.get(task["id"]).json() == updated


def test_put_sets_completed_when_given(api):
    task = api.create("t", description="d")
    r = api.request("PUT", f"/{task['id']}", json={"title": "t2", "description": "d2", "completed": True})
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["description"], r.json()["completed"]) == ("t2", "d2", True)
    r = api.request("PUT", f"/{task['id']}", json={"title": "t3", "completed": False})
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["description"], r.json()["completed"]) == ("t3", None, False)


def test_patch_changes_only_named_fields(api):
    task = api.create("title", description="desc")
    r = api.request("PATCH", f"/{task['id']}", json={"title": "renamed"})
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["description"], r.json()["completed"]) == ("renamed", "desc", False)

    r = api.request("PATCH", f"/{task['id']}", json={"completed": True})
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["description"], r.json()["completed"]) == ("renamed", "desc", True)

    r = api.request("PATCH", f"/{task['id']}", json={"description": "new desc"})
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["description"], r.json()["completed"]) == ("renamed", "new desc", True)

    r = api.request("PATCH", f"/{task['id']}", json={"description": None})
    assert r.status_code == 200, r.text
    assert (r.json()["title"], r.json()["description"], r.json()["completed"]) == ("renamed", None, True)
    assert api.get(task["id"]).json() == r.json()


def test_patch_with_empty_body_changes_nothing(api):
    task = api.create("title", description="desc")
    r = api.request("PATCH", f"/{task['id']}", json={})
    assert r.status_code == 200, r.text
    after = r.json()
    for k in ("id", "user_id", "title", "description", "completed", "created_at"):
        assert after[k] == task[k], (k, task, after)


def test_complete_flips(api):
    task = api.create("flip me")
    r = api.request("PATCH", f"/{task['id']}/complete")
    assert r.status_code == 200, r.text
    assert r.json()["completed"] is True
    assert r.json()["title"] == "flip me"
    r = api.request("PATCH", f"/{task['id']}/complete")
    assert r.status_code == 200, r.text
    assert r.json()["completed"] is False
    assert api.get(task["id"]).json()["completed"] is False


def test_complete_ignores_a_body(api):
    task = api.create("flip me")
    r = api.request("PATCH", f"/{task['id']}/complete", json={"completed": False, "title": "hacked"})
    assert r.status_code == 200, r.text
    assert r.json()["completed"] is True
    assert r.json()["title"] == "flip me"


def test_delete_then_404(api):
    task = api.create("doomed")
    r = api.request("DELETE", f"/{task['id']}")
    assert r.status_code == 204, r.text
    assert r.content == b""
    assert_detail(api.get(task["id"]), 404, "Task not found")
    assert_detail(api.request("DELETE", f"/{task['id']}"), 404, "Task not found")
    assert_detail(api.request("PUT", f"/{task['id']}", json={"title": "x"}), 404, "Task not found")
    assert_detail(api.request("PATCH", f"/{task['id']}", json={"title": "x"}), 404, "Task not found")
    assert_detail(api.request("PATCH", f"/{task['id']}/complete"), 404, "Task not found")
    assert task["id"] not in [t["id"] for t in api.list()]


def test_missing_task_is_404_on_every_route(api):
    for method, suffix, body in [("GET", "/987654321", None), ("PUT", "/987654321", {"title": "x"}),
                                 ("PATCH", "/987654321", {"title": "x"}), ("PATCH", "/987654321/complete", None),
                                 ("DELETE", "/987654321", None)]:
        r = api.request(method, suffix, json=body) if body is not None else api.request(method, suffix)
        assert_detail(r, 404, "Task not found")


def test_updated_at_moves_on_every_change_and_created_at_never(api):
    task = api.create("ts", description="d")
    created_at = task["created_at"]
    last = task["updated_at"]
    changes = [
        ("PATCH", "", {"title": "ts1"}),
        ("PATCH", "", {"completed": True}),
        ("PATCH", "/complete", None),
        ("PUT", "", {"title": "ts2", "description": "e"}),
        ("PATCH", "", {"description": None}),
        ("PUT", "", {"title": "ts3", "completed": True}),
        ("PATCH", "/complete", None),
        ("PATCH", "/complete", None),
    ]
    for method, suffix, body in changes:
        r = api.request(method, f"/{task['id']}{suffix}", **({"json": body} if body is not None else {}))
        assert r.status_code == 200, r.text
        now = r.json()
        assert now["created_at"] == created_at, (method, body, now)
        # Rapid changes (same millisecond) must still move updated_at strictly forward.
        assert parse_ts(now["updated_at"]) > parse_ts(last), (method, body, last, now["updated_at"])
        assert api.get(task["id"]).json() == now
        last = now["updated_at"]


def test_server_controlled_fields_in_body_are_ignored(api, make_user):
    other = make_user("other")
    body = {"title": "mine", "user_id": other.id, "id": 424242, "created_at": "2000-01-01T00:00:00.000Z",
            "updated_at": "2000-01-01T00:00:00.000Z"}
    r = api.request("POST", json=body)
    assert r.status_code == 201, r.text
    task = r.json()
    assert task["user_id"] == api.id
    assert task["id"] != 424242 or api.get(424242).json()["title"] == "mine"
    assert not task["created_at"].startswith("2000-")
    assert not task["updated_at"].startswith("2000-")
    assert other.list() == []

    for method in ("PUT", "PATCH"):
        r = api.request(method, f"/{task['id']}", json={**body, "title": f"via {method}"})
        assert r.status_code == 200, r.text
        t = r.json()
        assert (t["id"], t["user_id"], t["created_at"]) == (task["id"], api.id, task["created_at"]), t
        assert not t["updated_at"].startswith("2000-")
        assert t["title"] == f"via {method}"
    assert other.list() == []
    assert api.get(task["id"]).status_code == 200


def test_post_ignores_completed(api):
    """POST takes {title, description?}; anything else is an unknown field, ignored."""
    r = api.request("POST", json={"title": "new", "completed": True})
    assert r.status_code == 201, r.text
    assert r.json()["completed"] is False


def test_unknown_fields_are_ignored(api):
    r = api.request("POST", json={"title": "x", "priority": 5, "tags": ["a"], "nested": {"a": [1, {"b": None}]}})
    assert r.status_code == 201, r.text
    task = r.json()
    assert set(task) == TASK_KEYS
    r = api.request("PATCH", f"/{task['id']}", json={"priority": 9, "title": "y"})
    assert r.status_code == 200 and r.json()["title"] == "y", r.text
    r = api.request("PUT", f"/{task['id']}", json={"title": "z", "foo": "bar"})
    assert r.status_code == 200 and r.json()["title"] == "z", r.text


def test_title_is_trimmed(api):
    task = api.create("  \t padded title \n ")
    assert task["title"] == "padded title"
    r = api.request("PATCH", f"/{task['id']}", json={"title": "  patched  "})
    assert r.status_code == 200 and r.json()["title"] == "patched", r.text
    r = api.request("PUT", f"/{task['id']}", json={"title": "  put  "})
    assert r.status_code == 200 and r.json()["title"] == "put", r.text


def test_title_length_counts_unicode_characters_not_bytes(api):
    for title in ["😀" * 200, "é" * 200, "a" * 200, "漢" * 200, "é" * 100 + "😀" * 100]:
        assert len(title.encode()) >= 200
        task = api.create(title)
        assert task["title"] == title
        assert api.get(task["id"]).json()["title"] == title
    # 200 characters after trimming, with whitespace around them.
    padded = "   " + "😀" * 200 + "   "
    assert api.create(padded)["title"] == "😀" * 200


def test_description_length_counts_unicode_characters(api):
    for desc in ["ü" * 1000, "😀" * 1000, "x" * 1000]:
        task = api.create("d", description=desc)
        assert task["description"] == desc
        assert api.get(task["id"]).json()["description"] == desc


def test_special_strings_round_trip_exactly(api):
    samples = [
        "<script>alert('x')</script>",
        "\"quotes\" & 'apostrophes' <b>bold</b> &amp; &lt;",
        "nul\u0000inside",
        "emoji 📝✅👩‍👩‍👧‍👦 flags 🇫🇷",
        "back\\slash / slash \u2028 \u2029 \u00a0 tab\tinside",
        "line1\nline2\r\nline3",
        "'; DROP TABLE tasks; --",
        "%_*?[]{}",
        "日本語のタスク",
        "\u0001\u001f control",
    ]
    for s in samples:
        r = api.request("POST", json={"title": s, "description": s})
        assert r.status_code == 201, (s, r.text)
        task = r.json()
        assert task["title"] == s.strip(), (s, task)
        assert task["description"] == s, (s, task)
        again = api.get(task["id"]).json()
        assert (again["title"], again["description"]) == (s.strip(), s)
    # The list carries them unchanged too.
    titles = {t["title"] for t in api.list(limit=1000)}
    assert {s.strip() for s in samples} <= titles


def test_task_reads_are_json_objects_with_content_type(api):
    task = api.create("ct")
    for r in (api.get(task["id"]), api.request("GET")):
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/json"), r.headers
