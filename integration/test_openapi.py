"""The OpenAPI 3.1 document (nginx/html/openapi.json, served by nginx at GET /api/openapi.json) and the live API
agree: the document is valid, nginx serves exactly that file, every documented operation answers (and answers
what the document says), every other method on a documented path is a 405 with `Allow`, undocumented paths are
404, hostile paths never get a 5xx, and schemathesis finds no response outside the document.

Packages: openapi-spec-validator and schemathesis, from integration/requirements.txt.
Environment: OPENAPI_FUZZ_EXAMPLES (schemathesis examples per operation, default 30), OPENAPI_FUZZ_SEED
(default 20261122: the run is reproducible; set another to explore).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import jsonschema
import pytest
from openapi_spec_validator import validate as validate_openapi

from conftest import REPO_ROOT
from test_account_mail import Spool, mail_env

DOCUMENT_PATH = REPO_ROOT / "nginx" / "html" / "openapi.json"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Every method a client might send; TRACE is refused by nginx itself, before any location.
PROBE_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
FUZZ_EXAMPLES = int(os.environ.get("OPENAPI_FUZZ_EXAMPLES", "30"))
FUZZ_SEED = int(os.environ.get("OPENAPI_FUZZ_SEED", "20261122"))
FUZZ_TIMEOUT = 600
# The routes nginx rate-limits per client address (nginx/snippets/todo-fcgi-api.conf): they check a password or
# send mail.
RATE_LIMITED = re.compile(r"^/api/auth/(sign-in|sign-up|delete-user|change-password|reset-password"
                          r"|request-password-reset|send-verification-email)")


# ---------------------------------------------------------------------------------------------- the document

@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))


def operations(document: dict) -> dict[str, set[str]]:
    """path template -> the upper-case methods documented on it."""
    return {path: {m.upper() for m in item if m in HTTP_METHODS} for path, item in document["paths"].items()}


def resolve(document: dict, node: dict) -> dict:
    """Follows `$ref`s (local ones: the document has no other kind)."""
    while isinstance(node, dict) and "$ref" in node:
        assert node["$ref"].startswith("#/"), node["$ref"]
        target = document
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def json_schema_validator(document: dict, schema: dict) -> jsonschema.Draft202012Validator:
    """A validator for a schema of the document: its `#/components/...` references resolve against the document."""
    return jsonschema.Draft202012Validator({**schema, "components": document["components"]},
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def assert_conforms(document: dict, template: str, method: str, r: httpx.Response) -> None:
    """The response's status is documented for the operation, its body matches the schema of that status, and
    the headers the document requires are there and match theirs."""
    op = document["paths"][template][method.lower()]
    status = str(r.status_code)
    assert status in op["responses"], (f"{method} {template} answered {status}, not documented "
                                       f"({sorted(op['responses'])}): {r.text[:300]}")
    spec = resolve(document, op["responses"][status])
    for name, header in (spec.get("headers") or {}).items():
        header = resolve(document, header)
        value = r.headers.get(name)
        if header.get("required"):
            assert value is not None, f"{method} {template} {status}: required header {name} missing"
        if value is not None:
            errors = list(json_schema_validator(document, header["schema"]).iter_errors(value))
            assert not errors, f"{method} {template} {status}: header {name}={value!r}: {errors[0].message}"
    content = spec.get("content")
    if not content:
        assert r.content == b"", f"{method} {template} {status}: undocumented body {r.text[:200]}"
        return
    media = r.headers.get("content-type", "").split(";")[0]
    assert media in content, r.headers
    body = r.text if media == "text/plain" else r.json()
    errors = list(json_schema_validator(document, content[media]["schema"]).iter_errors(body))
    assert not errors, f"{method} {template} {status}: {errors[0].message} in {body!r:.500}"


def test_document_is_valid_openapi_3_1(document):
    validate_openapi(document)  # raises with the first problem
    assert document["openapi"].startswith("3.1."), document["openapi"]


def test_document_is_consistent(document):
    """What the contract promises about every operation is written down on every operation."""
    ids = []
    for path, item in document["paths"].items():
        for method in (m for m in item if m in HTTP_METHODS):
            op = item[method]
            where = f"{method.upper()} {path}"
            ids.append(op["operationId"])
            responses = {code: resolve(document, r) for code, r in op["responses"].items()}
            assert "security" in op, f"{where}: say whether it needs a token"
            if op["security"] == [{"bearerAuth": []}, {}]:
                # a token is optional (get-session: null without one): no 401
                assert "401" not in responses, where
            elif op["security"]:
                assert op["security"] == [{"bearerAuth": []}], where
                assert "401" in responses, f"{where}: a bearer route answers 401"
            for code, r in responses.items():
                if code == "401":
                    assert resolve(document, r["headers"]["WWW-Authenticate"])["required"], where
                if code in ("201", "302"):
                    assert resolve(document, r["headers"]["Location"])["required"], where
                if code in ("204", "302"):
                    assert "content" not in r, where
                elif path == "/api/metrics" and code == "200":
                    assert list(r.get("content", {})) == ["text/plain"], f"{where} {code}: Prometheus text"
                elif path != "/api/openapi.json":
                    assert list(r.get("content", {})) == ["application/json"], f"{where} {code}"
            if path.startswith("/api/") and path != "/api/openapi.json":
                assert {"413", "502", "504"} <= set(responses), f"{where}: nginx's own errors"
            if path.startswith("/api/auth/"):
                assert ("429" in responses) == bool(RATE_LIMITED.match(path)), f"{where}: 429 iff rate limited"
                for code, r in responses.items():
                    if code.startswith(("4", "5")) and code not in ("413", "502", "504"):
                        text = json.dumps(r["content"]["application/json"]["schema"])
                        assert '"code"' in text or "/AuthError" in text, f"{where} {code}: {{code, message}} shape"
            elif path.startswith("/api/{user_id}/"):
                assert {"400", "401", "403", "404", "422", "500", "503"} <= set(responses), where
                for code, r in responses.items():
                    if code.startswith(("4", "5")):
                        ref = r["content"]["application/json"]["schema"]["$ref"]
                        assert ref.endswith(("/Error", "/ValidationError")), f"{where} {code}: {{detail}} shape"
                        assert (code == "422") == ref.endswith("/ValidationError"), f"{where} {code}"
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer",
                                     "bearerFormat": "JWT"}


# ---------------------------------------------------------------------------------------------- served by nginx

def test_nginx_serves_exactly_the_file(server):
    r = server.client.get("/api/openapi.json")
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].split(";")[0] == "application/json", r.headers
    assert r.content == DOCUMENT_PATH.read_bytes(), "GET /api/openapi.json is not nginx/html/openapi.json"
    assert r.headers.get("x-content-type-options") == "nosniff", r.headers


# ---------------------------------------------------------------------------------------------- routes

def concrete(template: str, user_id: str, task_id: int | str, token: str = "") -> str:
    return (template.replace("{user_id}", quote(user_id, safe="")).replace("{task_id}", str(task_id))
            .replace("{token}", quote(token, safe="")))


@pytest.fixture(scope="module")
def account(server):
    """A real account (signed up through the API) and a PyJWT token for it, with one task."""
    email = f"openapi-{uuid.uuid4().hex[:12]}@example.com"
    password = "openapi-password-1"
    r = server.client.post("/api/auth/sign-up/email", json={"name": "OpenAPI", "email": email, "password": password})
    assert r.status_code == 200, r.text
    user_id = r.json()["user"]["id"]
    headers = {"Authorization": f"Bearer {server.token(user_id)}"}
    r = server.client.post(f"/api/{user_id}/tasks", json={"title": "probe"}, headers=headers)
    assert r.status_code == 201, r.text
    return {"email": email, "password": password, "user_id": user_id, "headers": headers, "task_id": r.json()["id"]}


@pytest.fixture(scope="module")
def spool(tmp_path_factory) -> Spool:
    return Spool(tmp_path_factory.mktemp("openapi-mail"))


@pytest.fixture(scope="module")
def mail_server(server_factory, spool):
    """A server that sends mail (APP_URL set, MAIL_COMMAND scripts/dev-mail.sh into `spool`), so the reset and
    verification routes answer their success."""
    return server_factory(extra_env=mail_env(spool.path))


def mailed_token(spool: Spool, to: str, seen: set, timeout: float = 15.0) -> str:
    """The `token` query parameter of the link in the first message to `to` not in `seen` (which it joins)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = [p for p in spool.to(to) if p not in seen]
        if new:
            seen.add(new[0])
            links = [line for line in new[0].read_text().splitlines() if line.startswith("http")]
            assert len(links) == 1, new[0].read_text()
            return parse_qs(urlsplit(links[0]).query)["token"][0]
        time.sleep(0.05)
    raise AssertionError(f"no new mail to {to}")


def test_every_documented_operation_answers_as_documented(mail_server, spool, document):
    """Each documented operation, called as a client would (real ids, a PyJWT token, links read from real mail),
    answers its documented success, with the documented body and headers; the set of operations called is
    exactly the document's."""
    server = mail_server
    client = server.client
    called: set[tuple[str, str]] = set()

    def call(method: str, template: str, expected: int, *, user_id="", task_id="", token="", **kw) -> httpx.Response:
        r = client.request(method, concrete(template, user_id, task_id, token), **kw)
        assert r.status_code == expected, f"{method} {template}: {r.status_code} {r.text[:300]}"
        assert_conforms(document, template, method, r)
        called.add((method, template))
        return r

    def fresh_bearer() -> dict:
        # A PyJWT token signed with the server's secret. Minted after a call that revoked the subject (which
        # revokes the tokens issued before that second), so it is never caught by that revocation.
        # (A token without `iat` is refused once its subject has been revoked: its age cannot be told.)
        return {"Authorization": f"Bearer {server.token(user_id, iat=int(time.time()))}"}

    email = f"probe-{uuid.uuid4().hex[:12]}@example.com"
    password = "probe-password-1"
    r = call("POST", "/api/auth/sign-up/email", 200, json={"name": "Probe", "email": email, "password": password})
    user_id, first_refresh = r.json()["user"]["id"], r.json()["refresh_token"]
    bearer = fresh_bearer()
    r = call("POST", "/api/auth/sign-in/email", 200, json={"email": email, "password": password})
    second_refresh, second = r.json()["refresh_token"], {"Authorization": f"Bearer {r.json()['token']}"}
    call("POST", "/api/auth/refresh", 200, json={"refresh_token": first_refresh})
    r = call("GET", "/api/auth/get-session", 200, headers=bearer)
    assert r.json()["user"]["id"] == user_id
    call("GET", "/api/auth/jwks", 200)

    r = call("GET", "/api/auth/list-sessions", 200, headers=second)
    assert len(r.json()) == 2 and [s["current"] for s in r.json()].count(True) == 1, r.json()
    first_session = next(s["token"] for s in r.json() if not s["current"])
    call("POST", "/api/auth/update-user", 200, headers=bearer, json={"name": "Probe Two"})
    call("POST", "/api/auth/revoke-session", 200, headers=second, json={"token": first_session})
    call("POST", "/api/auth/revoke-other-sessions", 200, headers=second)
    call("POST", "/api/auth/sign-out", 200, headers=bearer, json={"refresh_token": second_refresh})

    new_password = "probe-password-2"
    r = call("POST", "/api/auth/change-password", 200, headers=bearer,
             json={"currentPassword": password, "newPassword": new_password})
    assert r.json()["token"] is None
    password, bearer = new_password, fresh_bearer()

    seen: set = set()
    call("POST", "/api/auth/send-verification-email", 200, json={"email": email})
    call("GET", "/api/auth/verify-email", 200, params={"token": mailed_token(spool, email, seen)})

    call("POST", "/api/auth/request-password-reset", 200, json={"email": email})
    reset_token = mailed_token(spool, email, seen)
    r = call("GET", "/api/auth/reset-password/{token}", 302, token=reset_token,
             params={"callbackURL": "/reset-password"})
    assert r.headers["location"] == f"/reset-password?token={reset_token}"
    assert r.reason_phrase == "Found", r.reason_phrase
    new_password = "probe-password-3"
    call("POST", "/api/auth/reset-password", 200, json={"newPassword": new_password, "token": reset_token})
    password, bearer = new_password, fresh_bearer()
    call("POST", "/api/auth/revoke-sessions", 200, headers=bearer)
    bearer = fresh_bearer()

    tasks = "/api/{user_id}/tasks"
    task = "/api/{user_id}/tasks/{task_id}"
    call("GET", tasks, 200, user_id=user_id, headers=bearer, params={"status": "all", "sort": "title", "q": "x",
                                                                      "limit": 10, "offset": 0})
    r = call("POST", tasks, 201, user_id=user_id, headers=bearer, json={"title": "Buy milk", "description": "2 l"})
    task_id = r.json()["id"]
    assert r.headers["location"] == f"/api/{user_id}/tasks/{task_id}"
    ids = {"user_id": user_id, "task_id": task_id}
    call("GET", task, 200, headers=bearer, **ids)
    call("PUT", task, 200, headers=bearer, json={"title": "Buy oat milk", "completed": False}, **ids)
    call("PATCH", task, 200, headers=bearer, json={"description": None}, **ids)
    r = call("PATCH", task + "/complete", 200, headers=bearer, **ids)
    assert r.json()["completed"] is True
    call("DELETE", task, 204, headers=bearer, **ids)

    call("GET", "/api/health", 200)
    call("GET", "/api/metrics", 200)
    call("GET", "/api/openapi.json", 200)
    call("POST", "/api/auth/delete-user", 200, headers=bearer, json={"password": password})

    documented = {(m, p) for p, methods in operations(document).items() for m in methods}
    assert called == documented, (f"documented but not probed: {sorted(documented - called)}; "
                                  f"probed but not documented: {sorted(called - documented)}")


def test_documented_error_statuses_answer_as_documented(server, document, account):
    """A sample of the documented refusals, each checked against the document (status, shape, headers)."""
    client, u, h, t = server.client, account["user_id"], account["headers"], account["task_id"]
    task = "/api/{user_id}/tasks/{task_id}"
    cases = [
        ("GET", "/api/{user_id}/tasks", {}, 401),
        ("GET", "/api/{user_id}/tasks", {"headers": {"Authorization": "Bearer not.a.token"}}, 401),
        ("GET", "/api/{user_id}/tasks", {"headers": {"Authorization": f"Bearer {server.token('someone-else')}"}},
         403),
        ("GET", "/api/{user_id}/tasks", {"headers": h, "params": {"limit": 0, "sort": "size"}}, 422),
        ("POST", "/api/{user_id}/tasks", {"headers": h, "json": {"title": " "}}, 422),
        ("POST", "/api/{user_id}/tasks", {"headers": h, "content": b"x" * (65 * 1024)}, 413),
        ("GET", task, {"headers": h, "task_id": "abc"}, 422),
        ("GET", task, {"headers": h, "task_id": 0}, 404),
        ("PUT", task, {"headers": h, "json": {"title": "x", "completed": None}}, 422),
        ("PATCH", task, {"headers": h, "content": b"{\"title\": 1, \"title\": 2}"}, 422),
        ("DELETE", task, {"headers": h, "task_id": t + 1000}, 404),
        ("PATCH", task + "/complete", {"headers": {"Authorization": "Basic eDp5"}}, 401),
        ("POST", "/api/auth/sign-up/email", {"json": {"name": "X", "email": "not-an-email", "password": "12345678"}},
         400),
        ("POST", "/api/auth/sign-up/email", {"json": {"name": "X", "email": account["email"],
                                                       "password": "12345678"}}, 422),
        ("POST", "/api/auth/sign-up/email", {"json": {"name": "X", "email": "a@b.co", "password": "short"}}, 400),
        ("POST", "/api/auth/sign-in/email", {"json": {"email": account["email"], "password": "wrong-password"}}, 401),
        ("POST", "/api/auth/sign-in/email", {"content": b"[]"}, 400),
        ("POST", "/api/auth/refresh", {"json": {"refresh_token": "nope"}}, 401),
        ("POST", "/api/auth/sign-out", {"json": {"refresh_token": "nope"}}, 401),
        ("GET", "/api/auth/get-session", {"headers": {"Authorization": f"Bearer {server.token('no-such-user')}"}},
         404),
        ("POST", "/api/auth/delete-user", {"headers": h, "json": {"password": "wrong-password"}}, 400),
        ("POST", "/api/auth/delete-user", {"headers": h, "json": {}}, 400),
        ("POST", "/api/auth/change-password", {"headers": h, "json": {"currentPassword": "wrong-password",
                                                                      "newPassword": "another-password"}}, 400),
        ("POST", "/api/auth/change-password", {"json": {"currentPassword": "x", "newPassword": "y"}}, 401),
        ("POST", "/api/auth/update-user", {"headers": h, "json": {"email": "new@example.com"}}, 400),
        ("POST", "/api/auth/update-user", {"headers": h, "json": {}}, 400),
        ("GET", "/api/auth/list-sessions", {}, 401),
        ("POST", "/api/auth/revoke-session", {"headers": h, "json": {}}, 400),
        ("POST", "/api/auth/revoke-sessions", {"headers": {"Authorization": "Bearer not.a.token"}}, 401),
        ("POST", "/api/auth/revoke-other-sessions", {}, 401),
        ("POST", "/api/auth/request-password-reset", {"json": {"email": account["email"]}}, 400),  # no APP_URL
        ("POST", "/api/auth/reset-password", {"json": {"newPassword": "another-password", "token": "x" * 32}}, 400),
        ("GET", "/api/auth/reset-password/{token}", {"params": {"callbackURL": "https://evil.example/x"}}, 403),
        ("POST", "/api/auth/send-verification-email", {"json": {"email": "not-an-email"}}, 400),
        ("GET", "/api/auth/verify-email", {"params": {"token": "not.a.token"}}, 401),
    ]
    problems = []
    for method, template, kw, expected in cases:
        kw = dict(kw)
        path = concrete(template, u, kw.pop("task_id", t), "made-up-token")
        r = client.request(method, path, **kw)
        try:
            assert r.status_code == expected, f"expected {expected}, got {r.status_code}: {r.text[:200]}"
            assert_conforms(document, template, method, r)
        except AssertionError as e:
            problems.append(f"{method} {path}: {e}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("method", PROBE_METHODS)
def test_other_methods_on_documented_paths_are_405_with_allow(server, document, account, method):
    """Every method the document does not list on a path is a 405, in the path's error shape, with an Allow
    header that lists exactly the documented methods."""
    problems = []
    for template, methods in operations(document).items():
        if method in methods:
            continue
        path = concrete(template, account["user_id"], account["task_id"], "made-up-token")
        r = server.client.request(method, path, headers=account["headers"])
        where = f"{method} {path}"
        if r.status_code != 405:
            problems.append(f"{where}: {r.status_code} {r.text[:120]!r}")
            continue
        allow = r.headers.get("allow")
        if allow is None or {m.strip() for m in allow.split(",")} != methods:
            problems.append(f"{where}: Allow {allow!r}, documented {sorted(methods)}")
        if not r.headers.get("content-type", "").startswith("application/json"):
            problems.append(f"{where}: content-type {r.headers.get('content-type')!r}, body {r.text[:80]!r}")
        elif method != "HEAD":
            expected = ({"code": "METHOD_NOT_ALLOWED", "message": "Method Not Allowed"}
                        if template.startswith("/api/auth/") else {"detail": "Method Not Allowed"})
            if r.json() != expected:
                problems.append(f"{where}: body {r.text[:120]!r}")
    assert not problems, "\n".join(problems)


UNDOCUMENTED_PATHS = (
    "/api/", "/api/tasks", "/api/{u}", "/api/{u}/", "/api/{u}/tasks/", "/api/{u}/task", "/api/{u}//tasks",
    "/api//tasks", "/api/{u}/tasks/{t}/", "/api/{u}/tasks/{t}/complete/", "/api/{u}/tasks/{t}/completed",
    "/api/{u}/tasks/{t}/complete/x", "/api/{u}/tasks/{t}/x", "/api/{u}/tasks//complete", "/api/health/",
    "/api/healthz", "/api/health/x", "/api/openapi", "/api/openapi.yaml", "/api/openapi.json/",
    # /api/docs and /api/redoc are HTML pages outside the document; their neighbours are not
    "/api/docs.json", "/api/docs/x", "/api/docs/index.html", "/api/docs/redoc.html", "/api/redoc/",
    "/api/auth", "/api/auth/", "/api/auth/sign-in", "/api/auth/sign-up", "/api/auth/sign-in/email/",
    "/api/auth/sign-in/username", "/api/auth/sign-up/email/x", "/api/auth/session", "/api/auth/token",
    "/api/auth/jwks/", "/api/auth/tasks", "/api/auth/delete-user/x", "/api/auth/refresh-token",
)


def undocumented(account: dict) -> list[str]:
    u, t = quote(account["user_id"], safe=""), str(account["task_id"])
    return [template.replace("{u}", u).replace("{t}", t) for template in UNDOCUMENTED_PATHS]


@pytest.mark.parametrize("method", ("GET", "POST", "PUT", "PATCH", "DELETE"))
def test_undocumented_paths_are_404(server, account, method):
    """A path the document does not have is no route: a JSON 404, whatever the method."""
    problems = []
    for path in undocumented(account):
        r = server.client.request(method, path, headers=account["headers"])
        if r.status_code != 404 or not r.headers.get("content-type", "").startswith("application/json"):
            problems.append(f"{method} {path}: {r.status_code} {r.text[:120]!r}")
    assert not problems, "\n".join(problems)


def test_404_bodies_are_in_the_shape_of_their_part_of_the_api(server, account):
    """API.md: the account routes (/api/auth/*) answer errors as {code, message}, the others as {detail}."""
    problems = []
    for path in undocumented(account):
        r = server.client.get(path, headers=account["headers"])
        expected = ({"code": "NOT_FOUND", "message": "Not Found"} if path.split("/")[2] == "auth"
                    else {"detail": "Not Found"})
        if r.status_code != 404 or r.json() != expected:
            problems.append(f"GET {path}: {r.status_code} {r.text[:120]!r}, expected {expected}")
    assert not problems, "\n".join(problems)


HOSTILE_PATHS = (
    "/api/{u}/tasks/%00", "/api/{u}/tasks/1%00", "/api/{u}/tasks/%", "/api/{u}/tasks/%zz", "/api/%00/tasks",
    "/api/auth/%00", "/api/{u}/tasks/%ff", "/api/%ff/tasks", "/api/{u}/tasks/%C0%AF", "/api/{u}/tasks/%2e%2e",
    "/api/{u}/tasks/1%2f2", "/api/{u}/tasks/%20", "/api/{u}/tasks?q=%00", "/api/{u}/tasks?q=%ff",
    "/api/{u}/tasks?limit=99999999999999999999999", "/api/{u}/tasks?offset=-1&offset=%",
    "/api/{u}/tasks/99999999999999999999999999", "/api/{u}/tasks/-9223372036854775809",
)


@pytest.mark.parametrize("template", HOSTILE_PATHS)
def test_hostile_paths_get_a_json_answer_never_a_5xx(server, account, template):
    """Malformed percent-encoding, NUL bytes, overlong UTF-8, huge numbers: an answer in JSON, never a 5xx."""
    path = template.replace("{u}", quote(account["user_id"], safe=""))
    r = server.client.get(path, headers=account["headers"])
    assert r.status_code < 500, f"GET {path}: {r.status_code} {r.text[:200]!r}"
    assert r.headers.get("content-type", "").startswith("application/json"), f"GET {path}: {r.text[:200]!r}"
    body = r.json()
    assert r.status_code == 200 or (isinstance(body, dict) and ("detail" in body or "code" in body)), body


def test_get_session_with_a_far_future_exp_answers_as_documented(server_factory, document):
    """A validly signed token whose `exp` is far in the future (1e300) is a token like any other: get-session
    answers a documented status (the document's expiresAt has a 4-digit year), and the responder survives."""
    srv = server_factory()
    email = f"exp-{uuid.uuid4().hex[:12]}@example.com"
    r = srv.client.post("/api/auth/sign-up/email", json={"name": "Exp", "email": email, "password": "password-123"})
    assert r.status_code == 200, r.text
    token = srv.token(r.json()["user"]["id"], exp=1e300)
    r = srv.client.get("/api/auth/get-session", headers={"Authorization": f"Bearer {token}"})
    alive = srv.proc is not None and srv.proc.poll() is None
    assert alive and r.status_code < 500, (f"GET /api/auth/get-session with exp=1e300: {r.status_code} "
                                           f"{r.text[:200]!r}; responder exit status {srv.proc.poll()}")
    assert_conforms(document, "/api/auth/get-session", "GET", r)


# ---------------------------------------------------------------------------------------------- schemathesis

def test_schemathesis_finds_nothing_outside_the_document(server_factory, tmp_path):
    """schemathesis (every phase: examples, coverage, fuzzing, stateful; every check) against a live nginx +
    responder, as a real signed-up user whose id is the `{user_id}` of every task path, with a PyJWT token.
    No 5xx; every status, body, content type and required header is documented; refusals and acceptances
    match the schemas; undocumented methods are 405 with Allow."""
    # Its own database, with mail on (so the reset and verification routes do their work); nginx's rate limit on
    # the password and mail routes is set high by conftest.
    srv = server_factory(extra_env=mail_env(tmp_path / "mail"))
    r = srv.client.post("/api/auth/sign-up/email",
                        json={"name": "Fuzz", "email": "fuzz@example.com", "password": "fuzz-password-1"})
    assert r.status_code == 200, r.text
    user_id = r.json()["user"]["id"]
    token = srv.token(user_id, exp=int(time.time()) + 3600)
    config = tmp_path / "schemathesis.toml"
    config.write_text(f"""
base-url = {json.dumps(srv.base_url)}
workers = 1
seed = {FUZZ_SEED}

[generation]
max-examples = {FUZZ_EXAMPLES}
database = "none"

[parameters]
"path.user_id" = {json.dumps(user_id)}

[auth.openapi.bearerAuth]
bearer = {json.dumps(token)}

# A wrong password, a taken email or a rule JSON Schema cannot state (lengths in grapheme clusters, trimming)
# is the contract's 400/422 for a body that is otherwise schema-valid; so is a wrong current password, a made-up
# reset or verification token, or a redirect the schema cannot know is untrusted (403, or a 302 with ?error=).
[[operations]]
include-operation-id = ["signUpEmail", "signInEmail", "refreshToken", "deleteUser", "changePassword", "updateUser",
                        "revokeSession", "requestPasswordReset", "resetPassword", "resetPasswordLink",
                        "sendVerificationEmail", "verifyEmail"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "302", "400", "401", "403", "404", "422", "429"]
""")
    started = time.monotonic()
    proc = subprocess.run(
        # revoke-sessions is left out: it revokes the subject, so every later call with the run's one token would
        # be a 401. test_every_documented_operation_answers_as_documented calls it.
        [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run", str(DOCUMENT_PATH),
         "--checks", "all", "--no-color", "--exclude-operation-id", "revokeSessions"],
        cwd=tmp_path, capture_output=True, text=True, timeout=FUZZ_TIMEOUT,
    )
    elapsed = time.monotonic() - started
    (tmp_path / "schemathesis.out").write_text(proc.stdout + proc.stderr)
    out = proc.stdout
    if "FAILURES" in out:
        out = out[out.index("FAILURES") - 40:]
    assert proc.returncode == 0, (f"schemathesis failed (exit {proc.returncode}, {elapsed:.0f}s, seed {FUZZ_SEED}; "
                                  f"full output in {tmp_path / 'schemathesis.out'}):\n{out[-12000:]}\n"
                                  f"{proc.stderr[-2000:]}")
    assert "Runtime Error" not in proc.stdout, proc.stdout[-4000:]
