"""The office in a real browser: start the round from the scheme page, score, move through review
and finalisation to publication, and read the ranking."""

import datetime as dt

import pytest

from tongchou.assessment import services
from tongchou.assessment.models import Assessment, Score
from tongchou.testing.world import PASSWORD, SETUP

from .helpers import build_scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = dt.date.today().year


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def test_the_office_runs_a_round_from_scheme_to_published_ranking(page, live_server, world, screenshot_dir):
    # given complete schemes for this year
    build_scheme(YEAR, "department")
    build_scheme(YEAR, "township")
    _login(page, live_server, "office")
    # when the office starts the round from the scheme page
    page.goto(f"{live_server.url}/assessment/schemes/{YEAR}/")
    page.screenshot(path=str(screenshot_dir / "assessment-scheme.png"), full_page=True)
    page.click("form[action$='/rounds/start/'] button[type=submit]")
    page.wait_for_selector("[data-testid=round-steps]")
    page.click("[data-testid=advance]")  # → assessor scoring
    page.wait_for_selector("[data-testid=sheet-table]")
    assessment = Assessment.objects.get(year=YEAR)
    # every manual score but one is already in; the office types the last one in the sheet page
    last = Score.objects.filter(sheet__assessment=assessment, sheet__unit=world.units["A"],
                                indicator__name="政府信息公开").get()
    for score in Score.objects.filter(sheet__assessment=assessment, indicator__kind="manual").exclude(pk=last.pk):
        services.score_set(actor=SETUP, score=score, value="8", comment="核定")
    page.goto(f"{live_server.url}/assessment/rounds/{YEAR}/units/{world.units['A'].pk}/")
    row = page.locator(f"[data-testid=score-{last.indicator_id}]")
    row.locator("input[name=score]").fill("16")  # above the maximum of 15
    row.locator("form[action$='/assess/'] button[type=submit]").click()
    assert page.locator(".alert-danger").count() == 1
    row = page.locator(f"[data-testid=score-{last.indicator_id}]")
    row.locator("input[name=score]").fill("14.5")
    row.locator("input[name=comment]").fill("公开目录完整，答复及时")
    row.locator("form[action$='/assess/'] button[type=submit]").click()
    page.wait_for_selector(".alert-success")
    page.screenshot(path=str(screenshot_dir / "assessment-sheet.png"), full_page=True)
    for _step in range(3):  # review, finalised, published
        page.goto(f"{live_server.url}/assessment/rounds/{YEAR}/")
        page.click("[data-testid=advance]")
        page.wait_for_selector(".alert-success")
    # then the ranking is published
    page.goto(f"{live_server.url}/assessment/rounds/{YEAR}/ranking/")
    tables = page.locator("[data-testid=ranking-table]")
    assert tables.count() == 2
    assert "甲镇" in tables.nth(1).locator("tbody tr").first.inner_text()
    page.screenshot(path=str(screenshot_dir / "assessment-ranking.png"), full_page=True)
    assessment.refresh_from_db()
    assert assessment.status == "published"
    last.refresh_from_db()
    assert str(last.score) == "14.50"
