"""Reads of the fund: every balance is a sum over the ledger (never a stored figure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tongchou.core.errors import NotFound, PermissionRefused
from tongchou.core.money import quantize
from tongchou.core.validation import filter_id
from tongchou.projects.models import Project, Tier

from .models import FUNDABLE_STATUSES, EntryKind, Fund, LedgerEntry

DELTAS = ("committed", "disbursed", "advanced", "reimbursed", "carried")
ZERO = Decimal("0.00")


def _sum_kwargs() -> dict[str, Any]:
    return {name: Sum(f"{name}_delta") for name in DELTAS}


def sums(qs: QuerySet[LedgerEntry]) -> dict[str, Decimal]:
    """The five balances of a set of entries, quantized (SQLite sums decimals as floats)."""
    row = qs.aggregate(**_sum_kwargs())
    return {name: quantize(row[name]) for name in DELTAS}


def can_read_fund(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.reads_everything)


def can_manage_fund(user: Any) -> bool:
    """The cap: the office, and the finance bureau."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_office or user.role == "finance")
    )


def require_fund_reader(user: Any) -> None:
    if not can_read_fund(user):
        raise PermissionRefused(_("Only the office, leaders and finance see the whole fund."))


def fund_get(*, year: Any) -> Fund:
    try:
        return Fund.objects.get(year=int(year))
    except (Fund.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("There is no special fund for %(year)s.") % {"year": year}) from None


def fund_get_for_user(*, user: Any, year: Any) -> Fund:
    require_fund_reader(user)
    return fund_get(year=year)


def entries(fund: Fund, as_of: dt.date | None = None) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.filter(fund=fund)
    if as_of is not None:
        qs = qs.filter(date__lte=as_of)
    return qs


def fund_totals(fund: Fund, as_of: dt.date | None = None) -> dict[str, Any]:
    totals: dict[str, Any] = sums(entries(fund, as_of))
    totals["cap"] = quantize(fund.cap)
    totals["remaining"] = totals["cap"] - totals["committed"]
    totals["advanced_outstanding"] = totals["advanced"] - _reimbursed_of_fund_advances(fund, as_of)
    totals["execution_rate"] = _rate(totals["disbursed"], totals["committed"])
    return totals


def _reimbursed_of_fund_advances(fund: Fund, as_of: dt.date | None) -> Decimal:
    """Reimbursements (from any year's fund) of the advances recorded in ``fund``."""
    qs = LedgerEntry.objects.filter(advance__fund=fund)
    if as_of is not None:
        qs = qs.filter(date__lte=as_of)
    return quantize(qs.aggregate(total=Sum("reimbursed_delta"))["total"])


def _rate(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(Decimal("0.1")) if whole else Decimal("0.0")


def project_balance(fund: Fund, project: Project) -> dict[str, Decimal]:
    balance = sums(LedgerEntry.objects.filter(fund=fund, project=project))
    balance["undisbursed"] = balance["committed"] - balance["disbursed"]
    return balance


def advance_outstanding(advance: LedgerEntry) -> Decimal:
    advanced = quantize(
        LedgerEntry.objects.filter(Q(pk=advance.pk) | Q(reverses=advance)).aggregate(t=Sum("advanced_delta"))[
            "t"
        ]
    )
    reimbursed = quantize(
        LedgerEntry.objects.filter(advance=advance).aggregate(t=Sum("reimbursed_delta"))["t"]
    )
    return advanced - reimbursed


def breakdown(fund: Fund, by: str, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Balances grouped by ``programme``, ``unit`` or ``tier`` (the project's tier)."""
    keys = {
        "programme": ("programme_id", "programme__name"),
        "unit": ("unit_id", "unit__name"),
        "tier": ("project__tier", "project__tier"),
    }[by]
    rows = entries(fund, as_of).values(*keys).annotate(**_sum_kwargs()).order_by(keys[0])
    tier_labels = dict(Tier.choices)
    result = []
    row: Any
    for row in rows:
        item: dict[str, Any] = {name: quantize(row[name]) for name in DELTAS}
        item["key"] = row[keys[0]]
        item["label"] = str(tier_labels.get(row[keys[1]], row[keys[1]])) if by == "tier" else row[keys[1]]
        item["undisbursed"] = item["committed"] - item["disbursed"]
        item["execution_rate"] = _rate(item["disbursed"], item["committed"])
        result.append(item)
    return result


def project_rows(fund: Fund, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    rows = (
        entries(fund, as_of)
        .values(
            "project_id", "project__code", "project__name", "project__tier", "programme__name", "unit__name"
        )
        .annotate(**_sum_kwargs())
        .order_by("project__code")
    )
    result = []
    row: Any
    for row in rows:
        item: dict[str, Any] = {name: quantize(row[name]) for name in DELTAS}
        item.update(
            project_id=row["project_id"],
            code=row["project__code"],
            name=row["project__name"],
            tier=row["project__tier"],
            programme=row["programme__name"],
            unit=row["unit__name"],
        )
        item["undisbursed"] = item["committed"] - item["disbursed"]
        result.append(item)
    return result


def _money_subquery(qs: QuerySet[LedgerEntry], column: str) -> Any:
    return Coalesce(
        Subquery(qs.values("project").annotate(t=Sum(column)).values("t")[:1]),
        Value(ZERO),
        output_field=DecimalField(max_digits=15, decimal_places=2),
    )


def reserve_waiting(fund: Fund, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Approved reserve projects whose need this fund has not covered, ranked (candidate rank,
    then priority, then the smaller need first), with whether this year's remainder covers each."""
    ledger = LedgerEntry.objects.filter(project=OuterRef("pk"))
    if as_of is not None:
        ledger = ledger.filter(date__lte=as_of)
    projects = (
        Project.objects.filter(tier=Tier.RESERVE, status__in=FUNDABLE_STATUSES, year__lte=fund.year)
        .annotate(
            committed_here=_money_subquery(ledger.filter(fund=fund), "committed_delta"),
            committed_all=_money_subquery(ledger, "committed_delta"),
            carried_earlier=_money_subquery(ledger.filter(fund__year__lt=fund.year), "carried_delta"),
        )
        # An earlier year's reserve project claims this fund only if it was carried over (said in
        # SQL so a province's past reserve projects are not loaded one by one to be dropped).
        .filter(Q(year=fund.year) | ~Q(carried_earlier=0))
        .select_related("unit", "programme")
    )
    candidates = {c.project_id: c for c in fund.candidates.all()}
    remaining = fund_totals(fund, as_of)["remaining"]
    waiting: list[dict[str, Any]] = []
    for project in projects:
        candidate = candidates.get(project.pk)
        need_total = candidate.amount if candidate else project.requested_budget
        need = quantize(need_total) - quantize(project.committed_here)
        if project.year < fund.year:
            need = quantize(project.carried_earlier) - quantize(project.committed_here)
        elif not candidate:
            need = quantize(project.requested_budget) - quantize(project.committed_all)
        if need <= 0:
            continue
        waiting.append(
            {
                "project": project,
                "need": need,
                "carried_in": project.year < fund.year,
                "priority": candidate.priority if candidate else ZERO,
                "rank": candidate.reserve_rank if candidate and candidate.reserve_rank else 10**6,
            }
        )
    # Claims carried in from last year come first; then the office's rank.
    waiting.sort(key=lambda w: (not w["carried_in"], w["rank"], -w["priority"], w["need"], w["project"].code))
    left = remaining
    for item in waiting:
        item["coverable"] = item["need"] <= left
        if item["coverable"]:
            left -= item["need"]
    return waiting


def waiting_totals(waiting: list[dict[str, Any]]) -> dict[str, Decimal]:
    """What the reserve projects still waiting need in all, and how much of it this year's remainder covers."""
    return {
        "waiting_total": sum((w["need"] for w in waiting), ZERO),
        "waiting_coverable": sum((w["need"] for w in waiting if w["coverable"]), ZERO),
    }


def analysis(fund: Fund, as_of: dt.date | None = None) -> dict[str, Any]:
    """经费使用情况分析: everything the analysis page, its charts and its Excel export show."""
    totals = fund_totals(fund, as_of)
    waiting = reserve_waiting(fund, as_of)
    previous = Fund.objects.filter(year=fund.year - 1).first()
    carried_in = sums(entries(previous, as_of))["carried"] if previous else ZERO
    return {
        "fund": fund,
        "as_of": as_of,
        "totals": totals,
        "by_programme": breakdown(fund, "programme", as_of),
        "by_unit": breakdown(fund, "unit", as_of),
        "by_tier": breakdown(fund, "tier", as_of),
        "projects": project_rows(fund, as_of),
        "waiting": waiting,
        **waiting_totals(waiting),
        "carried_out": totals["carried"],
        "carried_in": carried_in,
    }


# The ledger filter that lists the entries behind a balance: those whose delta on it is not zero,
# so the sum of the list's deltas is the balance (the dashboard's figures link there).
MOVES = {"committed": "committed_delta", "disbursed": "disbursed_delta"}


def ledger_for_user(
    user: Any,
    *,
    year: Any = None,
    project: Any = None,
    kind: str = "",
    programme: Any = None,
    moves: str = "",
) -> QuerySet[LedgerEntry]:
    """Ledger entries ``user`` may see: everything for readers of the fund; a unit's own entries.
    ``moves`` ("committed" or "disbursed") keeps the entries that change that balance."""
    qs = LedgerEntry.objects.select_related("fund", "project", "unit", "programme", "reverses")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if not user.reads_everything:
        if user.unit_id is None:
            return qs.none()
        qs = qs.filter(unit_id=user.unit_id)
    if year:
        qs = qs.filter(fund__year=year)
    if project:
        qs = qs.filter(project_id=project)
    if kind:
        qs = qs.filter(kind=kind)
    if programme:
        qs = qs.filter(programme_id=programme)
    if moves:
        column = MOVES.get(moves)
        qs = qs.exclude(**{column: 0}) if column else qs.none()
    return qs.order_by("-id")




def ledger_filters(params: Any) -> dict[str, Any]:
    """The ledger list's filters from a query string: the page, its Excel export and the API read the same."""
    return {
        "project": filter_id(params.get("project")),
        "programme": filter_id(params.get("programme")),
        "kind": params.get("kind", "") or "",
        "moves": params.get("moves", "") or "",
    }


def advances_for_user(user: Any, *, year: Any = None) -> QuerySet[LedgerEntry]:
    """Advance payments with what has been reimbursed and what is still owed."""
    reimbursed = (
        LedgerEntry.objects.filter(advance=OuterRef("pk"))
        .values("advance")
        .annotate(t=Sum("reimbursed_delta"))
        .values("t")[:1]
    )
    reversed_amount = (
        LedgerEntry.objects.filter(reverses=OuterRef("pk"))
        .values("reverses")
        .annotate(t=Sum("advanced_delta"))
        .values("t")[:1]
    )
    money = DecimalField(max_digits=15, decimal_places=2)
    return (
        ledger_for_user(user, year=year, kind=EntryKind.ADVANCE)
        .annotate(
            reimbursed_total=Coalesce(Subquery(reimbursed), Value(ZERO), output_field=money),
            reversed_total=Coalesce(Subquery(reversed_amount), Value(ZERO), output_field=money),
        )
        .annotate(outstanding=F("amount") + F("reversed_total") - F("reimbursed_total"))
    )


def owed_total(user: Any) -> Decimal:
    return quantize(sum((quantize(a.outstanding) for a in advances_for_user(user)), ZERO))  # type: ignore[attr-defined]
