"""Body validation of task routes: FastAPI's 422 list shape (API.md, "Conventions" and "Tasks")."""

import pytest

from conftest import assert_422


@pytest.fixture
def task(api):
    return api.create("original", description="original description")


def assert_unchanged(api, task):
    r = api.get(task["id"])
    assert r.status_code == 200
    assert r.json() == task, "a rejected request must not change the task"


# ------------------------------------------------------------------------------------------ title length

@pytest.mark.parametrize("title", ["😀" * 201, "é" * 201, "a" * 201, "  " + "x" * 201 + "  "])
def test_title_over_200_characters_is_422_string_too_long(api, task, title):
    assert_422(api.request("POST", json={"title": title}), ["body", "title"], "string_too_long")
    assert_422(api.request("PUT", f"/{task['id']}", json={"title": title}), ["body", "title"], "string_too_long")
    assert_422(api.request("PATCH", f"/{task['id']}", json={"title": title}), ["body", "title"],
               "string_too_long")
    assert_unchanged(api, task)


@pytest.mark.parametrize("title", ["", " ", "   \t\n  "])
def test_empty_or_whitespace_title_is_422(api, task, title):
    assert_422(api.request("POST", json={"title": title}), ["body", "title"])
    assert_422(api.request("PUT", f"/{task['id']}", json={"title": title}), ["body", "title"])
    assert_422(api.request("PATCH", f"/{task['id']}", json={"title": title}), ["body", "title"])
    assert_unchanged(api, task)
    assert [t["id"] for t in api.list()] == [task["id"]], "nothing was created"


@pytest.mark.parametrize("desc", ["x" * 1001, "😀" * 1001, "ü" * 1001])
def test_description_over_1000_characters_is_422(api, task, desc):
    assert_422(api.request("POST", json={"title": "t", "description": desc}), ["body", "description"],
               "string_too_long")
    assert_422(api.request("PUT", f"/{task['id']}", json={"title": "t", "description": desc}),
               ["body", "description"], "string_too_long")
    assert_422(api.request("PATCH", f"/{task['id']}", json={"description": desc}), ["body", "description"],
               "string_too_long")
    assert_unchanged(api, task)


# ------------------------------------------------------------------------------------------ missing title

def test_missing_title_is_422_missing(api, task):
    assert_422(api.request("POST", json={"description": "no title"}), ["body", "title"], "missing")
    assert_422(api.request("POST", json={}), ["body", "title"], "missing")
    assert_422(api.request("PUT", f"/{task['id']}", json={"description": "no title", "completed": True}),
               ["body", "title"], "missing")
    assert_unchanged(api, task)
    assert [t["id"] for t in api.list()] == [task["id"]]


# ------------------------------------------------------------------------------------------ wrong types

WRONG_TYPES = [
    ("title", 123), ("title", True), ("title", None), ("title", []), ("title", {}), ("title", 1.5),
    ("description", 5), ("description", []), ("description", {}), ("description", False),
    ("completed", "maybe"), ("completed", []), ("completed", {}), ("completed", 2), ("completed", None),
]


@pytest.mark.parametrize("field,value", WRONG_TYPES, ids=[f"{f}={v!r}" for f, v in WRONG_TYPES])
def test_wrong_types_are_422(api, task, field, value):
    body = {"title": "t", field: value}
    if field != "completed":  # completed is not a POST field (ignored there)
        assert_422(api.request("POST", json=body), ["body", field])
    assert_422(api.request("PUT", f"/{task['id']}", json=body), ["body", field])
    assert_422(api.request("PATCH", f"/{task['id']}", json={field: value}), ["body", field])
    assert_unchanged(api, task)


# ------------------------------------------------------------------------------------------ bad JSON

BROKEN_BODIES = [
    b'{"title": "x"',
    b'{"title": }',
    b"{title: 'x'}",
    b'{"title": "x",}',
    b"not json at all",
    b'{"title": "x"} trailing',
    b'{"title": "\\uZZZZ"}',
    b'{"title": "unterminated}',
    b"\xff\xfe{}",
    b'{"title": "bad utf8 \xc3\x28"}',
]


@pytest.mark.parametrize("raw", BROKEN_BODIES, ids=[repr(b)[:40] for b in BROKEN_BODIES])
def test_broken_json_is_422_json_invalid(api, task, raw):
    headers = {"Content-Type": "application/json"}
    items = assert_422(api.request("POST", content=raw, headers=headers), type_="json_invalid")
    assert all(item["loc"][0] == "body" for item in items), items
    assert_422(api.request("PUT", f"/{task['id']}", content=raw, headers=headers), type_="json_invalid")
    assert_422(api.request("PATCH", f"/{task['id']}", content=raw, headers=headers), type_="json_invalid")
    assert_unchanged(api, task)
    assert [t["id"] for t in api.list()] == [task["id"]]


@pytest.mark.parametrize("raw", [b"[]", b'"title"', b"42", b"null", b'[{"title": "x"}]', b"true"])
def test_body_that_is_not_an_object_is_422(api, task, raw):
    headers = {"Content-Type": "application/json"}
    assert_422(api.request("POST", content=raw, headers=headers))
    assert_422(api.request("PUT", f"/{task['id']}", content=raw, headers=headers))
    assert_422(api.request("PATCH", f"/{task['id']}", content=raw, headers=headers))
    assert_unchanged(api, task)


def test_empty_body_is_422(api, task):
    headers = {"Content-Type": "application/json"}
    assert_422(api.request("POST", content=b"", headers=headers))
    assert_422(api.request("PUT", f"/{task['id']}", content=b"", headers=headers))
    assert_unchanged(api, task)
    assert [t["id"] for t in api.list()] == [task["id"]]

