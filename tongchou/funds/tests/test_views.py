from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tongchou.funds import planning, services
from tongchou.funds.models import LedgerEntry, PlanStatus
from tongchou.projects.models import Tier
from tongchou.testing.queries import assert_constant_queries
from tongchou.testing.world import SETUP, make_project

from .conftest import approve


def test_analysis_page_draws_charts_from_json_without_inline_scripts(world, fund, client_for):
    services.allocation_create(actor=SETUP, project=world.projects["A"], amount="600000")
    html = client_for("leader").get(f"/funds/{fund.year}/analysis/").content.decode()
    assert 'id="fund-chart-data" type="application/json"' in html
    assert "vendor/echarts/echarts.min.js" in html and "funds/analysis.js" in html
    inline = [
        s for s in re.findall(r"<script([^>]*)>", html) if "src=" not in s and "application/json" not in s
    ]
    assert inline == []
    assert "¥600,000.00" in html


def test_excel_export_writes_numbers_as_numbers_and_formulas_as_text(world, fund, client_for):
    # given a project whose name would be a formula
    evil = make_project(
        world, unit="A", programme="P1", code="EVIL", name='=HYPERLINK("http://x")', budget="100000"
    )
    approve(evil)
    services.allocation_create(actor=SETUP, project=evil, amount="12345.67")
    # when
    response = client_for("finance").get(f"/funds/{fund.year}/analysis.xlsx")
    # then
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = book.worksheets[0]
    committed_row = [row for row in summary.iter_rows(values_only=True) if row[1] == 12345.67]
    assert committed_row, "the committed amount is a number in yuan"
    assert Decimal(str(committed_row[0][2])) == Decimal("1.2346")  # and in 万元
    projects = book.worksheets[4]
    name_cell = projects.cell(row=2, column=2)
    assert name_cell.value == '=HYPERLINK("http://x")'
    assert name_cell.data_type == "s"


def test_excel_export_writes_a_formula_like_project_name_as_text_on_every_sheet(world, fund, client_for):
    # given a project named "=1+1", committed, and another waiting in the reserve
    evil = make_project(world, unit="A", programme="P1", code="=1+1", name="=1+1", budget="100000")
    approve(evil)
    services.allocation_create(actor=SETUP, project=evil, amount="1000")
    # when
    response = client_for("finance").get(f"/funds/{fund.year}/analysis.xlsx")
    # then: the shared writer's sheets, and the name is a string cell with the quote prefix
    book = load_workbook(io.BytesIO(response.content))
    names = [cell for sheet in book.worksheets for row in sheet.iter_rows(min_row=2) for cell in row
             if cell.value == "=1+1"]
    assert len(names) >= 2, "the code and the name on the projects sheet"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in names)
    assert all(cell.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    assert [c.value for c in book.worksheets[0][1]] == ["统计项", "金额（元）", "金额（万元）"]


@pytest.mark.parametrize(
    "url",
    [
        "/funds/",
        "/funds/{year}/",
        "/funds/{year}/ledger/",
        "/funds/{year}/plan/",
        "/funds/advances/",
        "/funds/{year}/allocate/",
    ],
)
def test_office_pages_render(world, fund, client_for, url):
    services.allocation_create(actor=SETUP, project=world.projects["A"], amount="1000")
    assert client_for("office").get(url.format(year=fund.year)).status_code == 200


def test_allocation_form_shows_the_refusal_on_the_form(world, fund, big, client_for):
    services.allocation_create(actor=SETUP, project=big, amount="9600000")
    response = client_for("office").post(
        f"/funds/{fund.year}/allocate/", {"project": world.projects["A"].pk, "amount": "50万"}
    )
    assert response.status_code == 200
    assert "¥400,000.00" in response.content.decode()
    assert LedgerEntry.objects.count() == 1


def test_office_accepts_a_proposal_adjusted_by_hand(world, fund, big, client_for):
    # given
    for project, priority in ((big, "90"), (world.projects["A"], "80"), (world.projects["B"], "70")):
        planning.candidate_set(actor=SETUP, year=fund.year, project=project, priority=priority)
    proposal = planning.plan_propose(actor=SETUP, year=fund.year)
    assert [r["code"] for r in proposal.result["selected"]] == ["A-001", "B-001"]  # 80 + 70 > 90
    # when the office chooses the big project instead, by hand
    response = client_for("office").post(f"/funds/{fund.year}/plan/{proposal.pk}/", {"selected": [big.pk]})
    # then
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == PlanStatus.ACCEPTED
    assert list(LedgerEntry.objects.filter(kind="allocation").values_list("project__code", flat=True)) == [
        "A-BIG"
    ]
    big.refresh_from_db()
    assert big.tier == Tier.GUARANTEED
    world.projects["A"].refresh_from_db()
    assert world.projects["A"].tier == Tier.RESERVE
    assert world.projects["A"].fund_candidacies.get().reserve_rank == 1


def test_nothing_is_allocated_before_acceptance(world, fund, big):
    planning.candidate_set(actor=SETUP, year=fund.year, project=big, priority="90")
    planning.plan_propose(actor=SETUP, year=fund.year)
    assert not LedgerEntry.objects.exists()


def test_list_pages_query_count_is_constant_in_page_size(world, fund, client_for):
    def grow(n):
        for _ in range(n):
            services.advance_create(actor=SETUP, project=world.projects["A"], amount="100", payee="x",
                                    agreement="y")

    client = client_for("office")
    assert_constant_queries(lambda: client.get(f"/funds/{fund.year}/ledger/"), grow)
    assert_constant_queries(lambda: client.get("/funds/advances/"), grow)
    assert_constant_queries(lambda: client.get("/api/v1/ledger/"), grow)
    assert_constant_queries(lambda: client.get("/api/v1/advance-payments/"), grow)


def test_home_shows_the_fund_to_the_office_and_what_a_unit_is_owed(world, fund, client_for):
    services.advance_create(actor=world.people["unit"], project=world.projects["A"], amount="12345", payee="x",
                            agreement="y")
    assert "¥12,345.00" in client_for("office").get("/").content.decode()
    assert "¥12,345.00" in client_for("unit").get("/").content.decode()
    assert "¥12,345.00" not in client_for("other_unit").get("/").content.decode()
