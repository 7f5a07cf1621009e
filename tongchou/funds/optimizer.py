"""The portfolio optimizer: choose the guaranteed set that maximises total priority within the
fund, as an exact 0/1 integer program solved by HiGHS (highspy).

    maximise   Σ priority_i · x_i
    subject to Σ amount_i · x_i ≤ budget                      (what the fund has left)
               x_i = 1 for every must-fund project             (leaders' decisions)
               min_p · cap ≤ committed_p + Σ_{i∈p} amount_i · x_i ≤ max_p · cap   (programme shares)
               x_i ∈ {0, 1}

Amounts enter in cents (integers), so the budget row is checked exactly. What each constraint
costs is the priority the optimum gains when that constraint alone is dropped (one re-solve each).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import highspy
import numpy as np
from django.utils.translation import gettext as _

from tongchou.core.money import format_yuan

TIME_LIMIT_SECONDS = 30.0


@dataclass(frozen=True)
class Item:
    project_id: int
    code: str
    name: str
    programme_id: int
    programme: str
    amount: Decimal
    priority: Decimal
    must_fund: bool = False


@dataclass(frozen=True)
class Share:
    programme_id: int
    programme: str
    minimum: Decimal | None = None  # fractions of the cap, 0..1
    maximum: Decimal | None = None


@dataclass
class Problem:
    items: list[Item]
    budget: Decimal  # what is left of the fund to allocate
    cap: Decimal
    committed_by_programme: dict[int, Decimal] = field(default_factory=dict)
    shares: list[Share] = field(default_factory=list)


@dataclass
class Solution:
    feasible: bool
    optimal: bool
    objective: Decimal
    chosen: set[int]
    seconds: float


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints its banner from C++ when created, before any option can be set (pitfalls.md)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _cents(amount: Decimal) -> float:
    return float(int(amount * 100))


def solve(
    problem: Problem, *, drop_must: int | None = None, drop_share: tuple[int, str] | None = None
) -> Solution:
    """Solve the integer program, optionally without one must-fund pin or one share bound."""
    started = time.perf_counter()
    items = problem.items
    n = len(items)
    if n == 0:
        return Solution(True, True, Decimal(0), set(), 0.0)
    with _quiet_stdout():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("log_to_console", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.0)
    highs.setOptionValue("time_limit", TIME_LIMIT_SECONDS)
    inf = highspy.kHighsInf
    lower = np.array([1.0 if item.must_fund and item.project_id != drop_must else 0.0 for item in items])
    highs.addVars(n, lower, np.ones(n))
    indices = np.arange(n, dtype=np.int32)
    highs.changeColsIntegrality(n, indices, np.array([highspy.HighsVarType.kInteger] * n))
    highs.changeColsCost(n, indices, np.array([float(item.priority) for item in items]))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    amounts = np.array([_cents(item.amount) for item in items])
    highs.addRow(-inf, _cents(problem.budget), n, indices, amounts)
    for share in problem.shares:
        members = np.array(
            [i for i, item in enumerate(items) if item.programme_id == share.programme_id], dtype=np.int32
        )
        committed = problem.committed_by_programme.get(share.programme_id, Decimal(0))
        low = (
            -inf
            if share.minimum is None or drop_share == (share.programme_id, "min")
            else _cents(share.minimum * problem.cap - committed)
        )
        high = (
            inf
            if share.maximum is None or drop_share == (share.programme_id, "max")
            else _cents(share.maximum * problem.cap - committed)
        )
        if len(members) == 0:
            if low > 0 or high < 0:
                return Solution(False, True, Decimal(0), set(), time.perf_counter() - started)
            continue
        highs.addRow(low, high, len(members), members, amounts[members])
    highs.run()
    status = highs.getModelStatus()
    seconds = time.perf_counter() - started
    if status == highspy.HighsModelStatus.kInfeasible:
        return Solution(False, True, Decimal(0), set(), seconds)
    values = highs.getSolution().col_value
    chosen = {items[i].project_id for i in range(n) if values[i] > 0.5}
    objective = sum((item.priority for item in items if item.project_id in chosen), Decimal(0))
    optimal = status == highspy.HighsModelStatus.kOptimal
    if not chosen and status != highspy.HighsModelStatus.kOptimal:
        return Solution(False, False, Decimal(0), set(), seconds)
    return Solution(True, optimal, objective, chosen, seconds)


def _fraction(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}%"


def explain_infeasible(problem: Problem) -> list[str]:
    """Name what makes the inputs impossible, in the office's words."""
    reasons: list[str] = []
    must = [item for item in problem.items if item.must_fund]
    must_total = sum((item.amount for item in must), Decimal(0))
    if must_total > problem.budget:
        reasons.append(
            _(
                "The must-fund projects need %(need)s but the fund has only %(left)s left to allocate "
                "(short by %(short)s)."
            )
            % {
                "need": format_yuan(must_total),
                "left": format_yuan(problem.budget),
                "short": format_yuan(must_total - problem.budget),
            }
        )
    minimum_total = sum((s.minimum for s in problem.shares if s.minimum is not None), Decimal(0))
    if minimum_total > 1:
        reasons.append(
            _("The minimum programme shares add up to %(total)s of the cap, more than all of it.")
            % {"total": _fraction(minimum_total)}
        )
    for share in problem.shares:
        committed = problem.committed_by_programme.get(share.programme_id, Decimal(0))
        members = [item for item in problem.items if item.programme_id == share.programme_id]
        if share.minimum is not None:
            reachable = committed + sum((item.amount for item in members), Decimal(0))
            if reachable < share.minimum * problem.cap:
                reasons.append(
                    _(
                        "%(programme)s must get at least %(share)s of the cap (%(need)s) but even every "
                        "candidate together reaches only %(reach)s."
                    )
                    % {
                        "programme": share.programme,
                        "share": _fraction(share.minimum),
                        "need": format_yuan(share.minimum * problem.cap),
                        "reach": format_yuan(reachable),
                    }
                )
        if share.maximum is not None:
            forced = committed + sum((item.amount for item in members if item.must_fund), Decimal(0))
            if forced > share.maximum * problem.cap:
                reasons.append(
                    _(
                        "%(programme)s may get at most %(share)s of the cap (%(limit)s) but its "
                        "allocations and must-fund projects already take %(forced)s."
                    )
                    % {
                        "programme": share.programme,
                        "share": _fraction(share.maximum),
                        "limit": format_yuan(share.maximum * problem.cap),
                        "forced": format_yuan(forced),
                    }
                )
    if not reasons:
        # No single cause: say which constraints, each dropped alone, make the plan possible.
        freeing = [label for label, kwargs in _constraints(problem) if solve(problem, **kwargs).feasible]
        if freeing:
            reasons.append(
                _(
                    "No plan meets every constraint together; dropping any one of these would make it "
                    "possible: %(list)s."
                )
                % {"list": "；".join(freeing)}
            )
        else:
            reasons.append(_("No plan meets the constraints together: relax several of them."))
    return reasons


def _constraints(problem: Problem) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for item in problem.items:
        if item.must_fund:
            found.append(
                (
                    _("must fund %(code)s %(name)s") % {"code": item.code, "name": item.name},
                    {"drop_must": item.project_id},
                )
            )
    for share in problem.shares:
        if share.minimum is not None:
            found.append(
                (
                    _("%(programme)s at least %(share)s")
                    % {"programme": share.programme, "share": _fraction(share.minimum)},
                    {"drop_share": (share.programme_id, "min")},
                )
            )
        if share.maximum is not None:
            found.append(
                (
                    _("%(programme)s at most %(share)s")
                    % {"programme": share.programme, "share": _fraction(share.maximum)},
                    {"drop_share": (share.programme_id, "max")},
                )
            )
    return found


def optimize(problem: Problem) -> dict[str, Any]:
    """Solve, rank the rest as reserve, price each constraint. JSON-ready (amounts as strings)."""
    base = solve(problem)
    result: dict[str, Any] = {
        "feasible": base.feasible,
        "optimal": base.optimal,
        "seconds": round(base.seconds, 3),
        "budget": f"{problem.budget:.2f}",
        "cap": f"{problem.cap:.2f}",
        "candidates": len(problem.items),
    }
    if not base.feasible:
        result.update(
            objective="0",
            selected=[],
            reserve=[],
            constraint_costs=[],
            explanations=explain_infeasible(problem),
            total_selected="0.00",
        )
        return result

    def row(item: Item, **extra: Any) -> dict[str, Any]:
        return {
            "project": item.project_id,
            "code": item.code,
            "name": item.name,
            "programme": item.programme,
            "amount": f"{item.amount:.2f}",
            "priority": f"{item.priority:.2f}",
            "must_fund": item.must_fund,
            **extra,
        }

    selected = [row(item) for item in problem.items if item.project_id in base.chosen]
    rest = sorted(
        (item for item in problem.items if item.project_id not in base.chosen),
        key=lambda item: (-item.priority, item.amount, item.code),
    )
    costs = []
    for label, kwargs in _constraints(problem):
        relaxed = solve(problem, **kwargs)
        cost = relaxed.objective - base.objective if relaxed.feasible else Decimal(0)
        costs.append({"constraint": label, "cost": f"{max(cost, Decimal(0)):.2f}"})
    total = sum((item.amount for item in problem.items if item.project_id in base.chosen), Decimal(0))
    result.update(
        objective=f"{base.objective:.2f}",
        selected=selected,
        explanations=[],
        reserve=[row(item, rank=rank) for rank, item in enumerate(rest, start=1)],
        constraint_costs=costs,
        total_selected=f"{total:.2f}",
        left_after=f"{problem.budget - total:.2f}",
    )
    return result
