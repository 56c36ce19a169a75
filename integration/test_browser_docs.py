"""/api/docs (Swagger UI) and /api/redoc (ReDoc) in a real headless Chromium, through the real nginx and responder
of the conftest fixtures: both render /api/openapi.json under their own CSP with no violation, and Swagger UI's
"Authorize" (Bearer) with "Try it out" lists the tasks of a user who signed up for real."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from accounts_support import Account
from browser_support import App, new_driver
from test_docs import docs_assets  # noqa: F401  (the module fixture that fetches the files)

# Installed before any page script (CDP, not subject to the page's CSP): every CSP violation the page reports.
CSP_SPY = """
(() => {
  const seen = [];
  Object.defineProperty(window, "__cspViolations", { value: seen });
  document.addEventListener("securitypolicyviolation",
    (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
})();
"""


@pytest.fixture
def docs_browser(request, server):
    driver = new_driver()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_SPY})
    app = App(driver, server.base_url, request.node.name)
    failed_before = request.session.testsfailed
    yield app
    if request.session.testsfailed > failed_before:
        app.shot("failure", force=True, phone=False)
    driver.quit()


# ReDoc 2 always draws Redocly's logo from its CDN (no option turns it off): the page's img-src keeps it out, so
# the docs never make a request to another site, and the image hides itself when it fails to load.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def no_csp_violation(app: App, expected: tuple[str, ...] = ()) -> None:
    """No CSP violation but the expected blocked URIs (each reported as a violation and in the console)."""
    violations = [v for v in app.js("return window.__cspViolations.slice()")
                  if v.split(" ", 1)[1] not in expected]
    assert violations == [], f"CSP violations: {violations}"
    problems = [p for p in app.console_problems() if not any(f"'{uri}'" in p for uri in expected)]
    assert problems == []


def test_swagger_ui_lists_tasks_with_a_bearer_token(server, docs_browser):
    app = docs_browser
    owner = Account(server.client)
    r = server.client.post(f"/api/{owner.id}/tasks", json={"title": "seen through Swagger UI"},
                           headers={"Authorization": f"Bearer {owner.token}"})
    assert r.status_code == 201, r.text

    app.open("/api/docs")
    app.wait_visible("#operations-tasks-listTasks", "the listTasks operation")
    assert "listTasks" in app.el("#operations-tasks-listTasks").text

    app.el(".auth-wrapper .authorize").click()
    app.wait_visible(".modal-ux .auth-container input", "the Authorize dialog")
    app.el(".modal-ux .auth-container input").send_keys(owner.token)
    app.el(".modal-ux .auth-btn-wrapper .authorize").click()
    app.wait_text(".modal-ux .auth-container h6", r"^Authorized$", "the authorized state")
    assert owner.token not in app.el(".modal-ux").text  # shown masked
    app.el(".modal-ux .btn-done").click()

    op = "#operations-tasks-listTasks"
    app.el(f"{op} .opblock-summary-control").click()
    app.wait_visible(f"{op} .try-out__btn", "Try it out")
    app.el(f"{op} .try-out__btn").click()
    app.wait_visible(f'{op} tr[data-param-name="user_id"] input', "the user_id field")
    field = app.el(f'{op} tr[data-param-name="user_id"] input')
    field.clear()  # Swagger UI fills in the document's example
    field.send_keys(owner.id)
    app.el(f"{op} .btn.execute").click()
    status = app.wait_text(f"{op} .live-responses-table .response .response-col_status", r"^\d{3}",
                           "the response status")
    assert status.strip().startswith("200"), status
    body = app.el(f"{op} .live-responses-table").text
    assert "seen through Swagger UI" in body
    # the request Swagger UI shows carried the token as a Bearer header
    curl = app.el(f"{op} .curl-command").text
    assert "Authorization: Bearer" in curl and f"/api/{owner.id}/tasks" in curl
    no_csp_violation(app)


def test_swagger_ui_without_a_token_gets_401(server, docs_browser):
    app = docs_browser
    owner = Account(server.client)
    app.open("/api/docs")
    op = "#operations-tasks-listTasks"
    app.wait_visible(op, "the listTasks operation")
    app.el(f"{op} .opblock-summary-control").click()
    app.wait_visible(f"{op} .try-out__btn", "Try it out")
    app.el(f"{op} .try-out__btn").click()
    app.wait_visible(f'{op} tr[data-param-name="user_id"] input', "the user_id field")
    field = app.el(f'{op} tr[data-param-name="user_id"] input')
    field.clear()  # Swagger UI fills in the document's example
    field.send_keys(owner.id)
    app.el(f"{op} .btn.execute").click()
    status = app.wait_text(f"{op} .live-responses-table .response .response-col_status", r"^\d{3}",
                           "the response status")
    assert status.strip().startswith("401"), status
    assert app.js("return window.__cspViolations.slice()") == []
    assert [p for p in app.console_problems() if "401" not in p] == []


def test_redoc_renders_the_document(docs_browser):
    app = docs_browser
    app.open("/api/redoc")
    app.wait_text("h1", r"todo-fcgi", "the document's title")
    app.wait_visible('[data-section-id="operation/listTasks"]', "the listTasks operation")
    section = app.el('[data-section-id="operation/listTasks"]')
    assert "/api/{user_id}/tasks" in section.text
    # the search runs in ReDoc's blob: worker (worker-src blob:)
    search = app.driver.find_element(By.CSS_SELECTOR, 'input[placeholder="Search..."]')
    search.send_keys("List tasks")
    app.wait_text('[data-role="search:results"]', r"List tasks", "a search result")
    violations = app.js("return window.__cspViolations.slice()")
    assert f"img-src {REDOC_LOGO}" in violations  # kept out: the assertion below is not vacuous
    no_csp_violation(app, expected=(REDOC_LOGO,))
