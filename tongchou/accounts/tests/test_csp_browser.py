"""Every page the office can open, in Chromium, under the real Content-Security-Policy: no violation.
The pages come from every app's permission matrix (``tests/routes.py``), so new pages are covered too."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from tongchou.core.errors import DomainError
from tongchou.core.tests.test_permission_matrix import ROUTES
from tongchou.testing.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def _pages(world) -> list[str]:
    urls = []
    for route in ROUTES:
        if route.method != "GET" or route.status_for("office", "own") != 200 or route.json:
            continue
        try:
            # Each route's setup is written for a world of its own; here all share one, so a setup whose
            # state another already made (a pending change request, a filed report) is refused: such a
            # page is opened by whichever setup got there first, or left to the app's own page tests.
            if route.setup:
                with transaction.atomic():
                    route.setup(world)
            url = reverse(route.name, kwargs=route.kwargs(world, "office", "own") if route.kwargs else None)
        except (DomainError, KeyError):
            continue
        urls.append(url + ("?" + route.query if route.query else ""))
    return sorted(set(urls))


def test_no_page_breaks_the_content_security_policy(page, live_server, world, screenshot_dir) -> None:
    # given the office logged in, watching for violations on every page
    page.add_init_script(WATCH_VIOLATIONS)
    console_refusals: list[str] = []
    page.on("console", lambda m: console_refusals.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")
    violations: dict[str, list[str]] = {}
    # when every page is opened
    pages = _pages(world)
    opened = 0
    for url in pages:
        head = page.request.get(f"{live_server.url}{url}")
        if not head.headers.get("content-type", "").startswith("text/html"):
            continue  # a download (schema, export): nothing runs in it
        opened += 1
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None
        page.wait_for_load_state("load")
        found = page.evaluate("window.__cspViolations || []")
        if found:
            violations[url] = found
    page.screenshot(path=str(screenshot_dir / "csp-last-page.png"), full_page=True)
    # then
    assert opened >= 5
    assert violations == {}
    assert console_refusals == []
