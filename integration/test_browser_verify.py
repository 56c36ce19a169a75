"""Email verification in headless Chromium (REQUIRE_EMAIL_VERIFICATION=1), with real mail: the responder's
MAIL_COMMAND is scripts/dev-mail.sh (what `make run` uses) and each link is read from the message in its spool.

- test_sign_up_check_inbox_send_again_and_verify: sign-up lands on "Check your inbox"; "Send again" (by keyboard)
  mails a second link; the link's page says it worked and signs in; the task list follows; the same link again
  says the address is verified already and signs nobody in.
- test_sign_in_before_verifying_offers_a_new_link: a sign-in refused as EMAIL_NOT_VERIFIED shows the same screen.
- test_an_expired_or_made_up_link_asks_for_a_new_one: plain words for each, and a form for a new link.
- test_verify_screens_by_keyboard_at_360px: every control reached with Tab, labelled, nothing wider than 360 px.
"""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.keys import Keys

from browser_support import PHONE
from conftest import make_token
from test_account_mail import Spool, link_in, local, mail_env
from test_browser import PASSWORD, assert_clean_console, browsers, unique_email  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def server(server_factory, tmp_path_factory):
    """Overrides conftest's server for this module: mail on, addresses must be verified before signing in."""
    spool = Spool(tmp_path_factory.mktemp("verify-mail"))
    srv = server_factory(extra_env=mail_env(spool.path, REQUIRE_EMAIL_VERIFICATION="1"))
    srv.spool = spool
    return srv


def wait_mails(app, server, email: str, count: int) -> list[str]:
    """The links of the messages to `email`, once there are `count` of them (mail leaves on its own thread)."""
    app.wait(lambda d: len(server.spool.to(email)) >= count, f"fewer than {count} mails to {email}")
    paths = server.spool.to(email)
    assert len(paths) == count, paths
    return [local(link_in(p.read_text())) for p in paths]


def sign_up_in_browser(app, email: str):
    app.open("/")
    app.wait_auth_screen()
    app.choose_mode("signup")
    app.fill_auth(email, PASSWORD, name="Vera Verify")
    app.submit_auth()
    app.wait_text("#verify-title", "Check your inbox")


def test_sign_up_check_inbox_send_again_and_verify(server, browsers):  # noqa: F811
    email = unique_email("vera")
    app = browsers("vera")
    sign_up_in_browser(app, email)
    assert email in app.el("#verify-text").text
    assert not app.visible("#verify-email"), "the address is known: no field to type it again"
    assert app.storage("todo.session") is None, "no session before the address is verified"
    first = wait_mails(app, server, email, 1)[0]
    assert first.startswith("/verify-email?token="), first
    app.shot("verify-inbox")

    # "Send again" has the focus: Enter sends a second link.
    assert app.js("return document.activeElement.id;") == "verify-resend"
    app.driver.switch_to.active_element.send_keys(Keys.ENTER)
    app.wait_text("#verify-sent", "A new link is on its way")
    second = wait_mails(app, server, email, 2)[1]

    app.open(second)
    app.wait_text("#verify-done-text", "verified and you're signed in")
    assert app.js("return document.activeElement.id;") == "verify-continue"
    app.driver.switch_to.active_element.send_keys(Keys.ENTER)
    app.wait_tasks_screen()
    assert app.js("return location.pathname;") == "/", "the link's address is left"
    assert "Welcome, Vera" in app.el("#tasks-title").text
    r = server.client.post("/api/auth/sign-in/email", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, "the address is verified: sign-in works"

    # The first link again (the address is verified now): it says so, and signs nobody in.
    other = browsers("vera-again")
    other.open(first)
    other.wait_text("#verify-title", "Email already verified")
    assert other.storage("todo.session") is None
    assert other.el("#verify-back").text == "Sign in"
    other.el("#verify-back").send_keys(Keys.ENTER)
    other.wait_auth_screen()
    assert other.el("#auth-email").get_attribute("value") == ""  # nothing was known about this browser's user
    assert_clean_console(app)
    assert_clean_console(other)


def test_sign_in_before_verifying_offers_a_new_link(server, browsers):  # noqa: F811
    email = unique_email("sid")
    r = server.client.post("/api/auth/sign-up/email", json={"name": "Sid", "email": email, "password": PASSWORD})
    assert r.status_code == 200 and r.json()["token"] is None, r.text
    app = browsers("sid")
    wait_mails(app, server, email, 1)
    app.open("/")
    app.wait_auth_screen()
    app.choose_mode("signin")
    app.fill_auth(email, PASSWORD)
    app.submit_auth()
    app.wait_text("#verify-title", "Verify your email")
    assert "isn't verified yet" in app.el("#verify-text").text and email in app.el("#verify-text").text
    app.el("#verify-resend").send_keys(Keys.ENTER)
    app.wait_text("#verify-sent", "A new link is on its way")
    wait_mails(app, server, email, 2)
    # Back to sign-in keeps the address typed.
    app.el("#verify-back").send_keys(Keys.ENTER)
    app.wait_auth_screen()
    assert app.el("#auth-email").get_attribute("value") == email
    assert_clean_console(app, allowed_network=("status of 403",))


@pytest.mark.parametrize("case", ["made-up", "expired", "redirected-error"])
def test_an_expired_or_made_up_link_asks_for_a_new_one(server, browsers, case):  # noqa: F811
    email = unique_email("exp")
    r = server.client.post("/api/auth/sign-up/email", json={"name": "Exp", "email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    now = int(time.time())
    path = {
        "made-up": "/verify-email?token=not.a.token",
        "expired": "/verify-email?token=" + make_token(server.secret, email=email, iat=now - 7200, exp=now - 3600),
        "redirected-error": "/verify-email?error=TOKEN_EXPIRED",  # Better Auth's 302 after a failed callback link
    }[case]
    app = browsers(case)
    wait_mails(app, server, email, 1)
    app.open(path)
    app.wait_text("#verify-title", "This link can't be used")
    expected = "This link is not valid" if case == "made-up" else "This link has expired"
    assert expected in app.el("#verify-text").text
    assert app.js("return document.activeElement.id;") == "verify-email"
    app.type_into("#verify-email", email).send_keys(Keys.ENTER)
    app.wait_text("#verify-sent", "A new link is on its way")
    link = wait_mails(app, server, email, 2)[1]
    app.open(link)
    app.wait_text("#verify-done-text", "verified and you're signed in")
    assert_clean_console(app, allowed_network=("status of 401",))


def test_verify_screens_by_keyboard_at_360px(server, browsers):  # noqa: F811
    app = browsers("kit")
    app.driver.set_window_size(*PHONE)
    app.wait(lambda d: app.js("return window.innerWidth;") <= PHONE[0], "the window did not shrink")
    app.open("/verify-email?token=not.a.token")
    app.wait_text("#verify-title", "This link can't be used")
    app.shot("verify-invalid-360", phone=False)
    assert app.js("return document.activeElement.id;") == "verify-email"
    seen = ["verify-email"]
    for _ in range(6):
        app.driver.switch_to.active_element.send_keys(Keys.TAB)
        seen.append(app.js("return document.activeElement.id;"))
        if seen[-1] == "verify-back":
            break
    assert seen == ["verify-email", "verify-resend", "verify-back"], f"Tab order: {seen}"
    names = app.js("return arguments[0].map(id => { const e = document.getElementById(id);"
                   " const l = e.labels && e.labels[0]; return (l ? l.textContent : e.textContent).trim(); });",
                   seen)
    assert all(names), dict(zip(seen, names))
    overflow = app.js("return document.documentElement.scrollWidth - window.innerWidth;")
    wide = app.js("return Array.from(document.querySelectorAll('#verify-screen *'))"
                  ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
                  ".map(e => e.id || e.className || e.tagName);")
    assert overflow <= 0 and not wide, f"the page is {overflow}px wider than the screen: {wide}"
    height = app.js("return document.getElementById('verify-resend').getBoundingClientRect().height;")
    assert height >= 40, height
    assert_clean_console(app, allowed_network=("status of 401",))
