"""Helpers for test_browser.py: a headless Chromium (Debian's chromium + chromium-driver) driven by Selenium,
and a page object for the web app in nginx/html.

Environment:
  CHROMIUM_BIN   the browser (default /usr/bin/chromium)
  CHROMEDRIVER   its driver (default /usr/bin/chromedriver)
  SCREENSHOTS=1  save screenshots of the main screens (desktop and 360 px) to integration/artifacts/screenshots/;
                 screenshots are saved there on failure in any case.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM_BIN = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOT_DIR = Path(__file__).resolve().parent / "artifacts" / "screenshots"
WANT_SCREENSHOTS = os.environ.get("SCREENSHOTS", "") not in ("", "0")

WAIT = 15.0  # upper bound for explicit waits; nothing asserts on how long anything takes
DESKTOP = (1280, 900)
PHONE = (360, 780)

# Installed before any page script runs (CDP, so it is not subject to the page's CSP): records every
# alert/confirm/prompt instead of showing it.
DIALOG_SPY = """
(() => {
  const calls = [];
  Object.defineProperty(window, "__dialogCalls", { value: calls });
  for (const name of ["alert", "confirm", "prompt"]) {
    window[name] = (...args) => { calls.push([name, String(args[0])]); return name === "confirm" ? false : null; };
  }
})();
"""


def new_driver(size=DESKTOP) -> webdriver.Chrome:
    """A fresh headless Chromium with its own temporary profile (nothing shared with other drivers)."""
    for path in (CHROMIUM_BIN, CHROMEDRIVER):
        if not Path(path).exists():
            raise RuntimeError(f"{path} not found: apt-get install -y chromium chromium-driver "
                               "(or set CHROMIUM_BIN / CHROMEDRIVER)")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager go online for a driver
    opts = Options()
    opts.binary_location = CHROMIUM_BIN
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={size[0]},{size[1]}", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--password-store=basic", "--lang=en-US",
                "--hide-scrollbars"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {
        "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
        "profile.password_manager_leak_detection": False,
    })
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DIALOG_SPY})
    return driver


class App:
    """The web app in one browser."""

    def __init__(self, driver: webdriver.Chrome, base_url: str, name: str):
        self.driver = driver
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.console: list[dict] = []  # every browser log entry seen so far (get_log drains the buffer)

    # -- waiting ---------------------------------------------------------------------------------

    def wait(self, condition, message: str, timeout: float = WAIT):
        def safe(driver):
            try:
                return condition(driver)
            except StaleElementReferenceException:
                return False
        return WebDriverWait(self.driver, timeout).until(safe, message)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def el(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def visible(self, css: str) -> bool:
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        return bool(found) and found[0].is_displayed()

    def wait_visible(self, css: str, what: str | None = None):
        self.wait(lambda d: self.visible(css), f"{what or css} did not appear")
        return self.el(css)

    def wait_text(self, css: str, pattern: str, what: str | None = None) -> str:
        regex = re.compile(pattern)
        self.wait(lambda d: self.visible(css) and regex.search(self.el(css).text or ""),
                  f"{what or css} never matched {pattern!r}")
        return self.el(css).text

    # -- screens ---------------------------------------------------------------------------------

    def open(self, path: str = "/"):
        self.driver.get(self.base_url + path)

    def wait_auth_screen(self):
        self.wait_visible("#auth-form", "the sign-in screen")

    def wait_tasks_screen(self):
        self.wait_visible("#add-form", "the task screen")
        self.wait_idle()

    def wait_idle(self):
        """The list has loaded (no request for it in flight)."""
        self.wait(lambda d: self.js(
            "const l = document.getElementById('task-list');"
            "return !document.getElementById('tasks-screen').hidden && l.getAttribute('aria-busy') === 'false'"
            " && !l.querySelector('.skeleton');"), "the task list never finished loading")

    def storage(self, key: str):
        return self.js("return localStorage.getItem(arguments[0]);", key)

    def set_session(self, session_json: str):
        """Puts a session in localStorage (same origin) and reloads."""
        self.open("/")
        self.js("localStorage.setItem('todo.session', arguments[0]);", session_json)
        self.driver.refresh()

    # -- account ---------------------------------------------------------------------------------

    def choose_mode(self, mode: str):
        button = self.el("#mode-signup" if mode == "signup" else "#mode-signin")
        if button.get_attribute("aria-pressed") != "true":
            button.click()
        self.wait(lambda d: self.visible("#name-field") == (mode == "signup"), f"mode {mode} not shown")

    def fill_auth(self, email: str, password: str, name: str | None = None):
        if name is not None:
            self.type_into("#auth-name", name)
        self.type_into("#auth-email", email)
        self.type_into("#auth-password", password)

    def type_into(self, css: str, text: str):
        field = self.el(css)
        field.clear()
        field.send_keys(text)
        return field

    def submit_auth(self):
        self.el("#auth-password").send_keys(Keys.ENTER)  # Enter submits the form

    def sign_up(self, name: str, email: str, password: str):
        self.choose_mode("signup")
        self.fill_auth(email, password, name=name)
        self.submit_auth()
        self.wait_tasks_screen()

    def sign_in(self, email: str, password: str):
        self.choose_mode("signin")
        self.fill_auth(email, password)
        self.submit_auth()
        self.wait_tasks_screen()

    def sign_out(self):
        self.el("#sign-out").click()
        self.wait_auth_screen()

    # -- tasks -----------------------------------------------------------------------------------

    def titles(self) -> list[str]:
        return self.js("return Array.from(document.querySelectorAll('#task-list li.task:not(.skeleton)'))"
                       ".map(li => li.querySelector('.task-title').textContent);")

    def busy(self) -> bool:
        return self.js("return document.getElementById('task-list').getAttribute('aria-busy') === 'true';")

    def wait_titles(self, expected: list[str], what: str = "the list"):
        """The list shows exactly these titles, and no reload of it is in flight."""
        self.wait(lambda d: not self.busy() and self.titles() == expected,
                  f"{what}: expected {expected}, last seen {self.titles()}")

    def row(self, title: str):
        li = self.js("return Array.from(document.querySelectorAll('#task-list li.task'))"
                     ".find(li => li.querySelector('.task-title').textContent === arguments[0]) || null;", title)
        if li is None:
            raise AssertionError(f"no row titled {title!r} in {self.titles()}")
        return li

    def add(self, title: str, description: str | None = None):
        """Types a task and adds it with the keyboard (Enter in the title, Ctrl+Enter in the description)."""
        before = len(self.titles())
        count_before = self.el("#pending-count").text
        if description:
            self.type_into("#new-title", title)
            self.type_into("#new-description", description).send_keys(Keys.CONTROL, Keys.ENTER)
        else:
            self.type_into("#new-title", title).send_keys(Keys.ENTER)
        self.wait(lambda d: self.el("#new-title").get_attribute("value") == "" and len(self.titles()) == before + 1,
                  f"task {title!r} was not added")
        self.wait(lambda d: self.el("#pending-count").text != count_before or not count_before,
                  "the pending count did not change")

    def edit(self, title: str, new_title: str, new_description: str | None = None):
        self.row(title).find_element(By.CSS_SELECTOR, ".task-edit").send_keys(Keys.ENTER)
        editor = self.wait_visible("#task-list .task-editor .edit-title", "the inline editor")
        if new_description is not None:
            desc = self.el("#task-list .task-editor .edit-description")
            desc.clear()
            desc.send_keys(new_description)
        editor = self.el("#task-list .task-editor .edit-title")
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(new_title, Keys.ENTER)
        self.wait(lambda d: not self.driver.find_elements(By.CSS_SELECTOR, "#task-list .task-editor")
                  and new_title in self.titles(), f"edit of {title!r} was not saved")

    def toggle(self, title: str):
        li = self.row(title)
        was = li.find_element(By.CSS_SELECTOR, ".task-check").is_selected()
        li.find_element(By.CSS_SELECTOR, ".task-check").send_keys(Keys.SPACE)
        self.wait(lambda d: self._done(title) == (not was), f"{title!r} did not toggle")
        # ...and the server has answered (the checkbox is enabled again)
        self.wait(lambda d: self.js("return Array.from(document.querySelectorAll('#task-list .task-check'))"
                                    ".every(c => !c.disabled);"), "the toggle never completed")

    def _done(self, title: str):
        try:
            return "is-done" in (self.row(title).get_attribute("class") or "")
        except AssertionError:
            return None

    def filter(self, status: str):
        self.el(f"label[for='filter-{status}']").click()
        self.wait(lambda d: self.el(f"#filter-{status}").is_selected(), f"filter {status} not selected")

    def search(self, text: str):
        box = self.el("#search")
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.DELETE)
        if text:
            box.send_keys(text)

    def sort(self, value: str):
        Select(self.el("#sort")).select_by_value(value)

    def delete(self, title: str):
        self.row(title).find_element(By.CSS_SELECTOR, ".task-delete").send_keys(Keys.ENTER)
        self.wait_text("#snackbar", "Deleted", "the undo snackbar")
        self.wait(lambda d: title not in self.titles(), f"{title!r} still listed after delete")

    def undo(self):
        self.el("#snackbar-undo").click()
        self.wait(lambda d: not self.visible("#snackbar"), "the snackbar did not close after Undo")

    def dismiss_snackbar(self):
        """Closes the undo window now (the DELETE is sent)."""
        self.el("#snackbar-close").click()
        self.wait(lambda d: not self.visible("#snackbar"), "the snackbar did not close")

    # -- checks ----------------------------------------------------------------------------------

    def dialogs(self) -> list:
        calls = self.js("return window.__dialogCalls ? Array.from(window.__dialogCalls) : null;")
        try:
            alert = self.driver.switch_to.alert
            text = alert.text
            alert.dismiss()
            return (calls or []) + [["native", text]]
        except NoAlertPresentException:
            return calls or []

    def read_console(self) -> list[dict]:
        entries = self.driver.get_log("browser")
        self.console.extend(entries)
        return self.console

    def console_problems(self, allowed_network: tuple[str, ...] = ()) -> list[str]:
        """CSP violations and JavaScript errors in the console; failed requests unless expected.
        allowed_network: substrings of network messages the test provoked on purpose (e.g. a 401)."""
        problems = []
        for entry in self.read_console():
            message = entry.get("message", "")
            source = entry.get("source", "")
            level = entry.get("level", "")
            if "Content Security Policy" in message or "Content-Security-Policy" in message:
                problems.append(f"CSP: {message}")
            elif source == "javascript" or "Uncaught" in message:
                problems.append(f"JS error: {message}")
            elif source == "network" and level == "SEVERE":
                if not any(a in message for a in allowed_network):
                    problems.append(f"failed request: {message}")
            elif level == "SEVERE":
                problems.append(f"{source or 'console'} error: {message}")
        return problems

    # -- screenshots -----------------------------------------------------------------------------

    def shot(self, step: str, force: bool = False, phone: bool = True):
        """Saves a desktop screenshot (and a 360 px one) when SCREENSHOTS=1 or force."""
        if not (WANT_SCREENSHOTS or force):
            return
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        base = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{self.name}-{step}")
        try:
            self.driver.save_screenshot(str(SCREENSHOT_DIR / f"{base}-desktop.png"))
            if phone:
                size = self.driver.get_window_size()
                self.driver.set_window_size(*PHONE)
                try:
                    self.driver.save_screenshot(str(SCREENSHOT_DIR / f"{base}-360.png"))
                finally:
                    self.driver.set_window_size(size["width"], size["height"])
        except Exception as exc:  # a screenshot must never hide the real failure
            print(f"screenshot {base} failed: {exc}")
