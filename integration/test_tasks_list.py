"""GET /api/{user_id}/tasks: filters, sorting, search, paging (API.md, "List query parameters")."""

import time

import pytest

from conftest import assert_422


def ids(tasks):
    return [t["id"] for t in tasks]


def create_spaced(api, titles, **fields):
    """Create tasks with distinct creation milliseconds, so that time sorts have no ties."""
    out = []
    for title in titles:
        out.append(api.create(title, **fields))
        time.sleep(0.005)
    return out


def test_empty_list_is_an_empty_array(api):
    r = api.request("GET")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == []


def test_default_sort_is_newest_first(api):
    a, b, c = create_spaced(api, ["a", "b", "c"])
    listed = api.list()
    assert ids(listed) == [c["id"], b["id"], a["id"]]
    assert listed == [c, b, a], "list items are full tasks, equal to what was created"
    assert ids(api.list(sort="-created")) == [c["id"], b["id"], a["id"]]
    assert ids(api.list(sort="created")) == [a["id"], b["id"], c["id"]]


def test_ties_in_creation_time_are_broken_by_id(api):
    created = [api.create(f"rapid {i}") for i in range(12)]  # no pause: several share a millisecond
    all_ids = ids(created)
    assert ids(api.list()) == sorted(all_ids, reverse=True)
    assert ids(api.list(sort="-created")) == sorted(all_ids, reverse=True)
    assert ids(api.list(sort="created")) == sorted(all_ids)
    assert ids(api.list(sort="updated")) == sorted(all_ids)
    assert ids(api.list(sort="-updated")) == sorted(all_ids, reverse=True)


def test_sort_by_updated(api):
    a, b, c = create_spaced(api, ["a", "b", "c"])
    time.sleep(0.005)
    r = api.request("PATCH", f"/{a['id']}", json={"title": "a2"})
    assert r.status_code == 200
    assert ids(api.list(sort="updated")) == [b["id"], c["id"], a["id"]]
    assert ids(api.list(sort="-updated")) == [a["id"], c["id"], b["id"]]
    # created order is unaffected by the update
    assert ids(api.list(sort="created")) == [a["id"], b["id"], c["id"]]
    assert ids(api.list()) == [c["id"], b["id"], a["id"]]


def test_sort_by_title_is_case_insensitive(api):
    titles = ["banana", "Apple", "cherry", "Mango", "zebra", "apple pie", "Banana split"]
    by_title = {t["title"]: t["id"] for t in create_spaced(api, titles)}
    expected = ["Apple", "apple pie", "banana", "Banana split", "cherry", "Mango", "zebra"]
    assert [t["title"] for t in api.list(sort="title")] == expected
    assert [t["title"] for t in api.list(sort="-title")] == list(reversed(expected))
    assert set(ids(api.list(sort="title"))) == set(by_title.values())


def test_sort_by_title_folds_non_ascii_case(api):
    # Case-insensitive beyond ASCII: "éclair a" < "Éclair b" (an ASCII-only NOCASE puts "É" before "é").
    create_spaced(api, ["Éclair b", "éclair a", "ÉCLAIR C", "Öl", "öl 2"])
    titles = [t["title"] for t in api.list(sort="title")]
    assert titles.index("éclair a") < titles.index("Éclair b") < titles.index("ÉCLAIR C"), titles
    assert titles.index("Öl") < titles.index("öl 2"), titles
    rev = [t["title"] for t in api.list(sort="-title")]
    assert rev.index("ÉCLAIR C") < rev.index("Éclair b") < rev.index("éclair a"), rev


def test_title_ties_are_broken_by_id(api):
    same = create_spaced(api, ["Same", "same", "SAME", "sAmE"])
    create_spaced(api, ["aaa", "zzz"])
    listed = api.list(sort="title")
    assert [t["title"] for t in listed][0] == "aaa" and listed[-1]["title"] == "zzz"
    tie_ids = [t["id"] for t in listed if t["title"].lower() == "same"]
    assert tie_ids in (sorted(ids(same)), sorted(ids(same), reverse=True)), tie_ids
    rev_tie_ids = [t["id"] for t in api.list(sort="-title") if t["title"].lower() == "same"]
    assert rev_tie_ids in (sorted(ids(same)), sorted(ids(same), reverse=True)), rev_tie_ids


def test_status_filter(api):
    a, b, c, d = create_spaced(api, ["a", "b", "c", "d"])
    for t in (b, d):
        assert api.request("PATCH", f"/{t['id']}/complete").json()["completed"] is True
    assert ids(api.list(status="pending")) == [c["id"], a["id"]]
    assert ids(api.list(status="completed")) == [d["id"], b["id"]]
    assert ids(api.list(status="all")) == [d["id"], c["id"], b["id"], a["id"]]
    assert all(t["completed"] is False for t in api.list(status="pending"))
    assert all(t["completed"] is True for t in api.list(status="completed"))


def test_q_matches_title_or_description_case_insensitively(api):
    t1 = api.create("Needle in title")
    t2 = api.create("plain", description="has a NEEDLE inside")
    api.create("hay", description="stack")
    api.create("nothing")
    for q in ("needle", "NEEDLE", "NeEdLe", "eedl"):
        assert sorted(ids(api.list(q=q))) == sorted([t1["id"], t2["id"]]), q
    assert api.list(q="absent-word") == []
    assert ids(api.list(q="stack")) == [t["id"] for t in api.list() if t["title"] == "hay"]


def test_q_treats_like_wildcards_literally(api):
    pct = api.create("100% done")
    api.create("100 done")
    under = api.create("a_b")
    api.create("axb")
    api.create("a%b is here")
    back = api.create("back\\slash")
    api.create("backslash")
    assert ids(api.list(q="100%")) == [pct["id"]]
    assert ids(api.list(q="_")) == [under["id"]]
    assert ids(api.list(q="a_b")) == [under["id"]]
    assert sorted(ids(api.list(q="%"))) == sorted([pct["id"]] + [t["id"] for t in api.list() if t["title"] == "a%b is here"])
    assert ids(api.list(q="\\")) == [back["id"]]
    assert ids(api.list(q="k\\s")) == [back["id"]]


def test_q_is_case_insensitive_beyond_ascii(api):
    t = api.create("Éclair au café")
    api.create("eclair plain")
    for q in ("éclair", "ÉCLAIR", "CAFÉ", "café"):
        assert ids(api.list(q=q)) == [t["id"]], q


def test_q_combines_with_status_and_sort(api):
    a, b, c = create_spaced(api, ["report alpha", "report beta", "other"])
    api.request("PATCH", f"/{b['id']}/complete")
    assert ids(api.list(q="report", status="pending")) == [a["id"]]
    assert ids(api.list(q="report", status="completed")) == [b["id"]]
    assert ids(api.list(q="report", sort="title")) == [a["id"], b["id"]]
    assert ids(api.list(q="report", sort="-title")) == [b["id"], a["id"]]


def test_limit_default_100_and_max_1000(api):
    created = [api.create(f"bulk {i:03d}") for i in range(105)]
    all_ids = sorted(ids(created), reverse=True)
    assert ids(api.list()) == all_ids[:100]
    assert ids(api.list(limit=1000)) == all_ids
    assert ids(api.list(limit=1)) == all_ids[:1]
    assert ids(api.list(limit=105)) == all_ids
    assert ids(api.list(offset=100)) == all_ids[100:]
    assert ids(api.list(offset=100, limit=2)) == all_ids[100:102]
    assert api.list(offset=105) == []
    assert api.list(offset=100000) == []
    pages = []
    for off in range(0, 105, 10):
        pages += ids(api.list(limit=10, offset=off))
    assert pages == all_ids


def test_offset_and_limit_apply_after_filter_and_sort(api):
    tasks = create_spaced(api, [f"t{i}" for i in range(6)])
    for t in tasks[::2]:
        api.request("PATCH", f"/{t['id']}/complete")
    pending_oldest_first = [t["id"] for t in tasks[1::2]]
    assert ids(api.list(status="pending", sort="created", limit=2)) == pending_oldest_first[:2]
    assert ids(api.list(status="pending", sort="created", limit=2, offset=1)) == pending_oldest_first[1:3]
    assert ids(api.list(status="pending", sort="created", offset=2)) == pending_oldest_first[2:]


BAD_PARAMS = [
    ("limit", "1001"), ("limit", "0"), ("limit", "-1"), ("limit", "abc"), ("limit", "1.5"), ("limit", ""),
    ("limit", "99999999999999999999999"),
    ("offset", "-1"), ("offset", "abc"), ("offset", "2.0"), ("offset", ""),
    ("status", "done"), ("status", "ALL"), ("status", ""), ("status", "pending,completed"),
    ("sort", "name"), ("sort", "--created"), ("sort", "+created"), ("sort", "created,title"), ("sort", "Title"),
    ("sort", ""),
]


@pytest.mark.parametrize("name,value", BAD_PARAMS, ids=[f"{n}={v}" for n, v in BAD_PARAMS])
def test_bad_query_values_are_422(api, name, value):
    api.create("still here")
    r = api.request("GET", params={name: value})
    assert_422(r, ["query", name])
    assert len(api.list()) == 1


@pytest.mark.parametrize("sort", ["created", "-created", "updated", "-updated", "title", "-title"])
def test_every_sort_value_is_accepted(api, sort):
    create_spaced(api, ["b", "a", "c"])
    listed = api.list(sort=sort)
    assert len(listed) == 3
    titles = [t["title"] for t in listed]
    expected = {"created": ["b", "a", "c"], "-created": ["c", "a", "b"], "updated": ["b", "a", "c"],
                "-updated": ["c", "a", "b"], "title": ["a", "b", "c"], "-title": ["c", "b", "a"]}[sort]
    assert titles == expected


@pytest.mark.parametrize("status", ["all", "pending", "completed"])
def test_every_status_value_is_accepted(api, status):
    api.create("x")
    r = api.request("GET", params={"status": status})
    assert r.status_code == 200, r.text
    assert len(r.json()) == (0 if status == "completed" else 1)
