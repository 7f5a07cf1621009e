"""The fund usage analysis as an Excel workbook: numbers as numbers, amounts in 元 and 万元,
and user text written as text so a cell can never run a formula (pitfalls.md); and the ledger
list as it is filtered on its page, through the shared writer (tongchou/documents/xlsx.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from tongchou.core.money import WAN
from tongchou.documents.xlsx import Column, write_xlsx

from .models import LedgerEntry

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YUAN_FORMAT = "#,##0.00"


def text_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write text that stays text, whatever it starts with."""
    text = "" if value is None else str(value)
    cell = sheet.cell(row=row, column=column)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def money_cells(sheet: Worksheet, row: int, column: int, amount: Decimal) -> None:
    """The amount in 元 and in 万元, side by side, as numbers."""
    yuan = sheet.cell(row=row, column=column, value=amount)
    yuan.number_format = YUAN_FORMAT
    wan = sheet.cell(
        row=row, column=column + 1, value=(amount / WAN).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    )
    wan.number_format = "#,##0.0000"


def _header(sheet: Worksheet, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        text_cell(sheet, 1, column, title).font = Font(bold=True)


def _money_titles(label: str) -> list[str]:
    return [f"{label}（{_('yuan')}）", f"{label}（{_('10k yuan')}）"]


def _group_sheet(book: Workbook, title: str, rows: list[dict[str, Any]]) -> None:
    sheet = book.create_sheet(title)
    _header(
        sheet,
        [
            title,
            *_money_titles(_("Committed")),
            *_money_titles(_("Disbursed")),
            *_money_titles(_("Not yet disbursed")),
            _("Execution rate (%)"),
        ],
    )
    for r, row in enumerate(rows, start=2):
        text_cell(sheet, r, 1, row["label"])
        money_cells(sheet, r, 2, row["committed"])
        money_cells(sheet, r, 4, row["disbursed"])
        money_cells(sheet, r, 6, row["undisbursed"])
        sheet.cell(row=r, column=8, value=row["execution_rate"])


def analysis_workbook(data: dict[str, Any]) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")
    totals = data["totals"]
    _header(summary, [_("Item"), _("Amount (yuan)"), _("Amount (10k yuan)")])
    lines = [
        (_("Cap"), totals["cap"]),
        (_("Committed"), totals["committed"]),
        (_("Disbursed"), totals["disbursed"]),
        (_("Remaining"), totals["remaining"]),
        (_("Advanced, not yet reimbursed"), totals["advanced_outstanding"]),
        (_("Reserve projects waiting"), data["waiting_total"]),
        (_("Of which this year's remainder can cover"), data["waiting_coverable"]),
        (_("Claim carried into next year"), data["carried_out"]),
        (_("Claim carried in from last year"), data["carried_in"]),
    ]
    for r, (label, amount) in enumerate(lines, start=2):
        text_cell(summary, r, 1, label)
        money_cells(summary, r, 2, amount)
    r = len(lines) + 2
    text_cell(summary, r, 1, _("Execution rate (%)"))
    summary.cell(row=r, column=2, value=totals["execution_rate"])
    text_cell(summary, r + 1, 1, _("Year"))
    summary.cell(row=r + 1, column=2, value=data["fund"].year)
    text_cell(summary, r + 2, 1, _("As of"))
    text_cell(summary, r + 2, 2, data["as_of"].isoformat() if data["as_of"] else _("today"))

    _group_sheet(book, _("By programme"), data["by_programme"])
    _group_sheet(book, _("By unit"), data["by_unit"])
    _group_sheet(book, _("By tier"), data["by_tier"])

    projects = book.create_sheet(_("Projects"))
    _header(
        projects,
        [
            _("Code"),
            _("Project"),
            _("Programme"),
            _("Unit"),
            _("Tier"),
            *_money_titles(_("Committed")),
            *_money_titles(_("Disbursed")),
        ],
    )
    for r, row in enumerate(data["projects"], start=2):
        for c, key in enumerate(("code", "name", "programme", "unit", "tier"), start=1):
            text_cell(projects, r, c, row[key])
        money_cells(projects, r, 6, row["committed"])
        money_cells(projects, r, 8, row["disbursed"])

    waiting = book.create_sheet(_("Reserve waiting"))
    _header(
        waiting,
        [
            _("Code"),
            _("Project"),
            _("Unit"),
            *_money_titles(_("Need")),
            _("Carried in"),
            _("Coverable this year"),
        ],
    )
    for r, item in enumerate(data["waiting"], start=2):
        project = item["project"]
        text_cell(waiting, r, 1, project.code)
        text_cell(waiting, r, 2, project.name)
        text_cell(waiting, r, 3, project.unit.name)
        money_cells(waiting, r, 4, item["need"])
        text_cell(waiting, r, 6, _("yes") if item["carried_in"] else _("no"))
        text_cell(waiting, r, 7, _("yes") if item["coverable"] else _("no"))
    for sheet in book.worksheets:
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 22
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ledger_columns() -> list[Column]:
    return [
        Column(_("Entry"), "int", 8),
        Column(_("Date"), "date", 12),
        Column(_("Kind"), "text", 14),
        Column(_("Project code"), "text", 14),
        Column(_("Project"), "text", 36),
        Column(_("Programme"), "text", 24),
        Column(_("Unit"), "text", 20),
        Column(_("Amount (yuan)"), "money", 16),
        Column(_("Committed change (yuan)"), "money", 16),
        Column(_("Disbursed change (yuan)"), "money", 16),
        Column(_("Advanced change (yuan)"), "money", 16),
        Column(_("Reimbursed change (yuan)"), "money", 16),
        Column(_("Carried-over change (yuan)"), "money", 16),
        Column(_("Payee / vendor"), "text", 28),
        Column(_("Voucher number"), "text", 16),
        Column(_("Agreement"), "text", 24),
        Column(_("Note"), "text", 36),
        Column(_("Reverses entry"), "int", 10),
        Column(_("Recorded by"), "text", 12),
        Column(_("Recorded"), "datetime", 17),
    ]


def _ledger_rows(entries: QuerySet[LedgerEntry]) -> Iterator[list[Any]]:
    for e in entries.iterator(chunk_size=2000):
        yield [
            e.pk,
            e.date,
            e.get_kind_display(),
            e.project.code,
            e.project.name,
            e.programme.name,
            e.unit.name,
            e.amount,
            e.committed_delta,
            e.disbursed_delta,
            e.advanced_delta,
            e.reimbursed_delta,
            e.carried_delta,
            e.payee,
            e.voucher_number,
            e.agreement,
            e.note,
            e.reverses_id,
            e.created_by_name,
            timezone.localtime(e.created_at),
        ]


def ledger_xlsx(entries: QuerySet[LedgerEntry], *, year: int | None) -> tuple[str, bytes]:
    """(file name, bytes) of exactly the ledger list ``entries`` (already filtered and scoped to its reader)."""
    year = year if year and year > 0 else None
    title = f"{_('Ledger')} {year or ''}".strip()
    content = write_xlsx(ledger_columns(), _ledger_rows(entries), sheet_title=title, title=title)
    return f"fund-ledger-{year or 'all'}.xlsx", content
