"""The committee's whole year in a real browser, on a fresh database, through the pages only.

Only what a deployment starts with is written directly: the office's own unit and its first
office account (as an installer would create them). Everything else — units, working group,
programme, people, the year's fund — the office sets up through its own pages, and then:
a township proposes a project, the duplicate-construction check flags it against a subdistrict's
similar proposal, the office reviews it, records the city government's approval and allocates
from the fund, the township reports progress for two months (the second late, with the cause
analysis and recovery measures), a schedule change is approved, the office publishes the monthly
bulletin and downloads it as Word and PDF, a meeting decides and opens an action item on its
decision, and the year's assessment ranks the township.

Time: the app reads the clock (``timezone.now``/``localdate``, ``date.today``) wherever it needs it
and has no clock of its own to inject, so the test moves the process's clock with ``time_machine``
(``tick=True``: time flows on from each date). The live server runs in this process, so it sees the
same clock. The year played is next year, so every server date is in the browser's future and the
cookies the server sets never look expired to the browser. Each step logs in afresh: jumping weeks
ends the previous session (idle timeout). Password expiry (90 days) is turned off for this test
only, since the whole year passes in a few minutes; its rule is proven in tongchou/accounts/tests.

Screenshots: one full page per step in ``$TONGCHOU_ARTIFACTS/journey/NN-step.png``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings

from tongchou.core.system import SystemActor
from tongchou.org import services as org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = dt.date.today().year + 1
PASSWORD = "Journey-year-2027!"
TZ = ZoneInfo(django_settings.TIME_ZONE)


def at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(YEAR, month, day, hour, 0, tzinfo=TZ)


class Journey:
    """The browser, the server's address, the clock and the screenshots of one run."""

    def __init__(self, page, url: str, clock, folder: Path) -> None:
        self.page, self.url, self.clock, self.folder = page, url, clock, folder
        self.step = 0

    def on(self, when: dt.datetime) -> None:
        self.clock.move_to(when)

    def login(self, username: str) -> None:
        """A fresh session: the last one ended while the clock jumped."""
        self.page.context.clear_cookies()
        self.page.goto(f"{self.url}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")
        self.page.wait_for_selector("[data-testid=whoami]")

    def go(self, path: str) -> None:
        self.page.goto(f"{self.url}{path}")

    def submit(self, selector: str = "form.card button[type=submit]") -> None:
        """Click a button that posts a form and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.click(selector)

    def sees(self, *texts: str, within: str = "body") -> None:
        shown = self.page.locator(within).first.inner_text()
        for text in texts:
            assert text in shown, f"“{text}” not on {self.page.url}"

    def shot(self, name: str) -> None:
        self.step += 1
        self.page.screenshot(path=str(self.folder / f"{self.step:02d}-{name}.png"), full_page=True)


@pytest.fixture
def journey(page, live_server, settings):
    settings.TONGCHOU_PASSWORD_MAX_AGE_DAYS = 0
    folder = Path(os.environ.get("TONGCHOU_ARTIFACTS", "test-artifacts")) / "journey"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    page.set_default_timeout(30_000)
    with time_machine.travel(at(1, 4), tick=True) as clock:
        yield Journey(page, live_server.url, clock, folder)


def _office_form(j: Journey, path: str, fields: dict[str, str], selects: dict[str, str] | None = None) -> None:
    j.go(path)
    for selector, value in fields.items():
        j.page.fill(selector, value)
    for selector, label in (selects or {}).items():
        j.page.select_option(selector, label=label)
    j.submit()
    assert j.page.locator(".alert-danger, .invalid-feedback").count() == 0, j.page.inner_text("body")[:2000]


def set_up_the_year(j: Journey) -> None:
    """The installer's first office account; the office sets up the rest through its pages."""
    installer = SystemActor("安装")
    office_unit = org.unit_create(actor=installer, code="XXW", name="市信息委办公室", kind="department")
    org.user_create(actor=installer, username="office", password=PASSWORD, unit=office_unit, role="office",
                    last_name="李", first_name="主任")

    j.login("office")
    _office_form(j, "/org/units/new/", {"#id_code": "JZ", "#id_name": "甲镇"}, {"#id_kind": "乡镇"})
    _office_form(j, "/org/units/new/", {"#id_code": "YJD", "#id_name": "乙街道"}, {"#id_kind": "街道"})
    _office_form(j, "/org/groups/new/", {"#id_name": "电子政务工作组"}, {"#id_lead_unit": "市信息委办公室"})
    _office_form(j, "/org/programmes/new/", {"#id_code": "DZZW", "#id_name": "电子政务工程"},
                 {"#id_group": "电子政务工作组"})
    for username, unit, family, given in [("jiazhen", "甲镇", "王", "小明"), ("yijiedao", "乙街道", "赵", "丽")]:
        _office_form(j, "/org/users/new/", {"#id_username": username, "#id_last_name": family,
                                             "#id_first_name": given, "#id_password": PASSWORD},
                     {"#id_unit": unit, "#id_role": "单位"})
    j.go("/org/users/")
    j.sees("jiazhen", "甲镇", "yijiedao", "乙街道")
    j.shot("office-sets-up-people")
    _office_form(j, "/funds/new/", {"#id_year": str(YEAR), "#id_cap": "2000万"})
    j.sees(f"{YEAR}", "20,000,000.00")
    j.shot("office-sets-up-the-fund")


MODULES = [("电子监察", "对行政审批事项办理全过程进行实时电子监察和预警"),
           ("数据交换", "与市级审批平台进行部门间数据交换和共享")]


def propose(j: Journey, *, code: str, name: str, budget: str, milestones: list[tuple[str, dt.date]]) -> str:
    """A unit's person fills the project form and submits the proposal; returns its page."""
    j.go("/projects/new/")
    j.page.fill("#id_code", code)
    j.page.fill("#id_name", name)
    j.page.select_option("#id_programme", label="电子政务工程")
    j.page.fill("#id_owner_name", "王小明")
    j.page.fill("#id_owner_phone", "0571-87654321")
    j.page.fill("#id_requested_budget", budget)
    j.page.fill("#id_planned_start", f"{YEAR}-02-01")
    j.page.fill("#id_planned_end", f"{YEAR}-11-30")
    j.page.fill("#id_description", f"{name}：建设行政审批电子监察和数据交换功能。")
    for index, (module, description) in enumerate(MODULES):
        if index:
            j.page.click("[data-add-row='#module-table']")
        j.page.locator("input[name=module_name]:not([disabled])").nth(index).fill(module)
        j.page.locator("textarea[name=module_description]:not([disabled])").nth(index).fill(description)
    j.submit("[data-testid=project-form] button[type=submit]")
    j.page.wait_for_selector("[data-testid=status]")
    project_url = j.page.url
    for milestone, planned in milestones:
        j.page.fill("input[name=name]", milestone)
        j.page.fill("input[name=planned_date]", planned.isoformat())
        j.submit("[data-testid=add-milestone]")
    j.submit("[data-action=submit]")
    j.sees("已申报", within="[data-testid=status]")
    return project_url


def test_the_committees_year_in_the_browser(journey: Journey) -> None:
    j = journey
    from tongchou.projects.models import Project

    # January: the office sets up the year
    set_up_the_year(j)

    # the subdistrict proposes its electronic supervision system first
    j.on(at(1, 6))
    j.login("yijiedao")
    propose(j, code=f"YJD-{YEAR}-01", name="乙街道行政审批电子监察系统", budget="90万",
            milestones=[("需求调研完成", dt.date(YEAR, 3, 15))])

    # the township proposes a similar one
    j.on(at(1, 8))
    j.login("jiazhen")
    project_url = propose(j, code=f"JZ-{YEAR}-01", name="甲镇行政审批电子监察平台", budget="120万",
                          milestones=[("需求调研完成", dt.date(YEAR, 3, 20)),
                                      ("系统上线试运行", dt.date(YEAR, 9, 30))])
    j.shot("township-proposes-a-project")
    project = Project.objects.get(code=f"JZ-{YEAR}-01")

    # the office opens it: the duplicate-construction check flags the subdistrict's proposal (a unit
    # sees only its own projects, so the check shows the township no other unit's project)
    j.on(at(1, 15))
    j.login("office")
    j.go(project_url.removeprefix(j.url))
    match = j.page.wait_for_selector(f"[data-testid=project-overlap] [data-testid=overlap-match][data-project-code=YJD-{YEAR}-01]")
    assert "乙街道行政审批电子监察系统" in match.inner_text()
    j.sees("重复建设", "乙街道")
    j.shot("office-sees-the-overlap-flagged")

    # the office reviews it, with the overlap before it
    j.submit("[data-action=start_review]")
    j.page.click("[data-testid=reviews] a")
    j.page.wait_for_selector(f"[data-testid=review-overlap] [data-project-code=YJD-{YEAR}-01]")
    j.shot("office-review-sees-the-overlap")
    j.go(project_url.removeprefix(j.url))
    j.page.fill("#id_reviewers", "张专家、刘专家")
    j.page.fill("#id_score", "86")
    j.page.fill("#id_conditions", "电子监察模块复用乙街道系统的规则库，不重复建设")
    j.page.fill("#id_comment", "同意建设，数据交换接入市级共享平台")
    j.submit("[data-action=pass_review]")
    j.sees("审核通过", within="[data-testid=status]")
    j.submit("[data-action=submit_to_government]")
    j.sees("已报市政府", within="[data-testid=status]")
    j.shot("office-passes-the-review")

    # the city government approves; the office records it
    j.on(at(1, 25))
    j.login("office")
    j.go(project_url.removeprefix(j.url))
    j.submit("[data-action=record_government_approval]")
    j.sees("已立项", within="[data-testid=status]")
    j.shot("office-records-the-government-approval")

    # the office allocates from the fund
    j.on(at(1, 28))
    j.login("office")
    j.go(f"/funds/{YEAR}/allocate/")
    j.page.select_option("#id_project", label=f"JZ-{YEAR}-01 甲镇行政审批电子监察平台（甲镇）")
    j.page.fill("#id_amount", "100万")
    j.page.fill("#id_date", f"{YEAR}-01-28")
    j.submit()
    j.sees("1,000,000.00")
    j.shot("office-allocates-from-the-fund")
    project.refresh_from_db()
    assert project.status == "approved"
