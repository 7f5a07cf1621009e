"""The savings and utilisation report as an Excel workbook, through the shared writer
(tongchou/documents/xlsx.py): numbers as numbers, and text always as text, so a title such as
``=HYPERLINK(...)`` can never run as a formula."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tongchou.documents.xlsx import Column, Sheet, Value, write_xlsx_sheets

from . import selectors


def _number(value: Any) -> Any:
    """An amount to the fen with thousands separators; a finer quantity (a resource's capacity)
    with two decimals."""
    if isinstance(value, Decimal):
        return Value(value, "money" if value == value.quantize(Decimal("0.01")) else "fixed2")
    return value


def _sheet(title: str, header: list[str], rows: list[list[Any]]) -> Sheet:
    # "number" keeps a count or a year as the spreadsheet shows any number; text stays text in it.
    columns = [Column(h, "number", 36 if i == 0 else 18) for i, h in enumerate(header)]
    return Sheet(title, columns, [[_number(v) for v in row] for row in rows])


def savings_workbook(*, user: Any, year: int | None = None) -> bytes:
    """The savings ledger, its totals by year, programme, kind and unit, and the assets' utilisation."""
    savings = list(selectors.saving_list(user=user, year=year))
    ledger_header = [
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
    ]
    ledger_rows = [
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
    ]
    sheets = [_sheet(_("Savings ledger"), ledger_header, ledger_rows)]
    report = selectors.savings_report(user=user, year=year)
    for key, title, first in (
        ("by_year", _("By year"), _("Year")),
        ("by_programme", _("By programme"), _("Programme")),
        ("by_kind", _("By kind"), _("Kind")),
        ("by_unit", _("By unit"), _("Unit")),
    ):
        rows = [[r["label"], r["count"], r["confirmed"], r["estimated"], r["total"]] for r in report[key]]
        rows.append([_("Total"), report["count"], report["confirmed"], report["estimated"], report["total"]])
        sheets.append(_sheet(title, [first, _("Entries"), _("Confirmed"), _("Estimated"), _("Total")], rows))
    utilisation = [
        [
            f"{row['asset'].code} {row['asset'].name}",
            str(res["label"]),
            str(res["unit"]),
            res["capacity"],
            res["allocated"],
            res["free"],
            res["percent"],
        ]
        for row in selectors.utilisation(list(selectors.asset_list()))
        for res in row["resources"]
    ]
    utilisation_header = [
        _("Asset"),
        _("Resource"),
        _("Unit of measure"),
        _("Capacity"),
        _("Allocated"),
        _("Free"),
        _("Percent used"),
    ]
    sheets.append(_sheet(_("Utilisation"), utilisation_header, utilisation))
    return write_xlsx_sheets(sheets)
