"""A leader, in a real browser: the dashboard draws the fund's charts offline, the committed figure
opens the ledger behind it, and the ledger's export button downloads that list."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tongchou.funds import services
from tongchou.testing.world import PASSWORD, SETUP

from .conftest import approve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def test_the_fund_on_the_dashboard_opens_its_ledger_and_exports_it(page, live_server, world, screenshot_dir):
    # given a fund with money committed to two programmes and some disbursed
    approve(world.projects["A"], world.projects["B"])
    year = world.projects["A"].year
    services.fund_create(actor=SETUP, year=year, cap="1000万")
    services.allocation_create(actor=SETUP, project=world.projects["A"], amount="600000")
    services.allocation_create(actor=SETUP, project=world.projects["B"], amount="400000")
    services.disbursement_create(actor=SETUP, project=world.projects["A"], amount="250000", payee="某公司",
                                 voucher_number="V1")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route(
        "**/*",
        lambda route: route.abort() if not route.request.url.startswith(live_server.url) else route.continue_(),
    )  # offline: nothing but our own server
    _login(page, live_server, "leader")
    # when
    page.goto(f"{live_server.url}/dashboard/?year={year}")
    # then both fund charts are drawn
    page.wait_for_selector("[data-chart='chart-data-fund-by-programme'][data-drawn=true]")
    page.wait_for_selector("[data-chart='chart-data-fund-use'][data-drawn=true]")
    page.screenshot(path=str(screenshot_dir / "dashboard-fund.png"), full_page=True)
    assert page.locator("[data-panel=fund-figures] [data-figure]").count() == 5
    # the committed figure opens the ledger of the entries that make it up
    page.click("[data-panel=fund-figures] [data-figure='已安排']")
    page.wait_for_selector("[data-testid=ledger-sums]")
    assert "已安排 ¥1,000,000.00" in page.inner_text("[data-testid=ledger-sums]")
    # and the ledger's button downloads exactly that list
    with page.expect_download() as download:
        page.click("[data-testid=ledger-export]")
    assert download.value.suggested_filename == f"fund-ledger-{year}.xlsx"
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    amounts = sorted(Decimal(str(row[7])) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert amounts == [Decimal("400000"), Decimal("600000")]
    assert not errors
