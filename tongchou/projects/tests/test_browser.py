"""A unit's person, in a real browser: log in, create a project in Chinese, find it, log out."""

import pytest

from tongchou.projects.models import Project
from tongchou.testing.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_user_creates_a_project_in_chinese_and_sees_it_in_the_list(
        page, live_server, world, screenshot_dir) -> None:
    # given a unit user at the login page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "unit")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")

    # when they create a project with Chinese text and a budget typed in 万
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("#id_code", "JZ-2026-01")
    page.fill("#id_name", "甲镇智慧党建平台")
    page.select_option("#id_programme", label="电子政务工程")
    page.fill("#id_owner_name", "王小明")
    page.fill("#id_requested_budget", "８５万")
    page.fill("#id_description", "建设党员管理、组织生活和积分考核功能。")
    page.locator("input[name=module_name]:not([disabled])").first.fill("党员管理")
    page.locator("textarea[name=module_description]:not([disabled])").first.fill("党员信息和组织关系")
    page.screenshot(path=str(screenshot_dir / "project-create.png"), full_page=True)
    page.click("[data-testid=project-form] button[type=submit]")

    # then the project is saved for their unit and shows in the list
    page.wait_for_selector("[data-testid=status]")
    project = Project.objects.get(code="JZ-2026-01")
    assert project.unit == world.units["A"]
    assert str(project.requested_budget) == "850000.00"
    assert project.modules.get().name == "党员管理"
    page.goto(f"{live_server.url}/projects/?q=智慧党建")
    row = page.locator("[data-testid=project-table] tbody tr")
    assert row.count() == 1
    assert "甲镇智慧党建平台" in row.first.inner_text()
    page.screenshot(path=str(screenshot_dir / "project-list.png"), full_page=True)

    # and they log out
    page.click("text=退出")
    page.wait_for_selector("#id_username")
    assert "/accounts/login/" in page.url


def test_bad_budget_shows_a_chinese_message_and_keeps_what_was_typed(page, live_server, world) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "unit")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("#id_code", "JZ-BAD")
    page.fill("#id_name", "预算填错的项目")
    page.select_option("#id_programme", label="电子政务工程")
    page.fill("#id_owner_name", "王小明")
    page.fill("#id_requested_budget", "一百万")
    page.click("[data-testid=project-form] button[type=submit]")
    error = page.locator("[data-field-error=requested_budget]")
    assert "不是有效金额" in error.inner_text()
    assert page.input_value("#id_name") == "预算填错的项目"
    assert not Project.objects.filter(code="JZ-BAD").exists()
