"""CORS as a browser lives it: a small page served from another loopback origin (a Python http.server) fetches
/api/{user}/tasks from the real nginx + responder with a Bearer token (so Chromium sends a preflight first) and
shows the tasks. From an origin in CORS_ALLOWED_ORIGINS it works; from another, the browser refuses the answer."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from accounts_support import Account
from browser_support import new_driver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>cross-origin tasks</title></head>
<body>
<p id="state">loading</p>
<ul id="tasks"></ul>
<script>
const params = new URLSearchParams(location.hash.slice(1));
fetch(params.get("api") + "/api/" + params.get("user") + "/tasks",
      {headers: {"Authorization": "Bearer " + params.get("token")}})
  .then(async (r) => {
    const tasks = await r.json();
    for (const t of tasks) {
      const li = document.createElement("li");
      li.textContent = t.title;
      document.getElementById("tasks").append(li);
    }
    document.getElementById("state").textContent = "loaded " + r.status + " " + r.headers.get("X-Request-Id");
  })
  .catch((e) => { document.getElementById("state").textContent = "failed: " + e.name; });
</script>
</body></html>
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def page_servers(tmp_path_factory):
    """Two static servers of the page on 127.0.0.1, each its own origin: (allowed, refused)."""
    root = tmp_path_factory.mktemp("cors-page")
    (root / "page.html").write_text(PAGE)
    handler = functools.partial(_Quiet, directory=str(root))
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) for _ in range(2)]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for t in threads:
        t.start()
    yield [f"http://127.0.0.1:{s.server_address[1]}" for s in servers]
    for s in servers:
        s.shutdown()
        s.server_close()


@pytest.fixture(scope="module")
def driver():
    d = new_driver()
    yield d
    d.quit()


def open_page(driver, page_origin: str, api: str, account: Account) -> str:
    token = account.headers["Authorization"].split(" ", 1)[1]
    driver.get(f"{page_origin}/page.html#api={api}&user={account.id}&token={token}")
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "state").text != "loading")
    return driver.find_element(By.ID, "state").text


def test_a_page_of_an_allowed_origin_shows_the_tasks_and_another_cannot(server_factory, page_servers, driver):
    allowed, refused = page_servers
    srv = server_factory(extra_env={"CORS_ALLOWED_ORIGINS": allowed},
                         nginx_settings={"CORS_ALLOWED_ORIGINS": allowed})
    account = Account(srv.client)
    for title in ("first from afar", "second from afar"):
        r = srv.client.post(account.tasks_path(), headers=account.headers, json={"title": title})
        assert r.status_code == 201, r.text

    state = open_page(driver, allowed, srv.base_url, account)
    assert state.startswith("loaded 200 "), state
    assert state.split()[-1] != "null", "X-Request-Id is exposed to the page"
    titles = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#tasks li")]
    assert sorted(titles) == ["first from afar", "second from afar"], titles

    driver.get_log("browser")  # drop what came before
    state = open_page(driver, refused, srv.base_url, account)
    assert state == "failed: TypeError", state  # the browser's CORS refusal
    messages = [entry["message"] for entry in driver.get_log("browser")]
    assert any("CORS policy" in m for m in messages), messages
    assert driver.find_elements(By.CSS_SELECTOR, "#tasks li") == []
