"""Reads of the assessment: rounds, sheets in scope, and the ranking.

Ranking rule (stated on the ranking page, the exports and the API): within each unit type
(departments; townships and subdistricts) sheets are ordered by total, highest first. Equal totals
are separated by fewer deduction points; units still equal share the rank (1, 2, 2, 4) and are
listed by unit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongchou.core.errors import NotFound, PermissionRefused

from .models import Assessment, RoundStatus, SchemeFor, Score, UnitAssessment
from .services import sheets_in_scope

TIE_RULE = gettext_lazy("Ranked within each unit type by total, highest first. Equal totals: fewer deduction "
                        "points ranks higher; units still equal share the rank (1, 2, 2, 4) and are listed by "
                        "unit code.")


def assessment_get(year: Any) -> Assessment:
    try:
        return Assessment.objects.get(year=int(year))
    except (Assessment.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("There is no assessment for %(year)s.") % {"year": year}) from None


def ranking_visible(user: Any, assessment: Assessment) -> bool:
    return assessment.status == RoundStatus.PUBLISHED or getattr(user, "reads_everything", False)


def require_ranking_visible(user: Any, assessment: Assessment) -> None:
    if not ranking_visible(user, assessment):
        raise PermissionRefused(_("The %(year)d ranking is not published yet.") % {"year": assessment.year})


def sheets_visible_to(user: Any, assessment: Assessment) -> QuerySet[UnitAssessment]:
    if not getattr(user, "is_authenticated", False):
        return UnitAssessment.objects.none()
    return (assessment.sheets.filter(sheets_in_scope(user))
            .select_related("unit", "scheme").order_by("scheme__applies_to", "unit__code"))


def sheet_get_for_user(*, user: Any, assessment: Assessment, unit: Any) -> UnitAssessment:
    try:
        return sheets_visible_to(user, assessment).get(unit_id=int(unit))
    except (UnitAssessment.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such unit in this assessment.")) from None


def sheet_scores(sheet: UnitAssessment) -> QuerySet[Score]:
    return (sheet.scores.select_related("indicator__category", "scored_by").prefetch_related("evidence")
            .order_by("indicator__category__position", "indicator__category_id", "indicator__position",
                      "indicator_id"))


@dataclass
class Row:
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: str
    type: str
    total: Decimal
    indicator_total: Decimal
    bonus: Decimal
    deduction: Decimal
    rank: int
    previous_total: Decimal | None = None
    previous_rank: int | None = None

    @property
    def rank_change(self) -> int | None:
        """Places gained since last year (positive = up)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def total_change(self) -> Decimal | None:
        return None if self.previous_total is None else self.total - self.previous_total

    def as_dict(self) -> dict[str, Any]:
        return {"unit": {"id": self.unit_id, "code": self.unit_code, "name": self.unit_name, "kind": self.unit_kind},
                "type": self.type, "total": f"{self.total:.2f}", "rank": self.rank,
                "indicator_total": f"{self.indicator_total:.2f}", "bonus": f"{self.bonus:.2f}",
                "deduction": f"{self.deduction:.2f}",
                "previous_total": None if self.previous_total is None else f"{self.previous_total:.2f}",
                "previous_rank": self.previous_rank, "rank_change": self.rank_change}


TYPE_ORDER = {SchemeFor.DEPARTMENT: 0, SchemeFor.TOWNSHIP: 1}


def _rank(assessment_id: int) -> list[Row]:
    rows = (UnitAssessment.objects.filter(assessment_id=assessment_id)
            .values_list("unit_id", "unit__code", "unit__name", "unit__kind", "scheme__applies_to", "total",
                         "indicator_total", "bonus", "deduction"))
    out: list[Row] = []
    by_type: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        by_type.setdefault(r[4], []).append(r)
    for kind in sorted(by_type, key=lambda k: TYPE_ORDER.get(k, 9)):  # type: ignore[call-overload]
        group = sorted(by_type[kind], key=lambda r: (-r[5], r[8], r[1]))
        previous_key = None
        rank = 0
        for position, r in enumerate(group, start=1):
            key = (r[5], r[8])
            if key != previous_key:
                rank, previous_key = position, key
            out.append(Row(r[0], r[1], r[2], r[3], r[4], Decimal(r[5]), Decimal(r[6]), Decimal(r[7]),
                           Decimal(r[8]), rank))
    return out


def ranking(assessment: Assessment, *, compare: bool = True) -> list[Row]:
    """Every unit of the round, best first within each unit type, with last year's total and rank."""
    rows = _rank(assessment.pk)
    if compare:
        previous = Assessment.objects.filter(year=assessment.year - 1).first()
        if previous is not None:
            before = {r.unit_id: r for r in _rank(previous.pk)}
            for row in rows:
                old = before.get(row.unit_id)
                if old is not None and old.type == row.type:
                    row.previous_total, row.previous_rank = old.total, old.rank
    return rows


def rounds() -> QuerySet[Assessment]:
    return Assessment.objects.order_by("-year")
