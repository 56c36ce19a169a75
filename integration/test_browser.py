"""The web app (nginx/html) in a real browser: headless Chromium and Debian's chromedriver, driven by Selenium,
through the real nginx and responder of the conftest fixtures.

- test_csp_header_on_the_app, test_no_inline_code_or_html_sinks: the page can live under the strict CSP.
- test_task_screen_by_keyboard: the task screen with a session whose token was minted here (no account
  routes needed): keyboard-only add/edit/toggle/sort/delete with undo, a delete interrupted by a reload, the
  XSS title shown as text with no dialog, a network outage that keeps what was typed, reload.
- test_account_journey: sign up, add three tasks, edit one, toggle one, filter, search, delete one, reload
  (still signed in, same tasks), sign out (refresh token revoked), wrong password, sign in again.
- test_second_user_in_a_fresh_profile_sees_nothing, test_expired_access_token_is_refreshed_once.
Every browser test ends by checking the console: no CSP violation, no JavaScript error, no failed request
except those the test provoked. Screenshots: integration/artifacts/screenshots/ on failure, and of the main
screens (desktop and 360 px) with SCREENSHOTS=1.
"""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid

import pytest
from selenium.webdriver.common.keys import Keys

from browser_support import App, new_driver
from conftest import WEB_ROOT

CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
XSS_TITLE = "<img src=x onerror=alert(1)>"
PASSWORD = "correct horse battery staple"


# ---------------------------------------------------------------------------------------------- fixtures

@pytest.fixture
def browsers(request, server):
    """open_app(name) -> App in a fresh browser profile on the server; all closed at the end. On failure,
    each open browser leaves a screenshot and its console log in integration/artifacts/screenshots/."""
    apps: list[App] = []
    failed_before = request.session.testsfailed

    def open_app(name: str) -> App:
        app = App(new_driver(), server.base_url, f"{request.node.name}-{name}")
        apps.append(app)
        return app

    yield open_app

    # The call phase has been reported by now, so a failure of the test is already counted.
    failed = request.session.testsfailed > failed_before
    for app in apps:
        try:
            if failed:
                app.shot("FAILED", force=True, phone=False)
                print(f"--- console of {app.name}:")
                for entry in app.read_console():
                    print(f"  [{entry.get('level')}] {entry.get('source')}: {entry.get('message')}")
        finally:
            app.driver.quit()


@pytest.fixture(scope="module")
def accounts(server):
    """The account routes must be there (the browser flows sign up and in through them)."""
    r = server.client.post("/api/auth/sign-in/email", json={"email": "probe@example.invalid", "password": "x" * 12})
    if r.status_code == 404:
        pytest.fail("the account routes (/api/auth/*) are not in the responder: POST /api/auth/sign-in/email "
                    "answered 404")
    return server


def unique_email(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


def http_sign_up(server, name: str, email: str | None = None) -> dict:
    email = email or unique_email(name.split()[0].lower())
    r = server.client.post("/api/auth/sign-up/email", json={"name": name, "email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    body = r.json()
    body["email"] = email
    return body


def server_tasks(server, user_id: str, token: str | None = None) -> list[dict]:
    r = server.client.get(f"/api/{user_id}/tasks", params={"sort": "-created", "limit": 1000},
                          headers={"Authorization": f"Bearer {token or server.token(user_id)}"})
    assert r.status_code == 200, r.text
    return r.json()


def server_task_status(server, user_id: str, task_id: int) -> int:
    return server.client.get(f"/api/{user_id}/tasks/{task_id}",
                             headers={"Authorization": f"Bearer {server.token(user_id)}"}).status_code


def assert_clean_console(app: App, allowed_network: tuple[str, ...] = ()):
    problems = app.console_problems(allowed_network)
    assert not problems, "browser console:\n" + "\n".join(problems)


def assert_no_dialog_and_xss_is_text(app: App):
    assert app.dialogs() == [], "a dialog fired"
    assert XSS_TITLE in app.titles()
    row = app.row(XSS_TITLE)
    assert row.find_element("css selector", ".task-title").text == XSS_TITLE
    assert app.js("return document.querySelectorAll('#task-list img, #snackbar img').length;") == 0


# ---------------------------------------------------------------------------------------------- static

def test_csp_header_on_the_app(server):
    for path in ("/", "/index.html", "/app.css", "/js/app.js", "/favicon.svg"):
        r = server.client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        assert r.headers.get("content-security-policy") == CSP, (path, r.headers)
        assert r.headers.get("x-content-type-options") == "nosniff", path
    r = server.client.get("/")
    assert r.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/js/app.js">' in r.text
    assert server.client.get("/js/app.js").headers["content-type"].startswith("application/javascript")


def test_no_inline_code_or_html_sinks():
    """What the CSP would block, and the ways API text could become markup, are absent from the sources."""
    html = (WEB_ROOT / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"<style\b", html), "<style> element"
    assert not re.search(r"\sstyle\s*=", html), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "inline event handler"
    assert "javascript:" not in html
    scripts = sorted((WEB_ROOT / "js").glob("*.js"))
    assert scripts
    for path in scripts:
        code = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        code = re.sub(r"(?m)^\s*//.*$", "", code)  # comments may name the sinks they avoid
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                     "setAttribute(\"style\"", "setAttribute('style'", "cssText"):
            assert sink not in code, f"{path.name} uses {sink}"


# ---------------------------------------------------------------------------------------------- task screen

def test_task_screen_by_keyboard(server, browsers):
    user_id = secrets.token_hex(16)  # 32 alphanumeric characters, like an issued user id
    session = {"token": server.token(user_id), "refresh_token": "not-used-in-this-test",
               "user": {"id": user_id, "name": "Kim Keyboard", "email": "kim@example.com"}}
    app = browsers("kim")
    app.set_session(json.dumps(session))
    app.wait_tasks_screen()
    app.wait_text("#empty", "No tasks yet", "the empty state")
    assert app.el("#user-name").text == "Kim Keyboard"
    assert app.js("return document.activeElement.id;") == "new-title", "the new-task field has focus"
    app.shot("tasks-empty")

    # Add three tasks with the keyboard only: Enter in the title; Tab, then Ctrl+Enter in the description.
    active = app.driver.switch_to.active_element
    active.send_keys(XSS_TITLE, Keys.ENTER)
    app.wait_titles([XSS_TITLE])
    app.driver.switch_to.active_element.send_keys("Buy milk", Keys.TAB)
    app.driver.switch_to.active_element.send_keys("2 litres, semi-skimmed", Keys.CONTROL, Keys.ENTER)
    app.wait_titles(["Buy milk", XSS_TITLE])
    app.driver.switch_to.active_element.send_keys("Call the plumber", Keys.ENTER)
    app.wait_titles(["Call the plumber", "Buy milk", XSS_TITLE])
    app.wait_text("#pending-count", r"^3 tasks left$")
    assert "2 litres, semi-skimmed" in app.row("Buy milk").text
    assert_no_dialog_and_xss_is_text(app)
    stored = {t["title"]: t for t in server_tasks(server, user_id)}
    assert set(stored) == {XSS_TITLE, "Buy milk", "Call the plumber"}
    assert stored["Buy milk"]["description"] == "2 litres, semi-skimmed"

    # Inline edit: Escape cancels (focus back on Edit), Enter saves.
    app.row("Buy milk").find_element("css selector", ".task-edit").send_keys(Keys.ENTER)
    app.wait(lambda d: "edit-title" in (d.switch_to.active_element.get_attribute("class") or ""),
             "the editor's title field did not get focus")
    app.driver.switch_to.active_element.send_keys(" and bread", Keys.ESCAPE)
    app.wait(lambda d: not app.visible("#task-list .task-editor"), "Escape did not close the editor")
    assert "task-edit" in app.driver.switch_to.active_element.get_attribute("class")
    assert "Buy milk" in app.titles()
    app.edit("Buy milk", "Buy oat milk")
    app.wait_titles(["Call the plumber", "Buy oat milk", XSS_TITLE])
    assert any(t["title"] == "Buy oat milk" for t in server_tasks(server, user_id))

    # Toggle with Space.
    app.toggle("Call the plumber")
    app.wait_text("#pending-count", r"^2 tasks left$")
    assert {t["title"]: t["completed"] for t in server_tasks(server, user_id)}["Call the plumber"] is True
    app.shot("tasks-three")

    # Sort.
    app.sort("title")
    app.wait_titles([XSS_TITLE, "Buy oat milk", "Call the plumber"], "sorted by title")
    app.sort("-title")
    app.wait_titles(["Call the plumber", "Buy oat milk", XSS_TITLE], "sorted by title, descending")
    app.sort("-created")
    app.wait_titles(["Call the plumber", "Buy oat milk", XSS_TITLE], "newest first")

    # Delete, then Undo: the task comes back and was never deleted on the server.
    app.delete("Buy oat milk")
    app.wait_text("#pending-count", r"^1 task left$")
    app.shot("undo-snackbar")
    app.undo()
    app.wait_titles(["Call the plumber", "Buy oat milk", XSS_TITLE], "after Undo")
    milk_id = next(t["id"] for t in server_tasks(server, user_id) if t["title"] == "Buy oat milk")
    assert server_task_status(server, user_id, milk_id) == 200

    # Delete, then reload inside the undo window: the delete still happens.
    app.delete("Buy oat milk")
    app.driver.refresh()
    app.wait_tasks_screen()
    app.wait_titles(["Call the plumber", XSS_TITLE], "after a reload during the undo window")
    app.wait(lambda d: server_task_status(server, user_id, milk_id) == 404,
             "the delete was not sent when the page went away")
    assert_no_dialog_and_xss_is_text(app)

    # Network down: a non-blocking message, and what was typed stays.
    app.driver.execute_cdp_cmd("Network.enable", {})
    app.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        app.type_into("#new-title", "Written while offline").send_keys(Keys.ENTER)
        app.wait_text("#add-error", "Can't reach the server", "the network error")
        assert app.el("#new-title").get_attribute("value") == "Written while offline"
        app.shot("offline", phone=False)
    finally:
        app.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    app.el("#new-title").send_keys(Keys.ENTER)
    app.wait_titles(["Written while offline", "Call the plumber", XSS_TITLE], "after the network came back")
    assert app.el("#add-error").text == ""

    # Reload: same tasks as the server has.
    app.driver.refresh()
    app.wait_tasks_screen()
    expected = [t["title"] for t in server_tasks(server, user_id)]
    app.wait_titles(expected, "after reload")
    assert_no_dialog_and_xss_is_text(app)
    assert_clean_console(app, allowed_network=("ERR_INTERNET_DISCONNECTED",))


# ---------------------------------------------------------------------------------------------- accounts

def test_account_journey(accounts, browsers):
    server = accounts
    taken = http_sign_up(server, "Taken Person")
    duplicate = server.client.post("/api/auth/sign-up/email",
                                   json={"name": "x", "email": taken["email"], "password": PASSWORD})
    assert duplicate.status_code == 422, duplicate.text
    duplicate_message = duplicate.json()["message"]

    app = browsers("ada")
    app.open("/")
    app.wait_auth_screen()
    app.shot("sign-in")

    # Sign-up mistakes: a short password is caught here; an email in use is the API's message.
    app.choose_mode("signup")
    app.fill_auth(unique_email("ada"), "short", name="Ada Lovelace")
    app.submit_auth()
    app.wait_text("#auth-password-error", "at least 8")
    app.fill_auth(taken["email"], PASSWORD, name="Ada Lovelace")
    app.submit_auth()
    app.wait_text("#auth-email-error", re.escape(duplicate_message), "the API's message for a taken email")
    app.shot("sign-up-error")

    email = unique_email("ada")
    app.sign_up("Ada Lovelace", email, PASSWORD)
    app.wait_text("#tasks-title", "Welcome, Ada")
    assert app.el("#user-name").text == "Ada Lovelace"
    session = json.loads(app.storage("todo.session"))
    user_id = session["user"]["id"]
    assert re.fullmatch(r"[A-Za-z0-9]{32}", user_id)

    # Three tasks, one edit, one toggle.
    app.add("Buy milk")
    app.add("Write report", "Quarterly numbers")
    app.add("Water the plants")
    app.wait_titles(["Water the plants", "Write report", "Buy milk"])
    app.edit("Write report", "Write the report")
    app.toggle("Buy milk")
    app.wait_text("#pending-count", r"^2 tasks left$")
    app.shot("tasks")

    # Filter.
    app.filter("pending")
    app.wait_titles(["Water the plants", "Write the report"], "pending")
    app.filter("completed")
    app.wait_titles(["Buy milk"], "completed")
    app.filter("all")
    app.wait_titles(["Water the plants", "Write the report", "Buy milk"], "all")

    # Search (debounced, server-side q=); description text matches too.
    app.search("MILK")
    app.wait_titles(["Buy milk"], "search for MILK")
    app.search("quarterly")
    app.wait_titles(["Write the report"], "search in descriptions")
    app.search("no such thing")
    app.wait_text("#empty", "No tasks match")
    app.shot("search-empty", phone=False)
    app.search("")
    app.wait_titles(["Water the plants", "Write the report", "Buy milk"], "search cleared")

    # Delete one; closing the snackbar ends the undo window and sends the DELETE.
    plants_id = next(t["id"] for t in server_tasks(server, user_id, session["token"])
                     if t["title"] == "Water the plants")
    app.delete("Water the plants")
    app.dismiss_snackbar()
    app.wait(lambda d: server.client.get(
        f"/api/{user_id}/tasks/{plants_id}",
        headers={"Authorization": f"Bearer {json.loads(app.storage('todo.session'))['token']}"}).status_code == 404,
        "the delete did not reach the server")

    # Reload: still signed in, same tasks.
    app.driver.refresh()
    app.wait_tasks_screen()
    app.wait_titles(["Write the report", "Buy milk"], "after reload")
    assert app.el("#user-name").text == "Ada Lovelace"

    # Sign out: the refresh token is revoked and nothing is left in storage.
    refresh_token = json.loads(app.storage("todo.session"))["refresh_token"]
    app.sign_out()
    app.wait_text("#auth-notice", "signed out")
    assert app.storage("todo.session") is None
    r = server.client.post("/api/auth/refresh", json={"refresh_token": refresh_token})
    assert r.status_code == 401, r.text
    app.shot("signed-out", phone=False)

    # A wrong password shows the API's message; the right one brings the same tasks back.
    app.choose_mode("signin")
    app.fill_auth(email, "not the password")
    app.submit_auth()
    wrong = server.client.post("/api/auth/sign-in/email", json={"email": email, "password": "not the password"})
    app.wait_text("#auth-error", re.escape(wrong.json()["message"]), "the wrong-password message")
    app.sign_in(email, PASSWORD)
    app.wait_titles(["Write the report", "Buy milk"], "after signing in again")
    assert_clean_console(app, allowed_network=("status of 422", "status of 401"))


def test_second_user_in_a_fresh_profile_sees_nothing(accounts, browsers):
    server = accounts
    first = http_sign_up(server, "First User")
    first_titles = [f"first-secret-{uuid.uuid4().hex[:6]}", f"first-private-{uuid.uuid4().hex[:6]}"]
    for title in first_titles:
        r = server.client.post(f"/api/{first['user']['id']}/tasks", json={"title": title},
                               headers={"Authorization": f"Bearer {first['token']}"})
        assert r.status_code == 201, r.text

    app = browsers("second")
    app.open("/")
    app.wait_auth_screen()
    app.sign_up("Second User", unique_email("second"), PASSWORD)
    app.wait_text("#empty", "No tasks yet")
    assert app.titles() == []
    app.search("first-")
    app.wait_text("#empty", "No tasks match")
    assert app.titles() == []
    for title in first_titles:
        assert title not in app.driver.page_source
    session = json.loads(app.storage("todo.session"))
    assert session["user"]["id"] != first["user"]["id"]
    assert_clean_console(app)


def test_expired_access_token_is_refreshed_once(accounts, browsers):
    server = accounts
    account = http_sign_up(server, "Rita Refresh")
    user = account["user"]
    r = server.client.post(f"/api/{user['id']}/tasks", json={"title": "Survives a refresh"},
                           headers={"Authorization": f"Bearer {account['token']}"})
    assert r.status_code == 201, r.text
    expired = server.token(user["id"], exp=int(time.time()) - 3600)

    # An expired access token with a good refresh token: one refresh, the retry succeeds.
    app = browsers("rita")
    app.set_session(json.dumps({"token": expired, "refresh_token": account["refresh_token"], "user": user}))
    app.wait_tasks_screen()
    app.wait_titles(["Survives a refresh"])
    stored = json.loads(app.storage("todo.session"))
    assert stored["token"] != expired
    assert stored["refresh_token"] != account["refresh_token"], "the refresh token was rotated"

    # The refresh token is spent now: back to sign-in with a message, storage cleared.
    app.set_session(json.dumps({"token": expired, "refresh_token": account["refresh_token"], "user": user}))
    app.wait_auth_screen()
    app.wait_text("#auth-notice", "session has ended")
    assert app.storage("todo.session") is None
    assert app.el("#auth-email").get_attribute("value") == user["email"]
    app.shot("session-ended", phone=False)
    assert_clean_console(app, allowed_network=("status of 401",))


def test_alert_would_be_caught(server, browsers):
    """The dialog spy works: without it, test_task_screen_by_keyboard could not see an alert."""
    app = browsers("spy")
    app.open("/")
    app.wait_auth_screen()
    app.js("alert('probe');")
    assert app.dialogs() == [["alert", "probe"]]
