"""The ranking as an Excel workbook and as a Word report in official-document layout."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.documents import official
from tongchou.documents.xlsx import Column, write_xlsx

from . import selectors
from .models import Assessment, SchemeFor


def _change(row: selectors.Row) -> str:
    if row.rank_change is None:
        return "—"
    if row.rank_change > 0:
        return f"↑{row.rank_change}"
    if row.rank_change < 0:
        return f"↓{-row.rank_change}"
    return "="


def ranking_xlsx(assessment: Assessment) -> bytes:
    rows = selectors.ranking(assessment)
    types = dict(SchemeFor.choices)
    columns = [Column(_("Unit type"), width=18), Column(_("Rank"), "int", 8), Column(_("Unit code"), width=10),
               Column(_("Unit"), width=26), Column(_("Indicator points"), "money", 12),
               Column(_("Bonus"), "money", 10), Column(_("Deduction"), "money", 10),
               Column(_("Total"), "money", 10), Column(_("Last year's total"), "money", 12),
               Column(_("Last year's rank"), "int", 10), Column(_("Change in rank"), width=10)]
    data = [[str(types.get(r.type, r.type)), r.rank, r.unit_code, r.unit_name, r.indicator_total, r.bonus,
             r.deduction, r.total, r.previous_total, r.previous_rank, _change(r)] for r in rows]
    data.append([])
    data.append([str(selectors.TIE_RULE)])
    return write_xlsx(columns, data, sheet_title=_("Ranking %(year)d") % {"year": assessment.year},
                      title=_("%(year)d target responsibility assessment ranking") % {"year": assessment.year})


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def report_sections(assessment: Assessment) -> list[dict[str, Any]]:
    """One section per unit type, each with its ranking table, in the shape ``documents.official`` takes."""
    rows = selectors.ranking(assessment)
    numbers = ["一", "二", "三"]
    sections = []
    for index, (value, label) in enumerate(SchemeFor.choices):
        group = [r for r in rows if r.type == value]
        if not group:
            continue
        sections.append({"heading": f"{numbers[index]}、{label}", "paragraphs": [], "table": {
            "columns": [_("Rank"), _("Unit"), _("Points"), _("Bonus"), _("Deduction"), _("Total"), _("Last year")],
            "rows": [[r.rank, r.unit_name, _fmt(r.indicator_total), _fmt(r.bonus), _fmt(r.deduction), _fmt(r.total),
                      "—" if r.previous_rank is None else f"{r.previous_rank}（{_change(r)}）"] for r in group]}})
    return sections


def ranking_document(assessment: Assessment) -> dict[str, Any]:
    """The report as the plain document the official-document renderer takes: title, issuer, date,
    a foreword and one section per unit type."""
    date = assessment.published_at or assessment.finalised_at or timezone.now()
    local = timezone.localtime(date)
    count = assessment.sheets.count()
    return {
        "title": _("Notice of the results of the %(year)d target responsibility assessment")
        % {"year": assessment.year},
        "number": "", "issuer": _("Office of the Informatization Committee"),
        "date": f"{local.year}年{local.month}月{local.day}日",
        "foreword": "\n".join([
            _("In accordance with the year's target responsibility assessment scheme, the Committee Office "
              "assessed %(n)d units (departments, townships and subdistricts). The results are as follows.")
            % {"n": count}, str(selectors.TIE_RULE)]),
        "sections": report_sections(assessment),
        "conclusion": "",
    }


def ranking_docx(assessment: Assessment) -> bytes:
    """Word in official-document layout through the one shared renderer."""
    return bytes(official.render_docx(ranking_document(assessment)))


def detail_rows(assessment: Assessment) -> list[dict[str, Any]]:
    return [r.as_dict() for r in selectors.ranking(assessment)]
