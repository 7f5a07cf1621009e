"""The fund ledger as an .xlsx file: exactly the list with its filters, amounts as numbers."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from tongchou.funds import services
from tongchou.funds.models import LedgerEntry
from tongchou.testing.queries import assert_constant_queries
from tongchou.testing.world import SETUP, make_project

from .conftest import approve

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content)).active


def _rows(sheet) -> dict[int, dict[str, object]]:
    header = [c.value for c in sheet[1]]
    return {row[0]: dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_the_ledger_page_exports_exactly_its_list(world, fund, client_for):
    # given allocations to both projects, a disbursement, and a payee that would be a formula
    a, b = world.projects["A"], world.projects["B"]
    services.allocation_create(actor=SETUP, project=a, amount="600000.10")
    services.allocation_create(actor=SETUP, project=b, amount="12345.67")
    paid = services.disbursement_create(actor=SETUP, project=a, amount="1000.05", payee="=1+1", voucher_number="V-1")
    client = client_for("finance")
    page = client.get(reverse("funds:ledger", args=[fund.year]) + "?kind=allocation")
    # the page's export button carries the page's filters
    export_url = reverse("funds:ledger_export", args=[fund.year]) + "?kind=allocation"
    assert export_url.replace("&", "&amp;") in page.content.decode()
    # when
    sheet = _sheet(client.get(export_url))
    # then: the allocations only, with Chinese headers, a frozen header row and set widths
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["台账编号", "日期", "类型", "项目编号", "项目", "工程", "单位", "金额（元）"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 36
    rows = _rows(sheet)
    listed = [e.pk for e in page.context["page"].object_list]
    assert list(rows) == listed
    amounts = {r["项目编号"]: r["金额（元）"] for r in rows.values()}
    assert Decimal(str(amounts[a.code])) == Decimal("600000.10")
    assert Decimal(str(amounts[b.code])) == Decimal("12345.67")
    assert all(r["类型"] == "经费安排" for r in rows.values())
    cell = sheet.cell(row=2, column=header.index("金额（元）") + 1)
    assert cell.data_type == "n" and cell.number_format == "#,##0.00"
    # and the disbursement's formula-like payee stays text
    paid_sheet = _sheet(client.get(reverse("funds:ledger_export", args=[fund.year]) + "?moves=disbursed"))
    [(pk, row)] = _rows(paid_sheet).items()
    assert pk == paid.pk and row["收款单位/承建单位"] == "=1+1"
    payee = paid_sheet.cell(row=2, column=header.index("收款单位/承建单位") + 1)
    assert payee.data_type == "s"
    assert Decimal(str(row["已拨付变动（元）"])) == Decimal("1000.05")


def test_the_ledger_export_follows_the_ledger_pages_visibility(world, fund, client_for):
    url = reverse("funds:ledger_export", args=[fund.year])
    assert client_for("unit").get(url).status_code == 403
    assert client_for("anonymous").get(url).status_code == 302


def test_the_api_exports_the_ledger_with_its_filters_and_a_unit_sees_its_own(world, fund, client_for):
    # given entries of unit A's and unit B's projects
    services.allocation_create(actor=SETUP, project=world.projects["A"], amount="1000")
    services.allocation_create(actor=SETUP, project=world.projects["B"], amount="2000")
    url = reverse("ledger-entry-export")
    # when / then: the office sees both, a unit only its own, as ?format=xlsx or plain
    office = _rows(_sheet(client_for("office").get(url + f"?format=xlsx&year={fund.year}")))
    assert sorted(Decimal(str(r["金额（元）"])) for r in office.values()) == [Decimal("1000"), Decimal("2000")]
    unit = _rows(_sheet(client_for("unit").get(url)))
    assert [r["项目编号"] for r in unit.values()] == [world.projects["A"].code]
    programme = world.projects["B"].programme_id
    filtered = _rows(_sheet(client_for("office").get(url + f"?programme={programme}")))
    assert set(filtered) == set(LedgerEntry.objects.filter(programme_id=programme).values_list("pk", flat=True))


def test_the_api_ledger_export_refuses_anonymous_with_json(world, client_for):
    response = client_for("anonymous").get(reverse("ledger-entry-export") + "?format=xlsx")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_the_ledger_export_queries_do_not_grow_with_the_ledger(world, fund, client_for):
    client = client_for("office")
    made = [0]

    def grow(n: int) -> None:
        for _ in range(n):
            i = made[0] = made[0] + 1
            project = make_project(world, unit="A", programme="P1", code=f"L-{i}", name=f"台账项目{i}",
                                   budget="100000")
            approve(project)
            services.allocation_create(actor=SETUP, project=project, amount="10000")

    assert_constant_queries(lambda: client.get(reverse("funds:ledger_export", args=[fund.year])), grow)
