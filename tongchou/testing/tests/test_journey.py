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

    def click_to(self, selector: str) -> None:
        """Follow a link and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()

    def sees(self, *texts: str, within: str = "body") -> None:
        shown = self.page.locator(within).first.inner_text()
        for text in texts:
            if text not in shown:
                self.shot("failed")
                pytest.fail(f"“{text}” not on {self.page.url}:\n{shown}")

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

    # February: the township starts implementation
    j.on(at(2, 1))
    j.login("jiazhen")
    j.go(project_url.removeprefix(j.url))
    j.submit("[data-action=start_implementation]")
    j.sees("实施中", within="[data-testid=status]")

    # early March: the February report, on time
    j.on(at(3, 3))
    j.login("jiazhen")
    file_report(j, f"{YEAR}-02", percent="10", spent="15万", work="完成需求调研启动会，确定调研单位清单")
    j.sees(f"{YEAR}-02", "10%")
    j.shot("township-files-the-february-report")

    # mid-April: the March report is late, and so is the project: cause analysis and measures
    j.on(at(4, 12))
    j.login("jiazhen")
    file_report(j, f"{YEAR}-03", percent="25", spent="30万", work="完成8个部门的需求调研",
                late=("两个部门审批流程调整，需求确认推迟", "增派两名需求分析人员，每周向信息委报告进度"))
    j.go(f"/progress/?month={YEAR}-03")
    j.sees("逾期", within="[data-testid=report-row]")
    j.shot("township-files-the-march-report-late-with-cause-and-measures")

    # the township asks to move the late milestone; the office approves
    j.on(at(4, 15))
    j.login("jiazhen")
    j.go(project_url.removeprefix(j.url))
    j.click_to("[data-testid=new-change]")
    j.page.select_option("#id_kind", "schedule")
    j.page.fill("#id_reason", "部门审批流程调整，需求调研完成时间顺延")
    milestone = project.milestones.get(name="需求调研完成")
    j.page.fill(f"input[name=milestone_{milestone.pk}]", f"{YEAR}-04-30")
    j.submit("[data-testid=submit-change]")
    j.sees("待审批")
    j.on(at(4, 16))
    j.login("office")
    j.go("/projects/changes/")
    j.sees("甲镇行政审批电子监察平台")
    j.click_to("[data-testid=change-row] a")
    j.page.fill("#id_comment", "同意顺延，7月底前完成需求确认")
    j.submit("[data-testid=approve]")
    j.sees("已批准", within="[data-testid=status]")
    j.shot("office-approves-the-change-request")

    # the office publishes the March bulletin and downloads it
    j.on(at(4, 20))
    j.login("office")
    j.go("/progress/bulletins/")
    j.page.fill("[data-testid=period]", f"{YEAR}-03")
    j.submit("[data-testid=create-bulletin]")
    j.page.fill("#id_foreword", "现将3月份全市信息化项目进展情况通报如下。")
    j.page.fill("#id_conclusion", "请各单位按期报送月度进展，逾期项目须说明原因并落实整改措施。")
    j.submit("[data-testid=publish]")
    j.sees("已发布", within="[data-testid=bulletin-status]")
    j.sees(f"{YEAR}年3月全市信息化项目进展情况通报", "逾期1份", "甲镇")
    j.shot("office-publishes-the-march-bulletin")
    check_downloads(j)

    # June: a special meeting hears the township's report and decides; an action item follows
    j.on(at(6, 3))
    j.login("office")
    meeting_decides(j)
    j.shot("meeting-decides-and-opens-an-action-item")

    # December: the year's assessment ranks the units
    j.on(at(12, 20))
    j.login("office")
    assess_the_year(j)
    j.shot("assessment-ranking-published")

    # and the database holds the year
    assert_the_year_is_recorded(project)


def file_report(j: Journey, month: str, *, percent: str, spent: str, work: str,
                late: tuple[str, str] | None = None) -> None:
    """The township's person files ``month``'s report from the month's reporting list."""
    j.go(f"/progress/?month={month}")
    j.click_to("[data-testid=file-report]")
    assert (j.page.locator("[data-testid=late-warning]").count() == 1) == bool(late)
    j.page.fill("#id_percent_complete", percent)
    j.page.fill("#id_spent_to_date", spent)
    j.page.fill("#id_work_done", work)
    j.page.fill("#id_next_plan", "推进需求确认和系统设计")
    if late:
        j.page.fill("#id_delay_cause", late[0])
        j.page.fill("#id_delay_measures", late[1])
    j.submit("[data-testid=submit-report]")
    j.sees("已申报", within="[data-testid=report-status]")


def check_downloads(j: Journey) -> None:
    """The published bulletin downloads as a Word file python-docx opens and a PDF with Chinese text."""
    import docx

    paths = {}
    for fmt in ("docx", "pdf"):
        with j.page.expect_download() as download:
            j.page.click(f"[data-testid=download-{fmt}]")
        paths[fmt] = j.folder / f"bulletin-{YEAR}-03.{fmt}"
        download.value.save_as(paths[fmt])
    text = "\n".join(p.text for p in docx.Document(str(paths["docx"])).paragraphs)
    assert "甲镇" in text or "甲镇" in "".join(c.text for t in docx.Document(str(paths["docx"])).tables
                                              for r in t.rows for c in r.cells)
    pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(paths["pdf"]), "-"], check=True,
                              capture_output=True, text=True).stdout
    assert "通报" in pdf_text and "甲镇" in pdf_text


def meeting_decides(j: Journey) -> None:
    j.go("/meetings/new/")
    j.page.select_option("#id_kind", "special")
    j.page.fill("#id_title", "信息化项目推进专题会议")
    j.page.fill("#id_starts_at", f"{YEAR}-06-10T14:30")
    j.page.fill("#id_place", "市政府3号会议室")
    j.page.fill("#id_chair_name", "陈副市长")
    j.submit()
    meeting_url = j.page.url.removeprefix(j.url)
    j.page.select_option("form[action$='/items/'] select[name=kind]", "report")
    j.page.fill("form[action$='/items/'] input[name=title]", "甲镇行政审批电子监察平台进展情况汇报")
    j.page.fill("form[action$='/items/'] input[name=presenter]", "甲镇")
    j.submit("form[action$='/items/'] button")
    j.sees("甲镇行政审批电子监察平台进展情况汇报", "已安排", within=".page-body")
    j.on(at(6, 10, hour=15))  # the meeting has begun
    j.login("office")
    j.go(meeting_url)
    j.submit("form[action$='/hold/'] button")
    j.sees("已召开", within=".page-header")
    j.page.click("details summary")
    j.page.select_option("form[action$='/decisions/'] select[name=outcome] >> nth=0", "noted")
    j.page.fill("form[action$='/decisions/'] input[name=text] >> nth=0", "要求甲镇7月底前完成需求确认并接入市级共享平台")
    j.submit("form[action$='/decisions/'] button >> nth=0")
    j.sees("要求甲镇7月底前完成需求确认")
    form = "[data-testid=action-form]"
    j.page.select_option(f"{form} select[name=decision]", label="要求甲镇7月底前完成需求确认并接入市级共享平台")
    j.page.fill(f"{form} input[name=title]", "完成需求确认并接入市级共享平台")
    j.page.select_option(f"{form} select[name=owner_unit]", label="甲镇")
    j.page.fill(f"{form} input[name=due_date]", f"{YEAR}-07-31")
    j.submit(f"{form} button")
    j.go(meeting_url)
    j.sees("完成需求确认并接入市级共享平台", "待落实")


# Each scheme covers the six categories and adds up to 100. The department scheme is computed
# only; the township scheme has two indicators the office scores by hand.
SCHEMES = {
    "department": [("信息化资源整合", "共享基础设施使用", "20", "automatic", "shared_infrastructure"),
                   ("网站建设和网上信息公开", "重复建设问题整改", "10", "automatic", "duplicates_resolved"),
                   ("办公自动化系统应用", "协同办公设施共享", "10", "automatic", "shared_infrastructure"),
                   ("信息化培训和宣传", "月度进展按时报送", "10", "automatic", "progress_reports_on_time"),
                   ("项目进度与质量", "里程碑按基线完成", "30", "automatic", "milestones_on_baseline"),
                   ("目标任务完成", "目标任务完成情况", "20", "automatic", "targets_done")],
    "township": [("信息化资源整合", "重复建设问题整改", "20", "automatic", "duplicates_resolved"),
                 ("网站建设和网上信息公开", "政府信息公开", "15", "manual", ""),
                 ("办公自动化系统应用", "办公自动化使用率", "15", "manual", ""),
                 ("信息化培训和宣传", "月度进展按时报送", "10", "automatic", "progress_reports_on_time"),
                 ("项目进度与质量", "里程碑按基线完成", "20", "automatic", "milestones_on_baseline"),
                 ("目标任务完成", "目标任务完成情况", "20", "automatic", "targets_done")],
}
MANUAL_SCORES = {"甲镇": ("14", "13.5"), "乙街道": ("11", "10")}


def assess_the_year(j: Journey) -> None:
    """The office writes both schemes, runs the round, scores by hand, finalises and publishes."""
    from tongchou.org.models import Unit

    j.go(f"/assessment/schemes/{YEAR}/")
    for applies_to in SCHEMES:
        j.submit(f"form[action$='/schemes/{YEAR}/create/']:has(input[value={applies_to}]) button:not([name=copy])")
    for applies_to, indicators in SCHEMES.items():
        for category, name, maximum, kind, computation in indicators:
            form = f"[data-testid=scheme-{applies_to}] form[action$='/indicators/']"
            j.page.select_option(f"{form} select[name=category]", label=category)
            j.page.fill(f"{form} input[name=name]", name)
            j.page.fill(f"{form} input[name=max_score]", maximum)
            j.page.select_option(f"{form} select[name=kind]", kind)
            if computation:
                j.page.select_option(f"{form} select[name=computation]", computation)
            j.page.fill(f"{form} textarea[name=rule]", f"{name}按年度工作要点评分")
            j.submit(f"{form} button[type=submit]")
            errors = j.page.locator(".alert-danger, .invalid-feedback")
            assert errors.count() == 0, errors.all_inner_texts()
    j.shot("assessment-schemes")
    assert j.page.locator("[data-testid=scheme-problem]").count() == 0, j.page.locator(
        "[data-testid=scheme-problem]").all_inner_texts()
    j.submit("form[action$='/rounds/start/'] button[type=submit]")
    j.page.wait_for_selector("[data-testid=round-steps]")
    j.submit("[data-testid=advance]")  # → assessor scoring, which computes the automatic indicators
    for unit_name, scores in MANUAL_SCORES.items():
        unit = Unit.objects.get(name=unit_name)
        for indicator, score in zip(("政府信息公开", "办公自动化使用率"), scores, strict=True):
            j.go(f"/assessment/rounds/{YEAR}/units/{unit.pk}/")
            row = j.page.locator("tr[data-testid^=score-]", has_text=indicator)
            row.locator("input[name=score]").fill(score)
            row.locator("input[name=comment]").fill("核定")
            with j.page.expect_navigation():
                row.locator("form[action$='/assess/'] button[type=submit]").click()
            j.page.wait_for_selector(".alert-success")
    j.shot("assessment-township-scored")
    for _step in ("review", "finalised", "published"):
        j.go(f"/assessment/rounds/{YEAR}/")
        j.submit("[data-testid=advance]")
        j.page.wait_for_selector(".alert-success")
    j.go(f"/assessment/rounds/{YEAR}/ranking/")
    j.sees("甲镇", "乙街道", within="[data-testid=ranking-table] >> nth=1")


def assert_the_year_is_recorded(project) -> None:
    from tongchou.assessment.models import Assessment
    from tongchou.assessment.selectors import ranking
    from tongchou.meetings.models import ActionItem
    from tongchou.progress.models import Bulletin, ProgressReport
    from tongchou.progress.selectors import project_allocation
    from tongchou.projects.models import ChangeRequest

    project.refresh_from_db()
    assert project.status == "in_implementation"
    assert project_allocation(project) == Decimal("1000000.00")
    reports = list(ProgressReport.objects.filter(project=project).order_by("month"))
    assert [(r.month.month, r.status, r.submitted_late) for r in reports] == [
        (2, "submitted", False), (3, "submitted", True)]
    assert project.delay_explanations.get().cause == "两个部门审批流程调整，需求确认推迟"
    assert project.milestones.get(name="需求调研完成").planned_date == dt.date(YEAR, 4, 30)
    assert ChangeRequest.objects.get(project=project).status == "approved"
    assert Bulletin.objects.get(period=f"{YEAR}-03").status == "published"
    action = ActionItem.objects.select_related("decision", "owner_unit").get()
    assert action.owner_unit == project.unit and action.decision is not None
    assert action.decision.text == "要求甲镇7月底前完成需求确认并接入市级共享平台"
    assessment = Assessment.objects.get(year=YEAR)
    assert assessment.status == "published"
    # the township competes with the subdistrict (whose proposal, still unreviewed, owes no report yet)
    ranks = {row.unit_name: (row.type, row.rank, row.total) for row in ranking(assessment)}
    assert ranks["甲镇"][0] == ranks["乙街道"][0]
    assert sorted([ranks["甲镇"][1], ranks["乙街道"][1]]) == [1, 2]
    assert ranks["甲镇"][2] > 0
