"""The office, in a real browser: the fund usage analysis draws its ECharts charts from the
page's JSON (no inline script), and an allocation refused for lack of money says how much is left."""

import pytest

from tongchou.funds import services
from tongchou.funds.models import LedgerEntry
from tongchou.testing.world import PASSWORD, SETUP, make_project

from .conftest import approve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def test_office_sees_the_analysis_charts_and_a_clear_refusal(page, live_server, world, screenshot_dir):
    # given a fund with 9,600,000 of 10,000,000 committed
    approve(world.projects["A"], world.projects["B"])
    fund = services.fund_create(actor=SETUP, year=world.projects["A"].year, cap="1000万")
    big = make_project(world, unit="B", programme="P2", code="B-BIG", name="乙街道大项目", budget="9600000")
    approve(big)
    services.allocation_create(actor=SETUP, project=big, amount="9600000")
    services.disbursement_create(actor=SETUP, project=big, amount="3000000", payee="某公司", voucher_number="V1")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _login(page, live_server, "office")
    # when the office opens the analysis
    page.goto(f"{live_server.url}/funds/{fund.year}/analysis/")
    page.wait_for_selector("[data-testid=chart-programmes] canvas")
    page.screenshot(path=str(screenshot_dir / "fund-analysis.png"), full_page=True)
    # then the charts are drawn and the page raised no script error
    assert errors == []
    assert "¥400,000.00" in page.inner_text("[data-testid=remaining]")
    # when it tries to allocate more than is left, typing in 万
    page.goto(f"{live_server.url}/funds/{fund.year}/allocate/")
    page.select_option("#id_project", value=str(world.projects["A"].pk))
    page.fill("#id_amount", "５０万")
    page.click("[data-testid=fund-form] button[type=submit]")
    # then the form says what is left, and nothing is written
    assert "¥400,000.00" in page.inner_text("[data-testid=fund-form]")
    assert LedgerEntry.objects.filter(kind="allocation").count() == 1
