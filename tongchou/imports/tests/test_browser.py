import pytest

from tongchou.projects.models import Project
from tongchou.testing.world import PASSWORD

from .sheets import plan_rows, xlsx_bytes


@pytest.mark.browser
def test_a_new_user_imports_a_plan_through_the_browser(world, live_server, page, tmp_path):
    # given: a plan made by hand in the Chinese layout
    path = tmp_path / "2026年度信息化项目计划.xlsx"
    path.write_bytes(xlsx_bytes(plan_rows(world, 2026)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    # when: upload, confirm the proposed columns with a year, look at the preview, import
    page.goto(f"{live_server.url}/imports/")
    page.select_option("select[name=kind]", "projects")
    page.set_input_files("input[name=file]", str(path))
    page.click("[data-testid=upload-form] button[type=submit]")
    page.fill("input[name=default_year]", "2026")
    page.click("[data-testid=mapping-form] button[type=submit]")
    page.wait_for_selector("[data-testid=preview-rows]")
    assert page.inner_text("[data-count=create]") == "2"
    page.click("[data-testid=commit-form] button[type=submit]")
    page.wait_for_selector(".alert-success")
    # then
    assert Project.objects.filter(code__in=["IMP-001", "IMP-002"]).count() == 2
