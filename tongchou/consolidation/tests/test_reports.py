"""Savings reports add up; the Excel export writes numbers as numbers and text as text."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from tongchou.consolidation import selectors, services
from tongchou.consolidation.models import Saving
from tongchou.testing.world import SETUP, make_project


def _saving(
    world: Any,
    amount: str,
    kind: str,
    projects: list[str],
    title: str = "节约",
    year: int | None = None,
) -> Saving:
    return services.saving_create(
        actor=SETUP,
        data={
            "title": title,
            "kind": kind,
            "amount": amount,
            "basis": "依据",
            "projects": [world.projects[p].pk for p in projects],
            "year": year,
        },
    )


def test_savings_report_adds_up_by_every_grouping(world: Any) -> None:
    # given savings on both programmes and units, one estimated
    _saving(world, "2000000", "merged_modules", ["A", "B"])
    _saving(world, "4500000", "merged_platform", ["B"])
    _saving(world, "0.10", "reused_system", ["A"], year=2025)
    services.unit_price_set(actor=SETUP, resource="vcpu", price="0.10")
    pool = services.asset_create(
        actor=SETUP,
        data={"code": "P", "name": "池", "kind": "server", "operator": world.units["OFF"], "vcpu": "100"},
    )
    need = services.need_create(actor=SETUP, project=world.projects["A"], data={"description": "x", "vcpu": "2"})
    services.allocation_create(actor=SETUP, need=need, asset=pool)
    # when
    report = selectors.savings_report(user=world.people["office"])
    # then
    assert report["confirmed"] == Decimal("6500000.10")
    assert report["estimated"] == Decimal("0.20")
    assert report["total"] == Decimal("6500000.30")
    for key in ("by_year", "by_programme", "by_kind", "by_unit"):
        assert sum((r["total"] for r in report[key]), Decimal(0)) == report["total"], key
        assert sum(r["count"] for r in report[key]) == report["count"] == 4
    by_unit = {r["label"]: r["total"] for r in report["by_unit"]}
    assert by_unit == {"甲镇": Decimal("2000000.30"), "乙街道": Decimal("4500000.00")}
    assert selectors.savings_report(user=world.people["office"], year=2025)["total"] == Decimal("0.10")


def test_a_unit_sees_savings_of_its_projects_only(world: Any) -> None:
    _saving(world, "100", "merged_modules", ["B"])
    _saving(world, "200", "merged_modules", ["A", "B"])
    assert selectors.savings_report(user=world.people["unit"])["total"] == Decimal("200.00")
    assert selectors.savings_report(user=world.people["leader"])["total"] == Decimal("300.00")


def test_excel_export_numbers_and_formula_like_text(world: Any, client_for: Any) -> None:
    # given text that a spreadsheet would run as a formula
    for i, title in enumerate(["=1+1", "+SUM(A1)", "-2", "@cmd", "\tTAB", "\rCR", "正常标题"]):
        _saving(world, f"{1000 + i}.50", "merged_modules", ["A"], title=title)
    make_project(world, unit="A", programme="P1", code="=HYPERLINK(1)", name="x")
    # when
    response = client_for("office").get("/consolidation/reports/savings.xlsx")
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ledger = wb.worksheets[0]
    header = [c.value for c in ledger[1]]
    title_col, amount_col = header.index("Title") if "Title" in header else 0, 3
    rows = list(ledger.iter_rows(min_row=2))
    titles = {r[title_col].value for r in rows}
    assert {"=1+1", "+SUM(A1)", "-2", "@cmd", "正常标题"} <= titles
    for row in rows:
        assert row[title_col].data_type == "s"
        assert isinstance(row[amount_col].value, float | int)
        assert row[1].data_type == "n"  # the year is a number
    total = sum(Decimal(str(r[amount_col].value)) for r in rows)
    assert total == Decimal("7024.50")
    by_kind = wb.worksheets[3]
    last = list(by_kind.iter_rows(min_row=2))[-1]
    assert Decimal(str(last[4].value)) == Decimal("7024.50")
    # no cell anywhere holds a formula
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_excel_export_writes_a_formula_like_project_and_title_as_text(world: Any, client_for: Any) -> None:
    # given a saving titled "=1+1", credited to a project coded "=1+1"
    world.projects["EVIL"] = make_project(world, unit="A", programme="P1", code="=1+1", name="=1+1")
    _saving(world, "1000.50", "merged_modules", ["EVIL"], title="=1+1")
    # when
    response = client_for("office").get("/consolidation/reports/savings.xlsx")
    # then: the title, the credited project and the projects involved are string cells with the quote prefix
    wb = load_workbook(io.BytesIO(response.content))
    ledger = wb.worksheets[0]
    header = [c.value for c in ledger[1]]
    row = next(r for r in ledger.iter_rows(min_row=2) if r[0].value == "=1+1")
    for name in ("标题", "计入项目", "涉及项目"):
        cell = row[header.index(name)]
        assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True), name
    assert (row[3].value, row[3].number_format) == (1000.5, "#,##0.00")
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)


def test_reports_page_shows_totals(world: Any, client_for: Any) -> None:
    _saving(world, "2000000", "merged_modules", ["A"])
    page = client_for("leader").get("/consolidation/reports/").content.decode()
    assert "200.00万元" in page


def test_api_assets_allocations_savings(world: Any, client_for: Any) -> None:
    office = client_for("office")

    def post(url: str, data: Any) -> Any:
        return office.post(url, data=json.dumps(data), content_type="application/json")

    asset = post(
        "/api/v1/assets/",
        {"code": "VM", "name": "池", "kind": "server", "operator": world.units["OFF"].pk, "vcpu": "16"},
    )
    assert asset.status_code == 201, asset.content
    bad = post(
        "/api/v1/assets/",
        {"code": "VM", "name": "池", "kind": "server", "operator": world.units["OFF"].pk, "vcpu": "abc"},
    )
    assert bad.status_code == 400 and bad.json()["field"] in ("vcpu", "code")
    need = post("/api/v1/infra-needs/", {"project": world.projects["A"].pk, "description": "应用", "vcpu": "12"})
    assert need.status_code == 201, need.content
    alloc = post("/api/v1/capacity-allocations/", {"need": need.json()["id"], "asset": asset.json()["id"]})
    assert alloc.status_code == 201, alloc.content
    need2 = post("/api/v1/infra-needs/", {"project": world.projects["B"].pk, "description": "库", "vcpu": "8"})
    refused = post("/api/v1/capacity-allocations/", {"need": need2.json()["id"], "asset": asset.json()["id"]})
    assert refused.status_code == 409 and refused.json()["field"] == "asset"
    listed = office.get(f"/api/v1/assets/{asset.json()['id']}/").json()
    assert listed["allocated"]["vcpu"] == "12.00"
    saving = post(
        "/api/v1/savings/",
        {
            "title": "合并",
            "kind": "merged_modules",
            "amount": "200万",
            "basis": "b",
            "projects": [world.projects["A"].pk],
        },
    )
    assert saving.status_code == 201 and saving.json()["amount"] == "2000000.00"
    bad_saving = post(
        "/api/v1/savings/",
        {
            "title": "合并",
            "kind": "merged_modules",
            "amount": "-1",
            "basis": "b",
            "projects": [world.projects["A"].pk],
        },
    )
    assert bad_saving.status_code == 400 and bad_saving.json()["field"] == "amount"
    missing = post("/api/v1/capacity-allocations/", {"need": 999999, "asset": asset.json()["id"]})
    assert missing.status_code == 404
