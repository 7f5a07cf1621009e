"""The progress-report lists as .xlsx: the page's rows with its filters, numbers as numbers, Chinese
headers, and a unit's file holding its own unit's rows only."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tongchou.documents.xlsx import XLSX_CONTENT_TYPE

from ..exports import OVERVIEW_COLUMNS, REPORT_COLUMNS
from ..periods import add_months
from .factories import last_month
from .portfolio import build_portfolio


@pytest.fixture
def portfolio(world):
    return build_portfolio(world)


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_office_exports_every_report_with_numbers_and_chinese_headers(portfolio, client_for):
    # when
    sheet, header, rows = _sheet(client_for("office").get(reverse("progress:report_export")))
    # then: the four reports (A, A2 twice, B), newest month first as on the page
    assert list(header) == [c.header for c in REPORT_COLUMNS]
    assert header[:7] == ("月份", "项目编号", "项目名称", "责任单位", "所属工程", "状态", "完成进度")
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 36
    assert [(r["项目编号"], r["月份"], r["状态"]) for r in rows] == [
        ("A-001", f"{last_month():%Y-%m}", "已提交"), ("A-002", f"{last_month():%Y-%m}", "草稿"),
        ("B-001", f"{last_month():%Y-%m}", "已提交"),
        ("A-002", f"{add_months(last_month(), -1):%Y-%m}", "已通过")]
    b = rows[2]
    assert b["项目名称"] == "乙街道视频监控平台" and b["责任单位"] == "乙街道" and b["所属工程"] == "城市信息化工程"
    assert b["逾期提交"] == "是" and rows[0]["逾期提交"] == "否" and rows[1]["逾期提交"] is None
    assert b["滞后原因分析"] == "关键设备采购流标"
    # Numbers are numbers: 20 % is the fraction 0.2 shown with the percent format; money is yuan.
    percent = sheet.cell(row=4, column=7)
    assert percent.data_type == "n" and Decimal(str(percent.value)) == Decimal("0.2")
    assert percent.number_format == "0.0%"
    money = sheet.cell(row=4, column=8)
    assert money.data_type == "n" and money.value == 0 and money.number_format == "#,##0.00"
    assert sheet.cell(row=4, column=9).is_date


def test_the_export_keeps_the_lists_filters(portfolio, client_for):
    client = client_for("office")
    _, _, submitted = _sheet(client.get(reverse("progress:report_export") + "?status=submitted"))
    assert {r["项目编号"] for r in submitted} == {"A-001", "B-001"}
    page = client.get(reverse("progress:report_list") + "?status=submitted").content.decode()
    assert page.count('data-testid="report-row"') == len(submitted)
    assert f'{reverse("progress:report_export")}?status=submitted' in page  # the button carries the filter
    _, _, of_b = _sheet(client.get(reverse("progress:report_export")
                                               + f"?unit={portfolio.units['B'].pk}"))
    assert {r["项目编号"] for r in of_b} == {"B-001"}


def test_a_unit_exports_only_its_own_units_reports(portfolio, client_for):
    client = client_for("other_unit")  # unit B
    for params in ("", f"?unit={portfolio.units['A'].pk}", f"?project={portfolio.projects['A'].pk}"):
        _, _, rows = _sheet(client.get(reverse("progress:report_export") + params))
        assert all(r["责任单位"] == "乙街道" for r in rows)
        assert {r["项目编号"] for r in rows} == ({"B-001"} if not params else set())
    _, _, rows = _sheet(client.get(reverse("progress:overview_export")))
    assert [r["项目编号"] for r in rows] == ["B-001", "B-002"]


def test_the_overview_exports_the_months_missing_reports(portfolio, client_for):
    client = client_for("office")
    month = f"{last_month():%Y-%m}"
    page = client.get(reverse("progress:overview") + f"?month={month}&state=missing").content.decode()
    assert f'{reverse("progress:overview_export")}?month={month}&amp;state=missing' in page
    _, header, rows = _sheet(client.get(reverse("progress:overview_export") + f"?month={month}&state=missing"))
    assert list(header) == [c.header for c in OVERVIEW_COLUMNS]
    assert [(r["责任单位"], r["项目编号"], r["报告状态"]) for r in rows] == [("甲镇", "A-002", "未报"),
                                                                            ("乙街道", "B-002", "未报")]
    assert page.count('data-testid="overview-row"') == len(rows)
    _, _, late = _sheet(client.get(reverse("progress:overview_export") + f"?month={month}&state=late"))
    assert [(r["项目编号"], r["报告状态"], r["逾期提交"]) for r in late] == [("B-001", "已提交", "是")]


def test_the_api_exports_the_report_list_with_its_filters(portfolio, client_for):
    office = client_for("office")
    _, _, rows = _sheet(office.get("/api/v1/progress-reports/export/?format=xlsx&status=submitted"))
    listed = office.get("/api/v1/progress-reports/?status=submitted").json()
    listed = listed["results"] if isinstance(listed, dict) else listed
    assert sorted(r["项目编号"] for r in rows) == sorted(r["project_code"] for r in listed) == ["A-001", "B-001"]
    _, _, mine = _sheet(client_for("unit").get("/api/v1/progress-reports/export/?format=xlsx"))
    assert mine and all(r["责任单位"] == "甲镇" for r in mine)


def test_a_bad_filter_gets_a_clear_message_not_a_file(portfolio, client_for):
    response = client_for("office").get("/api/v1/progress-reports/export/?format=xlsx&month=2026-13")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["field"] == "month"
    page = client_for("office").get(reverse("progress:report_export") + "?month=abc")
    assert page.status_code == 400 and "YYYY-MM" in page.content.decode()
