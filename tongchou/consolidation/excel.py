"""The savings and utilisation report as an Excel workbook. Numbers are written as numbers; text
is always written as text, so a title such as ``=HYPERLINK(...)`` can never run as a formula."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from . import selectors

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"


def put(ws: Worksheet, row: int, col: int, value: Any) -> Cell:
    """One cell: Decimal and int as numbers, everything else as text (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Decimal):
        cell.value = float(value)  # openpyxl stores numbers; read back with Decimal(str(v)) (pitfalls.md)
        cell.number_format = MONEY_FORMAT if value == value.quantize(Decimal("0.01")) else "0.00"
    elif isinstance(value, bool) or value is None:
        cell.value = "" if value is None else str(value)
        cell.data_type = "s"
    elif isinstance(value, int | float):
        cell.value = value
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # even "=1+1" or "@SUM(A1)" stays a string
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _table(ws: Worksheet, header: list[str], rows: list[list[Any]]) -> None:
    for col, title in enumerate(header, start=1):
        put(ws, 1, col, title).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            put(ws, r, col, value)
    for col in range(1, len(header) + 1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = 18 if col > 1 else 36


def savings_workbook(*, user: Any, year: int | None = None) -> bytes:
    wb = Workbook()
    ledger = wb.active
    ledger.title = _("Savings ledger")[:31]
    savings = list(selectors.saving_list(user=user, year=year))
    _table(
        ledger,
        [
            _("Title"),
            _("Year"),
            _("Kind"),
            _("Amount (yuan)"),
            _("Status"),
            _("Credited project"),
            _("Programme"),
            _("Unit"),
            _("Projects involved"),
            _("Basis of the estimate"),
        ],
        [
            [
                s.title,
                s.year,
                s.get_kind_display(),
                s.amount,
                s.get_status_display(),
                s.project.code,
                s.project.programme.name,
                s.project.unit.name,
                "、".join(p.code for p in s.projects.all()),
                s.basis,
            ]
            for s in savings
        ],
    )
    report = selectors.savings_report(user=user, year=year)
    for key, title, first in (
        ("by_year", _("By year"), _("Year")),
        ("by_programme", _("By programme"), _("Programme")),
        ("by_kind", _("By kind"), _("Kind")),
        ("by_unit", _("By unit"), _("Unit")),
    ):
        ws = wb.create_sheet(str(title)[:31])
        rows = [[r["label"], r["count"], r["confirmed"], r["estimated"], r["total"]] for r in report[key]]
        rows.append([_("Total"), report["count"], report["confirmed"], report["estimated"], report["total"]])
        _table(ws, [first, _("Entries"), _("Confirmed"), _("Estimated"), _("Total")], rows)
    ws = wb.create_sheet(_("Utilisation")[:31])
    rows = []
    for row in selectors.utilisation(list(selectors.asset_list())):
        for res in row["resources"]:
            rows.append(
                [
                    f"{row['asset'].code} {row['asset'].name}",
                    str(res["label"]),
                    str(res["unit"]),
                    res["capacity"],
                    res["allocated"],
                    res["free"],
                    res["percent"],
                ]
            )
    _table(
        ws,
        [
            _("Asset"),
            _("Resource"),
            _("Unit of measure"),
            _("Capacity"),
            _("Allocated"),
            _("Free"),
            _("Percent used"),
        ],
        rows,
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
