"""Password reset in headless Chromium, end to end: NEEDS the reset routes (POST /api/auth/request-password-reset,
POST /api/auth/reset-password; see /work/shared/API.md, "Accounts" and "Mail"). Until they are in the responder
these tests fail (the request answers 404); nothing here is skipped.

The responder of this module has APP_URL set (mail routes on) and MAIL_COMMAND pointing at a script that appends
each message to a file, so the reset link is read from the mail the responder sent.

- test_forgot_password_shows_the_neutral_message: the form reached from sign-in shows the answer's message, the
  same for an unknown email; a mail goes out for the known one only.
- test_reset_with_the_mailed_link: the link's page sets a new password, sends the user to sign-in with a message,
  the new password works and the old one no longer does; the same link again is "expired or was already used",
  with a way to request a new one.
- test_reset_with_an_unknown_token: the API's 400 INVALID_TOKEN is shown in plain words.
"""

from __future__ import annotations

import quopri
import re
import stat

import pytest
from selenium.webdriver.common.keys import Keys

from test_browser import (PASSWORD, accounts, assert_clean_console, browsers,  # noqa: F401 (fixtures)
                          http_sign_up, unique_email)

NEW_PASSWORD = "a brand new passphrase 42"


@pytest.fixture(scope="module")
def server(server_factory, tmp_path_factory):
    """Overrides conftest's server for this module: mail enabled, every message appended to mailbox.txt."""
    tmp = tmp_path_factory.mktemp("mail")
    mailbox = tmp / "mailbox.txt"
    script = tmp / "fake-sendmail"
    script.write_text(f"#!/bin/sh\n{{ cat; printf '\\n--END--\\n'; }} >> '{mailbox}'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    srv = server_factory(extra_env={"APP_URL": "http://127.0.0.1", "MAIL_COMMAND": str(script),
                                    "MAIL_FROM": "no-reply@example.com"})
    srv.mailbox = mailbox
    return srv


def mails(server) -> list[str]:
    if not server.mailbox.exists():
        return []
    return [m for m in server.mailbox.read_text().split("\n--END--\n") if m.strip()]


def reset_token(mail: str, client) -> str:
    """The token the mailed link leads to: with redirectTo, the link is Better Auth's GET route, which answers 302
    to /reset-password?token=…, as a browser following it would see."""
    text = quopri.decodestring(mail.encode()).decode("utf-8", "replace") if "=3D" in mail else mail
    found = re.search(r"^http://127\.0\.0\.1(/api/auth/reset-password/[A-Za-z0-9]+\?callbackURL=\S+)$", text, re.M)
    assert found, f"no reset link in the mail:\n{mail}"
    answer = client.get(found.group(1))
    assert answer.status_code == 302, answer.text
    location = re.fullmatch(r"/reset-password\?token=([A-Za-z0-9]+)", answer.headers["location"])
    assert location, answer.headers
    return location.group(1)


def ask_for_link(app, email: str) -> str:
    app.open("/")
    app.wait_auth_screen()
    app.choose_mode("signin")
    app.type_into("#auth-email", email)
    app.el("#forgot-open").send_keys(Keys.ENTER)
    app.wait_visible("#forgot-form", "the forgot-password form")
    assert app.el("#forgot-email").get_attribute("value") == email
    app.el("#forgot-email").send_keys(Keys.ENTER)
    return app.wait_text("#forgot-done", "check your email", "the neutral message")


def test_forgot_password_shows_the_neutral_message(accounts, browsers):  # noqa: F811
    server = accounts
    account = http_sign_up(server, "Fay Forgot")
    expected = server.client.post("/api/auth/request-password-reset",
                                  json={"email": unique_email("nobody"), "redirectTo": "/reset-password"})
    assert expected.status_code == 200, expected.text
    before = len(mails(server))

    app = browsers("fay")
    assert ask_for_link(app, account["email"]) == expected.json()["message"]
    app.wait(lambda d: len(mails(server)) == before + 1, "no mail was sent")
    assert account["email"] in mails(server)[-1]
    app.shot("forgot-sent")

    # An unknown email gets the very same answer, and no mail.
    assert ask_for_link(app, unique_email("unknown")) == expected.json()["message"]
    assert len(mails(server)) == before + 1
    assert_clean_console(app)


def test_reset_with_the_mailed_link(accounts, browsers):  # noqa: F811
    server = accounts
    account = http_sign_up(server, "Rae Reset")
    before = len(mails(server))
    app = browsers("rae")
    ask_for_link(app, account["email"])
    app.wait(lambda d: len(mails(server)) > before, "no mail was sent")
    token = reset_token(mails(server)[-1], server.client)

    app.open(f"/reset-password?token={token}")
    app.wait_visible("#reset-form", "the new-password form")
    app.type_into("#reset-password", NEW_PASSWORD)
    app.type_into("#reset-confirm", NEW_PASSWORD).send_keys(Keys.ENTER)
    app.wait_auth_screen()
    app.wait_text("#auth-notice", "password has been changed")
    assert app.js("return location.pathname;") == "/", "the spent link's address is left"

    old = server.client.post("/api/auth/sign-in/email", json={"email": account["email"], "password": PASSWORD})
    assert old.status_code == 401, old.text
    assert server.client.post("/api/auth/refresh", json={"refresh_token": account["refresh_token"]}).status_code == 401
    app.sign_in(account["email"], NEW_PASSWORD)

    # The same link again: spent.
    app.open(f"/reset-password?token={token}")
    app.wait_visible("#reset-form", "the new-password form")
    app.type_into("#reset-password", NEW_PASSWORD + " again")
    app.type_into("#reset-confirm", NEW_PASSWORD + " again").send_keys(Keys.ENTER)
    app.wait_text("#reset-invalid-text", "This link has expired or was already used")
    app.el("#reset-request-new").send_keys(Keys.ENTER)
    app.wait_visible("#forgot-form", "the forgot-password form")
    assert_clean_console(app, allowed_network=("status of 400",))


def test_reset_with_an_unknown_token(accounts, browsers):  # noqa: F811
    app = browsers("uno")
    app.open("/reset-password?token=thisisnotatokenthisisnotatoken")
    app.wait_visible("#reset-form", "the new-password form")
    app.type_into("#reset-password", NEW_PASSWORD)
    app.type_into("#reset-confirm", NEW_PASSWORD).send_keys(Keys.ENTER)
    app.wait_text("#reset-invalid-text", "This link has expired or was already used")
    assert app.js("return document.activeElement.id;") == "reset-request-new"
    assert_clean_console(app, allowed_network=("status of 400",))
