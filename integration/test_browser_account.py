"""The account screen and the client-side parts of password reset, in headless Chromium (see test_browser.py
for the harness: real nginx and responder, fresh browser profile per App, console checked at the end).

- test_name_and_password: the screen is reached from the name in the top bar; a new name shows in the top bar;
  a wrong current password is explained; changing the password with "Sign out my other devices" ends a second
  session (made with httpx) at once, access and refresh token alike, while this browser stays signed in.
- test_sessions_sign_out_one_and_everywhere: two sessions, "This device" on one; Sign out of the other removes
  it (and its refresh token dies); Sign out everywhere goes back to sign-in and ends every session.
- test_delete_account: a wrong password is explained; the right one goes back to sign-up and sign-in fails.
- test_account_by_keyboard_at_360px: every control of the screen reached with Tab, labelled, and nothing wider
  than a 360 px screen.
- test_reset_pages_client_side: ?error=INVALID_TOKEN, mismatched and short new passwords, the forgot-password
  form reached from sign-in (its submission needs the reset routes: test_browser_reset.py).
"""

from __future__ import annotations

import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_support import PHONE, App
from test_browser import (PASSWORD, accounts, assert_clean_console, browsers,  # noqa: F401 (fixtures)
                          http_sign_up)

NEW_PASSWORD = "a brand new passphrase 42"


def sign_in_http(server, email: str, password: str = PASSWORD) -> dict:
    r = server.client.post("/api/auth/sign-in/email", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return r.json()


def tasks_status(server, user_id: str, token: str) -> int:
    return server.client.get(f"/api/{user_id}/tasks", headers={"Authorization": f"Bearer {token}"}).status_code


def refresh_status(server, refresh_token: str) -> int:
    return server.client.post("/api/auth/refresh", json={"refresh_token": refresh_token}).status_code


def signed_in_app(server, browsers, tag: str, name: str) -> tuple[App, dict]:  # noqa: F811
    account = http_sign_up(server, name)
    # Sign-up started a session of its own: end it, so that the browser's is the only one.
    r = server.client.post("/api/auth/sign-out", json={"refresh_token": account["refresh_token"]},
                           headers={"Authorization": f"Bearer {account['token']}"})
    assert r.status_code == 200, r.text
    app = browsers(tag)
    app.open("/")
    app.wait_auth_screen()
    app.sign_in(account["email"], PASSWORD)
    return app, account


def open_account(app: App):
    app.el("#account-open").send_keys(Keys.ENTER)
    app.wait_visible("#account-screen", "the account screen")
    app.wait(lambda d: app.js("return document.activeElement.id;") == "account-title", "focus on the heading")
    wait_sessions(app)


def wait_sessions(app: App, count: int | None = None):
    app.wait(lambda d: app.js("return document.getElementById('session-list').getAttribute('aria-busy');") == "false"
             and (count is None or len(sessions(app)) == count),
             f"the sessions list never showed {count} sessions: {sessions(app)}")


def sessions(app: App) -> list[dict]:
    return app.js("return Array.from(document.querySelectorAll('#session-list li.session')).map(li => ({"
                  " device: li.querySelector('.session-name').textContent,"
                  " current: !li.querySelector('.session-current').hidden,"
                  " meta: li.querySelector('.session-meta').textContent,"
                  " button: !!li.querySelector('.session-revoke')}));")


def stored(app: App) -> dict | None:
    raw = app.storage("todo.session")
    return json.loads(raw) if raw else None


# ---------------------------------------------------------------------------------------------- name, password

def test_name_and_password(accounts, browsers):  # noqa: F811
    server = accounts
    app, account = signed_in_app(server, browsers, "ada", "Ada Lovelace")
    user_id = account["user"]["id"]
    other = sign_in_http(server, account["email"])  # a second device
    assert tasks_status(server, user_id, other["token"]) == 200

    open_account(app)
    assert app.el("#account-name").get_attribute("value") == "Ada Lovelace"
    app.shot("account")

    # The name: Enter in the field saves it; the top bar shows it once back.
    app.type_into("#account-name", "Ada King").send_keys(Keys.ENTER)
    app.wait_text("#name-status", "Name saved")
    assert stored(app)["user"]["name"] == "Ada King"
    r = server.client.get("/api/auth/get-session", headers={"Authorization": f"Bearer {stored(app)['token']}"})
    assert r.json()["user"]["name"] == "Ada King", r.text
    app.el("#account-back").click()
    app.wait_tasks_screen()
    app.wait_text("#user-name", "^Ada King$")
    assert app.js("return document.activeElement.id;") == "account-open", "focus back on the account button"

    # A wrong current password is said in plain words, on the field.
    open_account(app)
    app.type_into("#current-password", "not my password")
    app.type_into("#new-password", NEW_PASSWORD).send_keys(Keys.ENTER)
    app.wait_text("#current-password-error", "The current password is wrong")
    assert app.el("#current-password").get_attribute("aria-invalid") == "true"
    assert app.el("#revoke-others").is_selected(), "Sign out my other devices is ticked by default"

    # The right one, other devices signed out: the other session is dead at once, this one lives on.
    before = stored(app)
    app.type_into("#current-password", PASSWORD)
    app.type_into("#new-password", NEW_PASSWORD).send_keys(Keys.ENTER)
    app.wait_text("#password-status", "Password changed")
    after = stored(app)
    assert after["token"] != before["token"] and after["refresh_token"] != before["refresh_token"]
    assert tasks_status(server, user_id, other["token"]) == 401
    assert refresh_status(server, other["refresh_token"]) == 401
    assert tasks_status(server, user_id, after["token"]) == 200
    wait_sessions(app, 1)
    assert sessions(app)[0]["current"] is True

    app.driver.refresh()
    app.wait_tasks_screen()
    app.wait_text("#user-name", "^Ada King$")
    assert sign_in_http(server, account["email"], NEW_PASSWORD)["user"]["id"] == user_id
    assert_clean_console(app, allowed_network=("status of 400",))


# ---------------------------------------------------------------------------------------------- sessions

def test_sessions_sign_out_one_and_everywhere(accounts, browsers):  # noqa: F811
    server = accounts
    app, account = signed_in_app(server, browsers, "sam", "Sam Sessions")
    other = sign_in_http(server, account["email"])
    open_account(app)
    wait_sessions(app, 2)
    listed = sessions(app)
    assert [s["current"] for s in listed] == [True, False], listed
    assert listed[0]["device"] == "Chrome on Linux", listed
    assert listed[1]["device"] == "python-httpx", listed
    assert not listed[0]["button"] and listed[1]["button"], "Sign out is offered for the other session only"
    assert "Started" in listed[0]["meta"] and "last used" in listed[0]["meta"]
    assert app.el("#session-list .session-current").text == "This device"

    # Sign out of the other one, by keyboard.
    app.el("#session-list .session-revoke").send_keys(Keys.ENTER)
    wait_sessions(app, 1)
    app.wait_text("#sessions-status", "python-httpx has been signed out")
    assert sessions(app)[0]["current"] is True
    assert refresh_status(server, other["refresh_token"]) == 401
    assert tasks_status(server, account["user"]["id"], stored(app)["token"]) == 200

    # Sign out everywhere: back to sign-in, nothing stored, every session over.
    third = sign_in_http(server, account["email"])
    mine = stored(app)
    app.el("#revoke-all").click()
    app.wait_auth_screen()
    app.wait_text("#auth-notice", "signed out on all your devices")
    assert stored(app) is None
    assert refresh_status(server, third["refresh_token"]) == 401
    assert refresh_status(server, mine["refresh_token"]) == 401
    assert tasks_status(server, account["user"]["id"], third["token"]) == 401
    assert_clean_console(app)


# ---------------------------------------------------------------------------------------------- delete

def test_delete_account(accounts, browsers):  # noqa: F811
    server = accounts
    app, account = signed_in_app(server, browsers, "dee", "Dee Delete")
    open_account(app)
    assert "can't be undone" in app.el("#delete-warning").text

    app.type_into("#delete-password", "not my password").send_keys(Keys.ENTER)
    app.wait_text("#delete-password-error", "The password is wrong")
    assert stored(app) is not None

    app.type_into("#delete-password", PASSWORD).send_keys(Keys.ENTER)
    app.wait_auth_screen()
    app.wait(lambda d: app.visible("#name-field"), "back to sign-up")
    app.wait_text("#auth-notice", "account and all your tasks have been deleted")
    assert app.el("#mode-signup").get_attribute("aria-pressed") == "true"
    assert stored(app) is None
    r = server.client.post("/api/auth/sign-in/email", json={"email": account["email"], "password": PASSWORD})
    assert r.status_code == 401, r.text
    assert_clean_console(app, allowed_network=("status of 400",))


# ---------------------------------------------------------------------------------------------- keyboard, 360 px

CONTROLS = ["account-back", "account-name", "name-submit", "current-password", "new-password", "revoke-others",
            "password-submit", "revoke-all", "delete-password", "delete-submit"]


def test_account_by_keyboard_at_360px(accounts, browsers):  # noqa: F811
    server = accounts
    app, account = signed_in_app(server, browsers, "kai", "Kai Keyboard")
    sign_in_http(server, account["email"])  # so that a per-session Sign out button is there
    app.driver.set_window_size(*PHONE)
    app.wait(lambda d: app.js("return window.innerWidth;") <= PHONE[0], "the window did not shrink")

    # The name in the top bar is reached with the keyboard (Shift+Tab from the new-task field, which has focus),
    # and Enter opens the screen.
    assert app.js("return document.activeElement.id;") == "new-title"
    for _ in range(4):
        if app.js("return document.activeElement.id;") == "account-open":
            break
        app.driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
    assert app.js("return document.activeElement.id;") == "account-open"
    app.driver.switch_to.active_element.send_keys(Keys.ENTER)
    app.wait_visible("#account-screen", "the account screen")
    wait_sessions(app, 2)
    app.shot("account-360", phone=False)

    # Focus is on the heading: Shift+Tab reaches Back, then Tab walks through every control, in order, and each
    # has a visible label or text.
    assert app.js("return document.activeElement.id;") == "account-title"
    app.driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
    assert app.js("return document.activeElement.id;") == "account-back"
    seen = ["account-back"]
    for _ in range(40):
        app.driver.switch_to.active_element.send_keys(Keys.TAB)
        active = app.js("const a = document.activeElement; return a.id || (a.classList.contains('session-revoke')"
                        " ? 'session-revoke' : a.tagName);")
        if active not in seen:
            seen.append(active)
        if active == "delete-submit":
            break
    expected = CONTROLS[:7] + ["session-revoke"] + CONTROLS[7:]
    assert [s for s in seen if s in expected] == expected, f"Tab order: {seen}"
    names = app.js("return arguments[0].map(id => { const e = document.getElementById(id);"
                   " const l = e.labels && e.labels[0]; return (l ? l.textContent : e.textContent).trim(); });",
                   CONTROLS)
    assert all(names), dict(zip(CONTROLS, names))
    assert app.el(".session-revoke").get_attribute("aria-label").startswith("Sign out python-httpx")
    assert app.el("#account-open").get_attribute("aria-label") is None  # its name is its text: "Your account: Kai…"
    assert "Kai Keyboard" in app.js("return document.getElementById('account-open').textContent;")

    # Nothing is wider than the screen, and the buttons are big enough to touch.
    overflow = app.js("return document.documentElement.scrollWidth - window.innerWidth;")
    wide = app.js("return Array.from(document.querySelectorAll('#account-screen *'))"
                  ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
                  ".map(e => e.id || e.className || e.tagName);")
    assert overflow <= 0 and not wide, f"the page is {overflow}px wider than the screen: {wide}"
    small = app.js("return arguments[0].map(id => [id, document.getElementById(id).getBoundingClientRect()])"
                   ".filter(([id, r]) => id.endsWith('submit') && (r.height < 40 || r.right > window.innerWidth))"
                   ".map(([id]) => id);", CONTROLS)
    assert small == [], small

    # Escape goes back to the tasks.
    app.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    app.wait_tasks_screen()
    assert_clean_console(app)


# ---------------------------------------------------------------------------------------------- reset, client side

def test_reset_pages_client_side(server, browsers):  # noqa: F811
    app = browsers("rex")

    # The mail's link, already spent: a clear message and a way to ask for a new one.
    app.open("/reset-password?error=INVALID_TOKEN")
    app.wait_text("#reset-invalid-text", "This link has expired or was already used")
    assert app.js("return document.activeElement.id;") == "reset-request-new"
    app.shot("reset-invalid")
    app.driver.switch_to.active_element.send_keys(Keys.ENTER)
    app.wait_visible("#forgot-form", "the forgot-password form")
    assert app.js("return document.activeElement.id;") == "forgot-email"

    # A link with a token: the two passwords must match and be 8 to 128 characters; nothing is sent before.
    app.open("/reset-password?token=abcdefghijklmnopqrstuvwxyz")
    app.wait_visible("#reset-form", "the new-password form")
    assert app.js("return document.activeElement.id;") == "reset-password"
    app.type_into("#reset-password", "short")
    app.type_into("#reset-confirm", "short").send_keys(Keys.ENTER)
    app.wait_text("#reset-password-error", "at least 8")
    app.type_into("#reset-password", NEW_PASSWORD)
    app.type_into("#reset-confirm", NEW_PASSWORD + "!").send_keys(Keys.ENTER)
    app.wait_text("#reset-confirm-error", "don't match")
    assert app.el("#reset-password-error").text == ""
    assert app.js("return document.activeElement.id;") == "reset-confirm"
    app.shot("reset-mismatch")

    # From the sign-in screen: "Forgot password?" opens the email form with the email typed there.
    app.open("/")
    app.wait_auth_screen()
    app.choose_mode("signin")
    app.type_into("#auth-email", "someone@example.com")
    app.el("#forgot-open").send_keys(Keys.ENTER)
    app.wait_visible("#forgot-form", "the forgot-password form")
    assert app.el("#forgot-email").get_attribute("value") == "someone@example.com"
    app.type_into("#forgot-email", "not an email").send_keys(Keys.ENTER)
    app.wait_text("#forgot-email-error", "doesn't look right")
    app.el("#reset-back").click()
    app.wait_auth_screen()
    app.choose_mode("signup")
    assert not app.visible("#forgot-open"), "Forgot password? belongs to sign-in only"
    assert app.driver.find_elements(By.CSS_SELECTOR, "#reset-screen:not([hidden])") == []
    assert_clean_console(app)
