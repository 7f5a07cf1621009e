"""The project list's .xlsx export (web button and ``GET /api/v1/projects/export/?format=xlsx``)."""

import io
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongchou.testing.world import make_project


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_project_list_exports_with_its_filters(world, client_for):
    # given
    make_project(world, unit="A", programme="P1", code="A-002", name='=HYPERLINK("http://evil")', budget="1234.56")
    # when
    response = client_for("office").get(reverse("imports:project_export") + f"?unit={world.units['A'].pk}")
    # then
    sheet = _sheet(response)
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["项目编号", "项目名称", "年度", "所属工程", "责任单位"]
    assert sheet.freeze_panes == "A2"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"A-001", "A-002"}  # only unit A's
    evil = rows["A-002"]
    assert evil[1].data_type == "s" and evil[1].value.startswith("=")
    budget = evil[header.index("项目预算（元）")]
    assert budget.data_type == "n" and Decimal(str(budget.value)) == Decimal("1234.56")
    assert budget.number_format == "#,##0.00"
    assert evil[header.index("档次")].value == "重点保障项目"


def test_a_unit_exports_only_what_it_sees(world, client_for):
    sheet = _sheet(client_for("unit").get(reverse("imports:project_export")))
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == ["A-001"]


def test_the_api_exports_xlsx_with_the_lists_filters(world, client_for):
    response = client_for("office").get(reverse("project-export") + "?format=xlsx&search=视频")
    assert [r[0].value for r in _sheet(response).iter_rows(min_row=2)] == ["B-001"]


def test_the_api_export_refuses_anonymous_with_json(world, client_for):
    response = client_for("anonymous").get(reverse("project-export") + "?format=xlsx")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_the_project_list_has_an_export_button_keeping_the_filters(world, client_for):
    response = client_for("office").get(reverse("projects:list") + "?tier=guaranteed")
    assert f"{reverse('imports:project_export')}?tier=guaranteed" in response.content.decode()


def test_export_queries_do_not_grow_with_the_number_of_projects(world, client_for):
    client = client_for("office")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("imports:project_export"))
    for i in range(30):
        make_project(world, unit="A", programme="P1", code=f"Q-{i}", name=f"项目{i}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("imports:project_export"))
    assert len(many) == len(few)
