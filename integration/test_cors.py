"""CORS (API.md "Conventions"): nginx answers it from CORS_ALLOWED_ORIGINS, rendered by scripts/nginx-conf.sh into
its origin map. A preflight never reaches the responder; an allowed origin gets Access-Control-Allow-Origin on
every /api/ answer, nginx's own errors included; any other origin gets no CORS header, and 403 to a preflight."""

import os
import subprocess

import httpx
import pytest

from accounts_support import GET_SESSION, SIGN_IN, Account
from conftest import CONFIG_VARS, NGINX_CONF_SH, TODO_FCGI_BIN

ALLOWED = "http://127.0.0.1:9"
OTHER_ALLOWED = "https://app.example"
REFUSED = "https://evil.example"
EXPOSED = "Location, X-Request-Id, Retry-After"


def cors_headers(response: httpx.Response) -> dict:
    return {k.lower(): v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


def assert_cors(response: httpx.Response, origin: str = ALLOWED) -> None:
    assert response.headers.get("access-control-allow-origin") == origin, response.headers
    assert response.headers.get("access-control-expose-headers") == EXPOSED, response.headers
    assert "access-control-allow-credentials" not in response.headers, response.headers
    assert "Origin" in response.headers.get_list("vary"), response.headers


def preflight(client: httpx.Client, path: str, origin: str, method: str = "GET") -> httpx.Response:
    return client.options(path, headers={"Origin": origin, "Access-Control-Request-Method": method,
                                         "Access-Control-Request-Headers": "authorization, content-type"})


@pytest.fixture(scope="module")
def cors(server_factory):
    origins = f"{ALLOWED}, {OTHER_ALLOWED}"
    return server_factory(extra_env={"CORS_ALLOWED_ORIGINS": origins},
                          nginx_settings={"CORS_ALLOWED_ORIGINS": origins})


@pytest.mark.parametrize("path,methods", [
    ("/api/{u}/tasks", "GET, POST"),
    ("/api/{u}/tasks/1", "GET, PUT, PATCH, DELETE"),
    ("/api/{u}/tasks/1/complete", "PATCH"),
    ("/api/health", "GET"),
    ("/api/openapi.json", "GET"),
    (SIGN_IN, "POST"),
    (GET_SESSION, "GET"),
    ("/api/auth/list-sessions", "GET"),
    ("/api/auth/change-password", "POST"),
    ("/api/auth/request-password-reset", "POST"),
    ("/api/auth/reset-password", "POST"),
    ("/api/auth/reset-password/sometoken", "GET"),
    ("/api/auth/send-verification-email", "POST"),
    ("/api/auth/verify-email", "GET"),
])
def test_a_preflight_from_an_allowed_origin_is_204_with_the_routes_methods(cors, path, methods):
    for origin in (ALLOWED, OTHER_ALLOWED):
        r = preflight(cors.client, path.format(u="someone"), origin, method=methods.split(", ")[-1])
        assert r.status_code == 204, r.text
        assert r.content == b""
        assert r.headers["access-control-allow-origin"] == origin
        assert r.headers["access-control-allow-methods"] == methods
        assert r.headers["access-control-allow-headers"] == "Authorization, Content-Type"
        assert r.headers["access-control-max-age"] == "600"
        assert "Origin" in r.headers.get_list("vary")
        assert "access-control-allow-credentials" not in r.headers, r.headers
        assert "x-content-type-options" in r.headers  # the security headers as on every answer


def test_a_preflight_never_reaches_the_responder(cors):
    before = cors.stderr_path.read_text(errors="replace").count("OPTIONS")
    assert preflight(cors.client, "/api/someone/tasks", ALLOWED).status_code == 204
    assert preflight(cors.client, "/api/someone/tasks", REFUSED).status_code == 403
    assert cors.stderr_path.read_text(errors="replace").count("OPTIONS") == before


def test_a_preflight_from_another_origin_is_403_in_the_routes_shape(cors):
    r = preflight(cors.client, "/api/someone/tasks", REFUSED)
    assert r.status_code == 403, r.text
    assert set(r.json()) == {"detail"}, r.text
    assert cors_headers(r) == {}, r.headers
    r = preflight(cors.client, SIGN_IN, REFUSED, method="POST")
    assert r.status_code == 403, r.text
    assert set(r.json()) == {"code", "message"}, r.text
    assert cors_headers(r) == {}, r.headers
    # an allowed origin's prefix, or one with a trailing slash, is another origin
    for origin in (ALLOWED + "0", ALLOWED + "/", "http://127.0.0.1", ALLOWED.upper()):
        r = preflight(cors.client, "/api/someone/tasks", origin)
        assert r.status_code == 403 and cors_headers(r) == {}, (origin, r.status_code, r.headers)


def test_actual_answers_to_an_allowed_origin_carry_cors(cors):
    account = Account(cors.client)
    headers = {**account.headers, "Origin": ALLOWED}
    r = cors.client.post(account.tasks_path(), headers=headers, json={"title": "from another origin"})
    assert r.status_code == 201, r.text
    assert_cors(r)
    r = cors.client.get(account.tasks_path(), headers=headers)
    assert r.status_code == 200 and r.json(), r.text
    assert_cors(r)
    # the responder's errors too
    r = cors.client.get(account.tasks_path(), headers={"Origin": ALLOWED})
    assert r.status_code == 401, r.text
    assert_cors(r)
    r = cors.client.get("/api/openapi.json", headers={"Origin": OTHER_ALLOWED})
    assert r.status_code == 200
    assert_cors(r, OTHER_ALLOWED)
    # another origin: the same answers without any CORS header
    r = cors.client.get(account.tasks_path(), headers={**account.headers, "Origin": REFUSED})
    assert r.status_code == 200, r.text
    assert cors_headers(r) == {}, r.headers
    # no Origin at all (a same-origin or non-browser client): no CORS header
    r = cors.client.get(account.tasks_path(), headers=account.headers)
    assert r.status_code == 200 and cors_headers(r) == {}, r.headers


def test_options_that_is_not_a_preflight_goes_on_as_before(cors, server):
    for srv in (cors, server):
        r = srv.client.options("/api/someone/tasks", headers={"Origin": ALLOWED})
        assert r.status_code == 405, r.text  # no Access-Control-Request-Method: the responder's 405


def test_without_the_setting_there_is_no_cors(server):
    plain = preflight(server.client, "/api/someone/tasks", ALLOWED)
    bare = server.client.options("/api/someone/tasks")
    assert plain.status_code == bare.status_code, plain.text
    assert cors_headers(plain) == {} and "vary" not in plain.headers, plain.headers
    r = server.client.get("/api/health", headers={"Origin": ALLOWED})
    assert r.status_code == 200 and cors_headers(r) == {}, r.headers


def test_nginx_own_errors_carry_cors(cors):
    account = Account(cors.client)
    headers = {**account.headers, "Origin": ALLOWED, "Content-Type": "application/json"}
    r = cors.client.post(account.tasks_path(), headers=headers, content=b"[" + b" " * (70 * 1024) + b"]")
    assert r.status_code == 413, r.text
    assert r.json() == {"detail": "Request body too large"}
    assert_cors(r)
    r = cors.client.request("TRACE", "/api/health", headers={"Origin": ALLOWED})
    assert r.status_code == 405, r.text
    assert_cors(r)
    r = cors.client.request("TRACE", "/api/health", headers={"Origin": REFUSED})
    assert r.status_code == 405 and cors_headers(r) == {}, r.headers


def test_the_auth_rate_limits_429_carries_cors(server_factory):
    origins = ALLOWED
    limited = server_factory(extra_env={"CORS_ALLOWED_ORIGINS": origins},
                             nginx_settings={"CORS_ALLOWED_ORIGINS": origins, "AUTH_RATE_PER_MINUTE": "1"})
    answers = [limited.client.post(SIGN_IN, headers={"Origin": ALLOWED},
                                   json={"email": "nobody@example.com", "password": "wrong-password"})
               for _ in range(8)]  # burst 5 at 1 a minute: the 7th at the latest is refused
    refused = [r for r in answers if r.status_code == 429]
    assert refused, [r.status_code for r in answers]
    for r in answers:
        assert_cors(r)
    r = refused[0]
    assert r.json()["code"] == "TOO_MANY_REQUESTS" and r.headers["retry-after"] == "60", r.text
    # a preflight is not an attempt: it is answered even while the limit holds
    assert preflight(limited.client, SIGN_IN, ALLOWED, method="POST").status_code == 204


def test_get_session_without_a_session_is_null_with_cors(cors):
    r = cors.client.get(GET_SESSION, headers={"Origin": ALLOWED})
    assert r.status_code == 200 and r.json() is None, r.text
    assert_cors(r)


@pytest.mark.parametrize("page", ["/reset-password", "/verify-email"])
def test_the_pages_of_mailed_links_are_the_web_app(cors, page):
    index = cors.client.get("/")
    r = cors.client.get(page, params={"token": "abc"})
    assert r.status_code == 200, r.text
    assert r.text == index.text
    assert cors_headers(r) == {}


def test_nginx_unavailable_answer_carries_cors(server_factory):
    """The responder gone: nginx's own 502 (sent as its JSON answer) still carries CORS for an allowed origin."""
    srv = server_factory(extra_env={"CORS_ALLOWED_ORIGINS": ALLOWED}, nginx_settings={"CORS_ALLOWED_ORIGINS": ALLOWED})
    assert srv.stop_responder() == 0
    r = srv.client.get("/api/health", headers={"Origin": ALLOWED})
    assert r.status_code == 502 and r.json() == {"detail": "Service unavailable"}, r.text
    assert_cors(r)


@pytest.mark.parametrize("value", ["*", "https://a.example/", "https://a.example/app", "a.example",
                                   "https://a.example,https://*.example"])
def test_a_bad_origin_is_refused_by_the_binary_and_the_config_script(tmp_path, value):
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update({"TODO_SKIP_DOTENV": "1", "CORS_ALLOWED_ORIGINS": value})
    res = subprocess.run([str(TODO_FCGI_BIN), "config", "--shell"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=30)
    assert res.returncode != 0 and "CORS_ALLOWED_ORIGINS" in res.stderr, (res.returncode, res.stdout, res.stderr)
    assert "export" not in res.stdout
    res = subprocess.run(["bash", str(NGINX_CONF_SH)], cwd=tmp_path, capture_output=True, text=True, timeout=30,
                         env={**env, "NGINX_PREFIX": str(tmp_path / "nginx")})
    assert res.returncode == 2 and "CORS_ALLOWED_ORIGINS" in res.stderr, (res.returncode, res.stderr)


def test_the_config_script_renders_each_origin_exactly(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update({"TODO_SKIP_DOTENV": "1", "CORS_ALLOWED_ORIGINS": f"{ALLOWED}, {OTHER_ALLOWED}"})
    res = subprocess.run([str(TODO_FCGI_BIN), "config", "--shell"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=30)
    assert res.returncode == 0, res.stderr
    assert f"export CORS_ALLOWED_ORIGINS='{ALLOWED}, {OTHER_ALLOWED}'" in res.stdout.splitlines(), res.stdout
    res = subprocess.run(["bash", str(NGINX_CONF_SH)], cwd=tmp_path, capture_output=True, text=True, timeout=30,
                         env={**env, "NGINX_PREFIX": str(tmp_path / "nginx")})
    assert res.returncode == 0, res.stderr
    assert '"~^http://127\\.0\\.0\\.1:9$" "allow";' in res.stdout
    assert '"~^https://app\\.example$" "allow";' in res.stdout
    assert 'default "deny";' in res.stdout
