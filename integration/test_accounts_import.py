"""Better Auth interoperability: passwords hashed by an independent scrypt (Python's hashlib with Better Auth's
parameters and hex-salt quirk) and `todo-fcgi user import --better-auth-sqlite` from a database built here."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata

import pytest

from accounts_support import (
    NFKC_PASSWORD, NFKC_PASSWORD_NORMALISED, REFRESH, SIGN_IN, STORED_HASH_RE, Account, assert_auth_error,
    assert_user, bearer, better_auth_hash, better_auth_id, better_auth_scrypt, better_auth_verify,
    build_better_auth_db, file_digest, read_db, run_import, unique_email, user_row,
)
from accounts_support import srv  # noqa: F401 (this module's own server: a fixture)
from conftest import PG_SERVER_URL, assert_no_leak, create_pg_database

SUMMARY_RE = re.compile(r"^imported (\d+), skipped (\d+), refused (\d+)$")


def summary(stdout: str) -> tuple[int, int, int]:
    lines = stdout.strip().splitlines()
    assert lines, "import printed nothing"
    m = SUMMARY_RE.match(lines[0].strip())
    assert m, f"first line is not the summary: {stdout!r}"
    return tuple(int(g) for g in m.groups())


def lines_about(stdout: str, user_id: str) -> list[str]:
    return [line for line in stdout.splitlines()[1:] if user_id in line]


# ---------------------------------------------------------------------------------------------- scrypt

def test_hash_stored_at_sign_up_verifies_with_python(srv):
    # the chosen password really is one that NFKC changes
    assert unicodedata.normalize("NFKC", NFKC_PASSWORD) == NFKC_PASSWORD_NORMALISED != NFKC_PASSWORD
    account = Account(srv.client, password=NFKC_PASSWORD)
    stored = user_row(srv.database, account.id)["password_hash"]
    assert STORED_HASH_RE.match(stored), stored
    assert better_auth_verify(NFKC_PASSWORD, stored)
    salt_text, key_hex = stored.split(":")
    key = bytes.fromhex(key_hex)
    # the NFKC form was hashed, not the text as typed
    assert better_auth_scrypt(NFKC_PASSWORD_NORMALISED, salt_text) == key
    raw = hashlib.scrypt(NFKC_PASSWORD.encode(), salt=salt_text.encode(), n=16384, r=16, p=1, dklen=64,
                         maxmem=64 * 1024 * 1024)
    assert raw != key, "the password was not NFKC-normalised before hashing"
    # the salt is the ASCII text of the hex, not the 16 bytes it spells
    as_bytes = hashlib.scrypt(NFKC_PASSWORD_NORMALISED.encode(), salt=bytes.fromhex(salt_text), n=16384, r=16,
                              p=1, dklen=64, maxmem=64 * 1024 * 1024)
    assert as_bytes != key, "the salt was decoded from hex instead of used as text"
    # a fresh salt per hash
    twin = Account(srv.client, password=NFKC_PASSWORD)
    assert user_row(srv.database, twin.id)["password_hash"].split(":")[0] != salt_text
    # and both sign in with the NFKC form as well as the original
    for a in (account, twin):
        assert a.sign_in(password=NFKC_PASSWORD_NORMALISED).status_code == 200
        assert a.sign_in(password=NFKC_PASSWORD).status_code == 200


# ---------------------------------------------------------------------------------------------- import

@pytest.fixture(scope="module")
def imported(srv, tmp_path_factory):
    """A Better Auth database with six users, imported once into srv's database."""
    work = tmp_path_factory.mktemp("ba-import")
    taken = Account(srv.client, email=unique_email("taken"))  # already here before the import
    taken_row = user_row(srv.database, taken.id)

    ids = {name: better_auth_id() for name in ("alice", "bob", "carol", "dave", "erin", "frank")}
    tag = ids["alice"][:8].lower()
    people = {
        "alice": dict(id=ids["alice"], name="Alice Ä", email=f"alice-{tag}@example.com", emailVerified=0,
                      image=None, createdAt="2024-01-15T08:30:00.250Z", updatedAt="2024-02-01T12:00:00.000Z"),
        "bob": dict(id=ids["bob"], name="Bob", email=f"Bob-{tag}@Example.ORG", emailVerified=1,
                    image="https://example.com/bob.png", createdAt=1700000000123, updatedAt=1700000500456),
        "carol": dict(id=ids["carol"], name="Carol", email=f"carol-{tag}@example.com", emailVerified=1,
                      image=None, createdAt="2023-06-30T23:59:59.999Z", updatedAt="2023-07-01T00:00:00.000Z"),
        "dave": dict(id=ids["dave"], name="Dave", email=f"dave-{tag}@example.com", emailVerified=0,
                     image=None, createdAt="2024-01-01T00:00:00.000Z", updatedAt="2024-01-01T00:00:00.000Z"),
        "erin": dict(id=ids["erin"], name="Erin", email=f"erin-{tag}-at-example.com", emailVerified=0,
                     image=None, createdAt="2024-01-01T00:00:00.000Z", updatedAt="2024-01-01T00:00:00.000Z"),
        "frank": dict(id=ids["frank"], name="Frank", email=taken.email.upper(), emailVerified=0, image=None,
                      createdAt="2024-01-01T00:00:00.000Z", updatedAt="2024-01-01T00:00:00.000Z"),
    }
    passwords = {"alice": NFKC_PASSWORD, "bob": "bob-old-password", "frank": "frank-old-password",
                 "erin": "erin-old-password"}
    hashes = {who: better_auth_hash(pw) for who, pw in passwords.items()}
    accounts = [
        dict(userId=ids["alice"], providerId="credential", password=hashes["alice"]),
        dict(userId=ids["bob"], providerId="github", accountId="gh-12345"),
        dict(userId=ids["bob"], providerId="credential", password=hashes["bob"]),
        dict(userId=ids["carol"], providerId="github", accountId="gh-67890"),  # no credential account
        dict(userId=ids["dave"], providerId="credential", password="not-a-scrypt-hash"),
        dict(userId=ids["erin"], providerId="credential", password=hashes["erin"]),
        dict(userId=ids["frank"], providerId="credential", password=hashes["frank"]),
    ]
    (work / "source").mkdir()
    source = build_better_auth_db(work / "source" / "better-auth.sqlite", list(people.values()), accounts)

    # An old token (e.g. from Better Auth) whose sub is Alice's id creates a task before she is imported.
    old_token = srv.token(ids["alice"])
    r = srv.client.post(f"/api/{ids['alice']}/tasks", json={"title": "made before the import"},
                        headers=bearer(old_token))
    assert r.status_code == 201, r.text

    digest_before = file_digest(source)
    files_before = sorted(p.name for p in source.parent.iterdir())
    first = run_import(srv.database, source, work / "cwd1")
    return dict(srv=srv, source=source, ids=ids, people=people, passwords=passwords, hashes=hashes,
                taken=taken, taken_row=taken_row, old_token=old_token, first=first, work=work,
                digest_before=digest_before, files_before=files_before)


def test_import_prints_counts_and_reasons(imported):
    res, ids = imported["first"], imported["ids"]
    assert res.returncode == 0, f"rc={res.returncode}\nstdout:\n{res.stdout}\nstderr:\n{res.stderr}"
    assert summary(res.stdout) == (3, 1, 2), res.stdout
    (frank,) = lines_about(res.stdout, ids["frank"])
    assert "skipped" in frank and "already" in frank, frank
    (dave,) = lines_about(res.stdout, ids["dave"])
    assert "refused" in dave and ("hash" in dave or "password" in dave), dave
    (erin,) = lines_about(res.stdout, ids["erin"])
    assert "refused" in erin and "email" in erin, erin
    carol = lines_about(res.stdout, ids["carol"])
    assert carol and all("refused" not in c and "skipped" not in c for c in carol), res.stdout
    for who in ("alice", "bob"):
        assert not lines_about(res.stdout, ids[who]), res.stdout
    # no password hash is ever printed
    for h in imported["hashes"].values():
        assert h not in res.stdout and h not in res.stderr and h.split(":")[1] not in res.stdout


def test_imported_rows_keep_ids_names_emails_flags_dates_and_hashes(imported):
    srv, ids, people, hashes = imported["srv"], imported["ids"], imported["people"], imported["hashes"]
    alice, bob, carol = (user_row(srv.database, ids[w]) for w in ("alice", "bob", "carol"))
    assert alice == {"id": ids["alice"], "name": "Alice Ä", "email": people["alice"]["email"], "email_verified": 0,
                     "image": None, "password_hash": hashes["alice"], "created_at": 1705307400250,
                     "updated_at": 1706788800000}
    assert bob == {"id": ids["bob"], "name": "Bob", "email": people["bob"]["email"].lower(), "email_verified": 1,
                   "image": "https://example.com/bob.png", "password_hash": hashes["bob"],
                   "created_at": 1700000000123, "updated_at": 1700000500456}
    assert carol is not None and carol["password_hash"] is None and carol["email_verified"] == 1
    assert carol["created_at"] == 1688169599999
    for who in ("dave", "erin", "frank"):
        assert user_row(srv.database, ids[who]) is None, who
    # the user that was here keeps their account
    assert user_row(srv.database, imported["taken"].id) == imported["taken_row"]


def test_imported_users_sign_in_with_their_old_passwords(imported):
    srv, ids, people = imported["srv"], imported["ids"], imported["people"]
    client = srv.client
    for password in (NFKC_PASSWORD, NFKC_PASSWORD_NORMALISED):
        r = client.post(SIGN_IN, json={"email": people["alice"]["email"], "password": password})
        assert r.status_code == 200, (password, r.text)
        user = r.json()["user"]
        assert_user(user, email=people["alice"]["email"], name="Alice Ä")
        assert user["id"] == ids["alice"]
        assert user["emailVerified"] is False and user["image"] is None
        assert user["createdAt"] == "2024-01-15T08:30:00.250Z" and user["updatedAt"] == "2024-02-01T12:00:00.000Z"
        assert_no_leak(r, imported["hashes"]["alice"])
    assert_auth_error(client.post(SIGN_IN, json={"email": people["alice"]["email"], "password": "Pass1fi-wordX"}),
                      401, "INVALID_EMAIL_OR_PASSWORD")

    r = client.post(SIGN_IN, json={"email": people["bob"]["email"].upper(), "password": "bob-old-password"})
    assert r.status_code == 200, r.text
    user = r.json()["user"]
    assert user == {"id": ids["bob"], "name": "Bob", "email": people["bob"]["email"].lower(), "emailVerified": True,
                    "image": "https://example.com/bob.png", "createdAt": "2023-11-14T22:13:20.123Z",
                    "updatedAt": "2023-11-14T22:21:40.456Z"}

    # Carol has no password: the same answer as a wrong one
    assert_auth_error(client.post(SIGN_IN, json={"email": people["carol"]["email"], "password": "anything-at-all"}),
                      401, "INVALID_EMAIL_OR_PASSWORD")
    # refused and skipped users cannot sign in with their old passwords
    assert_auth_error(client.post(SIGN_IN, json={"email": people["frank"]["email"], "password": "frank-old-password"}),
                      401, "INVALID_EMAIL_OR_PASSWORD")
    assert imported["taken"].sign_in().status_code == 200
    assert_auth_error(client.post(SIGN_IN, json={"email": people["dave"]["email"], "password": "dave-old-password"}),
                      401, "INVALID_EMAIL_OR_PASSWORD")


def test_old_token_sub_owns_the_tasks_of_the_imported_user(imported):
    srv, alice_id = imported["srv"], imported["ids"]["alice"]
    client = srv.client
    path = f"/api/{alice_id}/tasks"
    r = client.post(SIGN_IN, json={"email": imported["people"]["alice"]["email"], "password": NFKC_PASSWORD})
    assert r.status_code == 200, r.text
    session = r.json()
    r = client.post(path, json={"title": "made after the import"}, headers=bearer(session["token"]))
    assert r.status_code == 201, r.text
    r = client.post(path, json={"title": "made with the old token"}, headers=bearer(imported["old_token"]))
    assert r.status_code == 201, r.text
    expected = ["made after the import", "made before the import", "made with the old token"]
    for token in (session["token"], imported["old_token"]):
        r = client.get(path, headers=bearer(token))
        assert r.status_code == 200, r.text
        assert sorted(t["title"] for t in r.json()) == expected
        assert {t["user_id"] for t in r.json()} == {alice_id}
    # the refresh token of the imported user works like any other
    assert client.post(REFRESH, json={"refresh_token": session["refresh_token"]}).status_code == 200


def test_second_import_is_harmless(imported):
    srv, ids = imported["srv"], imported["ids"]
    rows_before = read_db(srv.database, "SELECT * FROM users ORDER BY id")
    res = run_import(srv.database, imported["source"], imported["work"] / "cwd2")
    assert res.returncode == 0, f"rc={res.returncode}\nstdout:\n{res.stdout}\nstderr:\n{res.stderr}"
    assert summary(res.stdout) == (0, 4, 2), res.stdout
    for who in ("alice", "bob", "carol", "frank"):
        (line,) = [line for line in lines_about(res.stdout, ids[who]) if "skipped" in line]
        assert "already" in line, line
    for who in ("dave", "erin"):
        assert any("refused" in line for line in lines_about(res.stdout, ids[who])), res.stdout
    assert read_db(srv.database, "SELECT * FROM users ORDER BY id") == rows_before


def test_source_database_is_left_untouched(imported):
    # depends on both runs having happened in this module (the fixture's and the second-import test's)
    source = imported["source"]
    assert file_digest(source) == imported["digest_before"]
    assert sorted(p.name for p in source.parent.iterdir()) == imported["files_before"]


def test_import_from_a_file_that_is_not_a_better_auth_database_fails_cleanly(srv, tmp_path):
    users_before = read_db(srv.database, "SELECT count(*) FROM users")[0][0]
    not_ba = tmp_path / "other.sqlite"
    con = sqlite3.connect(not_ba)
    con.execute("create table users (id text primary key, email text)")
    con.execute("insert into users values ('x', 'x@example.com')")
    con.commit()
    con.close()
    res = run_import(srv.database, not_ba, tmp_path / "cwd")
    assert res.returncode != 0, res.stdout
    assert res.stderr.strip(), "no message on stderr"
    missing = tmp_path / "missing.sqlite"
    res = run_import(srv.database, missing, tmp_path / "cwd")
    assert res.returncode != 0, res.stdout
    assert not missing.exists(), "the import created the source file"
    assert read_db(srv.database, "SELECT count(*) FROM users")[0][0] == users_before


def test_import_into_a_fresh_database_then_serve(server_factory, tmp_path):
    """The operator's path: import into a new DATABASE_PATH first, then start the service on it."""
    uid = better_auth_id()
    email = unique_email("fresh")
    source = build_better_auth_db(tmp_path / "ba.sqlite", [dict(
        id=uid, name="Fresh", email=email, emailVerified=1, image=None,
        createdAt="2022-05-05T05:05:05.005Z", updatedAt="2022-05-06T06:06:06.006Z")],
        [dict(userId=uid, providerId="credential", password=better_auth_hash(NFKC_PASSWORD))])
    db = tmp_path / "srv" / "todo.db"
    db.parent.mkdir()
    # In PostgreSQL mode, a fresh database on the test server stands for the new DATABASE_URL.
    database = create_pg_database() if PG_SERVER_URL else db
    res = run_import(database, source, tmp_path / "cwd")
    assert res.returncode == 0, f"stdout:\n{res.stdout}\nstderr:\n{res.stderr}"
    assert summary(res.stdout) == (1, 0, 0)
    if PG_SERVER_URL:
        srv = server_factory(tmpdir=db.parent, database_url=database)
    else:
        srv = server_factory(tmpdir=db.parent, db_path=db)
    r = srv.client.post(SIGN_IN, json={"email": email, "password": NFKC_PASSWORD_NORMALISED})
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == uid and r.json()["user"]["createdAt"] == "2022-05-05T05:05:05.005Z"
