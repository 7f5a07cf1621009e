"""The fund usage analysis as an Excel workbook (numbers as numbers, amounts in 元 and 万元) and
the ledger list as it is filtered on its page, both through the shared writer
(tongchou/documents/xlsx.py), which writes user text as text so a cell can never run a formula."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.money import WAN
from tongchou.documents.xlsx import Column, Sheet, Value, write_xlsx, write_xlsx_sheets

from .models import LedgerEntry

# The first two columns of every analysis sheet carry the labels and the first amount.
FIRST_WIDTH, SECOND_WIDTH, WIDTH = 28, 22, 14


def _wan(amount: Decimal) -> Decimal:
    return (amount / WAN).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _money(amount: Decimal) -> list[Decimal]:
    """The amount in 元 and in 万元, side by side."""
    return [amount, _wan(amount)]


def _money_columns(label: str) -> list[Column]:
    return [Column(f"{label}（{_('yuan')}）", "money", WIDTH), Column(f"{label}（{_('10k yuan')}）", "wan4", WIDTH)]


def _widths(columns: list[Column]) -> list[Column]:
    """The analysis sheets' widths: wide label and first amount columns, the rest alike."""
    widths = [FIRST_WIDTH, SECOND_WIDTH]
    return [
        Column(c.header, c.kind, widths[i] if i < len(widths) else c.width) for i, c in enumerate(columns)
    ]


def _summary_sheet(data: dict[str, Any]) -> Sheet:
    totals = data["totals"]
    columns = [Column(_("Item")), Column(_("Amount (yuan)"), "money"), Column(_("Amount (10k yuan)"), "wan4")]
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
    rows: list[list[Any]] = [[label, *_money(amount)] for label, amount in lines]
    rows.append([_("Execution rate (%)"), Value(totals["execution_rate"], "number")])
    rows.append([_("Year"), Value(data["fund"].year, "number")])
    rows.append([_("As of"), data["as_of"].isoformat() if data["as_of"] else _("today")])
    return Sheet(_("Summary"), _widths(columns), rows)


def _group_sheet(title: str, rows: list[dict[str, Any]]) -> Sheet:
    columns = [
        Column(title),
        *_money_columns(_("Committed")),
        *_money_columns(_("Disbursed")),
        *_money_columns(_("Not yet disbursed")),
        Column(_("Execution rate (%)"), "number", WIDTH),
    ]
    return Sheet(
        title,
        _widths(columns),
        [
            [
                row["label"],
                *_money(row["committed"]),
                *_money(row["disbursed"]),
                *_money(row["undisbursed"]),
                row["execution_rate"],
            ]
            for row in rows
        ],
    )


def _projects_sheet(projects: list[dict[str, Any]]) -> Sheet:
    columns = [
        Column(_("Code")),
        Column(_("Project")),
        Column(_("Programme")),
        Column(_("Unit")),
        Column(_("Tier")),
        *_money_columns(_("Committed")),
        *_money_columns(_("Disbursed")),
    ]
    rows = [
        [*(row[key] for key in ("code", "name", "programme", "unit", "tier")),
         *_money(row["committed"]), *_money(row["disbursed"])]
        for row in projects
    ]
    return Sheet(_("Projects"), _widths(columns), rows)


def _waiting_sheet(waiting: list[dict[str, Any]]) -> Sheet:
    columns = [
        Column(_("Code")),
        Column(_("Project")),
        Column(_("Unit")),
        *_money_columns(_("Need")),
        Column(_("Carried in")),
        Column(_("Coverable this year")),
    ]
    rows = [
        [
            item["project"].code,
            item["project"].name,
            item["project"].unit.name,
            *_money(item["need"]),
            _("yes") if item["carried_in"] else _("no"),
            _("yes") if item["coverable"] else _("no"),
        ]
        for item in waiting
    ]
    return Sheet(_("Reserve waiting"), _widths(columns), rows)


def analysis_workbook(data: dict[str, Any]) -> bytes:
    """The fund usage analysis: a summary, the groupings, the projects and the reserve waiting."""
    return write_xlsx_sheets(
        [
            _summary_sheet(data),
            _group_sheet(_("By programme"), data["by_programme"]),
            _group_sheet(_("By unit"), data["by_unit"]),
            _group_sheet(_("By tier"), data["by_tier"]),
            _projects_sheet(data["projects"]),
            _waiting_sheet(data["waiting"]),
        ]
    )


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
