"""/api/docs (Swagger UI) and /api/redoc (ReDoc) over plain HTTP, through the real nginx of the conftest fixtures:
the pages, their own CSP (the web app's is unchanged), the vendored files.
The browser side is test_browser_docs.py."""

from __future__ import annotations

import subprocess

import pytest

from conftest import REPO_ROOT

# The web app's CSP, as nginx/snippets/todo-fcgi-api.conf has always sent it: these pages must not change it.
APP_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


@pytest.fixture(scope="module", autouse=True)
def docs_assets():
    """The Swagger UI and ReDoc files, fetched from the pinned drf-spectacular-sidecar wheel when missing."""
    res = subprocess.run([str(REPO_ROOT / "scripts" / "docs-assets.sh")], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, f"scripts/docs-assets.sh failed: {res.stderr}"


def csp_directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path, script", [("/api/docs", "swagger-init.js"), ("/api/docs/", "swagger-init.js"),
                                          ("/api/redoc", "redoc-init.js")])
def test_docs_pages_are_served_with_a_csp_of_their_own(client, path, script):
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert f'<script src="/api/docs/{script}">' in r.text
    assert "<script>" not in r.text and "style=" not in r.text  # nothing inline: script-src 'self' holds
    csp = r.headers["content-security-policy"]
    assert csp != APP_CSP
    d = csp_directives(csp)
    assert d["default-src"] == "default-src 'none'"
    assert d["script-src"] == "script-src 'self'"
    assert d["connect-src"] == "connect-src 'self'"
    assert d["frame-ancestors"] == "frame-ancestors 'none'"
    assert d["object-src"] == "object-src 'none'" and d["base-uri"] == "base-uri 'none'"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    if path == "/api/redoc":
        # the two relaxations ReDoc needs, and no more
        assert d["style-src"] == "style-src 'self' 'unsafe-inline'"
        assert d["worker-src"] == "worker-src blob:"
    else:
        assert d["style-src"] == "style-src 'self'"
        assert "worker-src" not in d


@pytest.mark.parametrize("path", ["/", "/index.html", "/reset-password", "/verify-email"])
def test_the_web_app_keeps_its_csp(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == APP_CSP


@pytest.mark.parametrize("name, marker", [("swagger-ui-bundle.js", "SwaggerUIBundle"),
                                          ("swagger-ui.css", ".swagger-ui"),
                                          ("redoc.standalone.js", "Redoc"),
                                          ("favicon-32x32.png", "PNG")])
def test_vendored_files_are_served(client, name, marker):
    r = client.get(f"/api/docs/vendor/{name}")
    assert r.status_code == 200
    assert marker.encode() in r.content[:2_000_000]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_the_docs_answer_get_only_and_unknown_files_404(client):
    r = client.post("/api/docs")
    assert r.status_code == 405
    assert r.headers["allow"] == "GET"
    assert client.get("/api/docs/vendor/nothing-here.js").status_code == 404


def test_a_user_called_docs_keeps_the_paths_under_api_docs(server, client):
    """Only the pages and their files are nginx's: /api/docs/tasks is the task list of the user "docs"."""
    headers = server.auth("docs")
    r = client.post("/api/docs/tasks", json={"title": "mine"}, headers=headers)
    assert r.status_code == 201, r.text
    r = client.get("/api/docs/tasks", headers=headers)
    assert r.status_code == 200
    assert [t["title"] for t in r.json()] == ["mine"]
    assert client.get("/api/docs/tasks").status_code == 401
