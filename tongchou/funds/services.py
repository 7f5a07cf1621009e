"""Writes to the fund. Every money movement appends ledger entries inside one transaction that
first locks the fund's row, so two writers of the same fund run one after the other:
``select_for_update`` on PostgreSQL, the IMMEDIATE transaction on SQLite (settings.py), which
takes the write lock at BEGIN. Checks run after the lock, on balances summed from the ledger."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongchou.core.audit import audit_record
from tongchou.core.errors import Conflict, NotFound, PermissionRefused, ValidationFailed
from tongchou.core.money import format_yuan, parse_money
from tongchou.core.validation import clean_date, clean_text
from tongchou.org.models import Role, User
from tongchou.projects.models import Project

from .models import FUNDABLE_STATUSES, Candidate, EntryKind, Fund, LedgerEntry
from .selectors import advance_outstanding, can_manage_fund, fund_totals, project_balance, sums


def _require_office(actor: Any) -> None:
    if not getattr(actor, "is_office", False):
        raise PermissionRefused(_("Only the Committee Office may do this."))


def _require_fund_manager(actor: Any) -> None:
    if not can_manage_fund(actor):
        raise PermissionRefused(_("Only the Committee Office and the finance bureau may manage the fund."))


def _clean_year(value: Any) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(_("Year must be a number such as 2026."), field="year") from None
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("Year must be between 2000 and 2100."), field="year")
    return year


def _actor_name(actor: Any) -> str:
    if isinstance(actor, models.Model):
        return (actor.get_full_name() or actor.get_username())[:100]  # type: ignore[attr-defined]
    return str(actor)[:100]


def lock_fund(year: Any) -> Fund:
    """The fund's row, locked until the transaction ends (the serialisation point of every write)."""
    year = _clean_year(year)
    try:
        return Fund.objects.select_for_update().get(year=year)
    except Fund.DoesNotExist:
        raise ValidationFailed(
            _("There is no special fund for %(year)s: the office sets it up first.") % {"year": year},
            field="year",
        ) from None


def _project(value: Any, field: str = "project") -> Project:
    if isinstance(value, Project):
        return value
    try:
        return Project.objects.select_related("programme", "unit").get(pk=int(value))
    except (Project.DoesNotExist, TypeError, ValueError):
        raise ValidationFailed(
            _("Project “%(value)s” does not exist.") % {"value": value}, field=field
        ) from None


def _require_fundable(project: Project, field: str = "project") -> None:
    if project.status not in FUNDABLE_STATUSES:
        raise ValidationFailed(
            _("Project %(code)s is “%(status)s”: only projects approved by the government can be funded.")
            % {"code": project.code, "status": project.get_status_display()},
            field=field,
        )


def _entry_state(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "fund": entry.fund.year,
        "project": entry.project.code,
        "amount": entry.amount,
        "date": entry.date,
        "payee": entry.payee,
        "voucher_number": entry.voucher_number,
        "agreement": entry.agreement,
        "note": entry.note,
        "reverses": entry.reverses_id,
        "advance": entry.advance_id,
    }


def _insert(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Append entries. The services have checked every rule; the triggers refusing here means a
    rule was broken by a path the services do not know, which we report rather than hide."""
    try:
        with transaction.atomic():
            for entry in entries:
                entry.save(force_insert=True)
    except (IntegrityError, DatabaseError) as exc:
        raise Conflict(
            _("The ledger refused the entry: %(reason)s") % {"reason": str(exc).splitlines()[0]}
        ) from exc
    return entries


def _new_entry(
    *,
    actor: Any,
    fund: Fund,
    kind: str,
    project: Project,
    amount: Decimal,
    when: dt.date,
    batch: uuid.UUID | None = None,
    **fields: Any,
) -> LedgerEntry:
    return LedgerEntry(
        fund=fund,
        kind=kind,
        project=project,
        programme_id=project.programme_id,
        unit_id=project.unit_id,
        amount=amount,
        date=when,
        batch=batch or uuid.uuid4(),
        created_by=actor if isinstance(actor, User) else None,
        created_by_name=_actor_name(actor),
        **fields,
    )


def _amount(value: Any, field: str = "amount") -> Decimal:
    return parse_money(value, field=field, allow_zero=False)


def _date(value: Any) -> dt.date:
    return clean_date(value, field="date", label=_("Date")) or timezone.localdate()


def _text(value: Any, field: str, label: str, max_length: int, required: bool = False) -> str:
    return clean_text(value, field=field, label=label, max_length=max_length, required=required)


def _remaining_refusal(fund: Fund, amount: Decimal, remaining: Decimal) -> Conflict:
    return Conflict(
        _("The %(year)s fund cannot cover %(amount)s: remaining fund available for allocation %(remaining)s.")
        % {"year": fund.year, "amount": format_yuan(amount), "remaining": format_yuan(remaining)},
        field="amount",
        code="fund_exhausted",
    )


# --- The fund -------------------------------------------------------------------------------------


@transaction.atomic
def fund_create(*, actor: Any, year: Any, cap: Any, note: str = "") -> Fund:
    _require_fund_manager(actor)
    year = _clean_year(year)
    cap = parse_money(cap, field="cap")
    note = _text(note, "note", _("Note"), 300)
    if Fund.objects.filter(year=year).exists():
        raise Conflict(
            _("The %(year)s fund already exists: change its cap instead.") % {"year": year}, field="year"
        )
    try:
        with transaction.atomic():
            fund = Fund.objects.create(year=year, cap=cap, note=note)
    except IntegrityError:
        raise Conflict(
            _("The %(year)s fund already exists: change its cap instead.") % {"year": year}, field="year"
        ) from None
    audit_record(actor=actor, verb="fund.create", obj=fund, after={"year": year, "cap": cap, "note": note})
    return fund


@transaction.atomic
def fund_set_cap(*, actor: Any, year: Any, cap: Any, reason: str = "") -> Fund:
    """Change the cap; never below what is already committed."""
    _require_fund_manager(actor)
    cap = parse_money(cap, field="cap")
    reason = _text(reason, "reason", _("Reason"), 500)
    fund = lock_fund(year)
    committed = fund_totals(fund)["committed"]
    if cap < committed:
        raise Conflict(
            _("The cap cannot go below what is already committed: %(committed)s.")
            % {"committed": format_yuan(committed)},
            field="cap",
        )
    before = fund.cap
    fund.cap = cap
    fund.save(update_fields=["cap", "updated_at"])
    audit_record(
        actor=actor, verb="fund.set_cap", obj=fund, before={"cap": before}, after={"cap": cap}, reason=reason
    )
    return fund


# --- Allocations and reallocations ----------------------------------------------------------------


@transaction.atomic
def allocation_create(
    *, actor: Any, project: Any, amount: Any, year: Any = None, date: Any = None, note: str = ""
) -> LedgerEntry:
    """Commit money of a year's fund (the project's own year unless given) to an approved project."""
    _require_office(actor)
    amount = _amount(amount)
    project = _project(project)
    _require_fundable(project)
    when, note = _date(date), _text(note, "note", _("Note"), 500)
    fund = lock_fund(year if year not in (None, "") else project.year)
    if fund.year < project.year:
        raise ValidationFailed(
            _("Project %(code)s belongs to %(year)s: an earlier year's fund cannot pay it.")
            % {"code": project.code, "year": project.year},
            field="year",
        )
    remaining = fund_totals(fund)["remaining"]
    if amount > remaining:
        raise _remaining_refusal(fund, amount, remaining)
    (entry,) = _insert(
        [
            _new_entry(
                actor=actor,
                fund=fund,
                kind=EntryKind.ALLOCATION,
                project=project,
                amount=amount,
                when=when,
                note=note,
                committed_delta=amount,
            )
        ]
    )
    audit_record(actor=actor, verb="allocation.create", obj=entry, after=_entry_state(entry), subject=project)
    return entry


@transaction.atomic
def reallocation_create(
    *,
    actor: Any,
    year: Any,
    from_project: Any,
    to_project: Any,
    amount: Any,
    date: Any = None,
    note: str = "",
) -> list[LedgerEntry]:
    """Move committed money between two projects of the same year's fund."""
    _require_office(actor)
    amount = _amount(amount)
    source = _project(from_project, "from_project")
    target = _project(to_project, "to_project")
    if source.pk == target.pk:
        raise ValidationFailed(_("Choose two different projects."), field="to_project")
    _require_fundable(target, "to_project")
    when, note = _date(date), _text(note, "note", _("Note"), 500)
    fund = lock_fund(year)
    balance = project_balance(fund, source)
    if amount > balance["undisbursed"]:
        raise Conflict(
            _("Project %(code)s has only %(free)s allocated and not yet disbursed in %(year)s.")
            % {"code": source.code, "free": format_yuan(balance["undisbursed"]), "year": fund.year},
            field="amount",
        )
    batch = uuid.uuid4()
    out_leg = _new_entry(
        actor=actor,
        fund=fund,
        kind=EntryKind.REALLOCATION,
        project=source,
        amount=amount,
        when=when,
        note=note,
        batch=batch,
        committed_delta=-amount,
    )
    in_leg = _new_entry(
        actor=actor,
        fund=fund,
        kind=EntryKind.REALLOCATION,
        project=target,
        amount=amount,
        when=when,
        note=note,
        batch=batch,
        committed_delta=amount,
    )
    _insert([out_leg, in_leg])
    audit_record(
        actor=actor,
        verb="allocation.reallocate",
        obj=out_leg,
        subject=source,
        after={**_entry_state(out_leg), "to": target.code},
    )
    audit_record(
        actor=actor,
        verb="allocation.reallocate",
        obj=in_leg,
        subject=target,
        after={**_entry_state(in_leg), "from": source.code},
    )
    return [out_leg, in_leg]


# --- Payments -------------------------------------------------------------------------------------


def _check_disbursable(fund: Fund, project: Project, amount: Decimal) -> None:
    balance = project_balance(fund, project)
    if amount > balance["undisbursed"]:
        raise Conflict(
            _(
                "Project %(code)s cannot be paid %(amount)s from the %(year)s fund: allocated and not yet "
                "disbursed %(free)s."
            )
            % {
                "code": project.code,
                "amount": format_yuan(amount),
                "year": fund.year,
                "free": format_yuan(balance["undisbursed"]),
            },
            field="amount",
        )


@transaction.atomic
def disbursement_create(
    *,
    actor: Any,
    project: Any,
    amount: Any,
    payee: Any,
    voucher_number: Any,
    year: Any = None,
    date: Any = None,
    note: str = "",
) -> LedgerEntry:
    """拨付: pay a vendor out of a project's allocation."""
    _require_office(actor)
    amount = _amount(amount)
    project = _project(project)
    payee = _text(payee, "payee", _("Payee / vendor"), 200, required=True)
    voucher_number = _text(voucher_number, "voucher_number", _("Voucher number"), 64, required=True)
    when, note = _date(date), _text(note, "note", _("Note"), 500)
    fund = lock_fund(year if year not in (None, "") else project.year)
    _check_disbursable(fund, project, amount)
    (entry,) = _insert(
        [
            _new_entry(
                actor=actor,
                fund=fund,
                kind=EntryKind.DISBURSEMENT,
                project=project,
                amount=amount,
                when=when,
                payee=payee,
                voucher_number=voucher_number,
                note=note,
                disbursed_delta=amount,
            )
        ]
    )
    audit_record(
        actor=actor, verb="disbursement.create", obj=entry, after=_entry_state(entry), subject=project
    )
    return entry


def _require_unit_or_office(actor: Any, project: Project) -> None:
    if getattr(actor, "is_office", False):
        return
    if getattr(actor, "role", None) in (Role.UNIT, Role.GROUP_LEAD) and actor.unit_id == project.unit_id:
        return
    raise PermissionRefused(_("Only the responsible unit (or the office) records its advance payments."))


@transaction.atomic
def advance_create(
    *, actor: Any, project: Any, amount: Any, payee: Any, agreement: Any, date: Any = None, note: str = ""
) -> LedgerEntry:
    """垫付: the responsible unit paid first for an approved project; the fund owes it back."""
    amount = _amount(amount)
    project = _project(project)
    _require_unit_or_office(actor, project)
    _require_fundable(project)
    payee = _text(payee, "payee", _("Payee / vendor"), 200, required=True)
    agreement = _text(agreement, "agreement", _("Agreement"), 200, required=True)
    when, note = _date(date), _text(note, "note", _("Note"), 500)
    fund = lock_fund(project.year)
    (entry,) = _insert(
        [
            _new_entry(
                actor=actor,
                fund=fund,
                kind=EntryKind.ADVANCE,
                project=project,
                amount=amount,
                when=when,
                payee=payee,
                agreement=agreement,
                note=note,
                advanced_delta=amount,
            )
        ]
    )
    audit_record(actor=actor, verb="advance.create", obj=entry, after=_entry_state(entry), subject=project)
    return entry


def advance_get(pk: Any) -> LedgerEntry:
    try:
        return LedgerEntry.objects.select_related("project", "fund").get(pk=int(pk), kind=EntryKind.ADVANCE)
    except (LedgerEntry.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No such advance payment.")) from None


@transaction.atomic
def reimbursement_create(
    *,
    actor: Any,
    advance: Any,
    amount: Any,
    voucher_number: Any,
    year: Any = None,
    date: Any = None,
    note: str = "",
) -> LedgerEntry:
    """Pay a unit back for its advance out of the project's allocation in this year's fund or next."""
    _require_office(actor)
    if not isinstance(advance, LedgerEntry):
        advance = advance_get(advance)
    amount = _amount(amount)
    voucher_number = _text(voucher_number, "voucher_number", _("Voucher number"), 64, required=True)
    when, note = _date(date), _text(note, "note", _("Note"), 500)
    paying_year = _clean_year(year) if year not in (None, "") else advance.fund.year
    if paying_year < advance.fund.year:
        raise ValidationFailed(
            _("An advance of %(year)s is reimbursed from that year's fund or a later one.")
            % {"year": advance.fund.year},
            field="year",
        )
    # Lock in year order so two writers never wait on each other crosswise.
    advance_fund = lock_fund(advance.fund.year)
    fund = lock_fund(paying_year) if paying_year != advance_fund.year else advance_fund
    outstanding = advance_outstanding(advance)
    if amount > outstanding:
        raise Conflict(
            _("Only %(owed)s of this advance payment is still to be reimbursed.")
            % {"owed": format_yuan(outstanding)},
            field="amount",
        )
    project = advance.project
    _check_disbursable(fund, project, amount)
    (entry,) = _insert(
        [
            _new_entry(
                actor=actor,
                fund=fund,
                kind=EntryKind.REIMBURSEMENT,
                project=project,
                amount=amount,
                when=when,
                payee=project.unit.name,
                voucher_number=voucher_number,
                note=note,
                advance=advance,
                disbursed_delta=amount,
                reimbursed_delta=amount,
            )
        ]
    )
    audit_record(actor=actor, verb="advance.reimburse", obj=entry, after=_entry_state(entry), subject=project)
    return entry


@transaction.atomic
def carry_over_create(
    *, actor: Any, project: Any, amount: Any, year: Any, date: Any = None, note: str = ""
) -> LedgerEntry:
    """结转: record that a reserve project's unfunded need becomes a first claim on next year's fund."""
    _require_office(actor)
    amount = _amount(amount)
    project = _project(project)
    _require_fundable(project)
    when, note = _date(date), _text(note, "note", _("Note"), 500)
    fund = lock_fund(year)
    committed_all = sums(LedgerEntry.objects.filter(project=project))["committed"]
    carried_here = sums(LedgerEntry.objects.filter(project=project, fund=fund))["carried"]
    candidate = Candidate.objects.filter(fund=fund, project=project).first()
    need = (candidate.amount if candidate else project.requested_budget) - committed_all - carried_here
    if amount > need:
        raise Conflict(
            _("Project %(code)s has only %(need)s of unfunded need left to carry over.")
            % {"code": project.code, "need": format_yuan(max(need, Decimal(0)))},
            field="amount",
        )
    (entry,) = _insert(
        [
            _new_entry(
                actor=actor,
                fund=fund,
                kind=EntryKind.CARRY_OVER,
                project=project,
                amount=amount,
                when=when,
                note=note,
                carried_delta=amount,
            )
        ]
    )
    audit_record(actor=actor, verb="fund.carry_over", obj=entry, after=_entry_state(entry), subject=project)
    return entry


# --- Reversals ------------------------------------------------------------------------------------

DELTA_FIELDS = ("committed_delta", "disbursed_delta", "advanced_delta", "reimbursed_delta", "carried_delta")


@transaction.atomic
def entry_reverse(*, actor: Any, entry: Any, reason: Any, date: Any = None) -> list[LedgerEntry]:
    """Correct a mistake by appending entries that cancel it (both legs of a reallocation together)."""
    _require_office(actor)
    if not isinstance(entry, LedgerEntry):
        try:
            entry = LedgerEntry.objects.get(pk=int(entry))
        except (LedgerEntry.DoesNotExist, TypeError, ValueError):
            raise NotFound(_("No such ledger entry.")) from None
    reason = _text(reason, "reason", _("Reason"), 500, required=True)
    when = _date(date)
    if entry.kind == EntryKind.REVERSAL:
        raise ValidationFailed(
            _("A reversal cannot itself be reversed: record the movement again."), field="entry"
        )
    batch = list(
        LedgerEntry.objects.filter(batch=entry.batch).select_related("project", "fund").order_by("id")
    )
    funds = sorted({e.fund.year for e in batch})
    for year in funds:
        lock_fund(year)
    if LedgerEntry.objects.filter(reverses__in=batch).exists():
        raise Conflict(_("This entry has already been reversed."), field="entry")
    reversal_batch = uuid.uuid4()
    reversals = []
    for original in batch:
        if original.kind == EntryKind.ADVANCE and original.reimbursements.exists():
            owed = advance_outstanding(original)
            if owed != original.amount:
                raise Conflict(
                    _(
                        "This advance payment has been reimbursed in part: reverse the "
                        "reimbursements first (still owed %(owed)s)."
                    )
                    % {"owed": format_yuan(owed)},
                    field="entry",
                )
        reversals.append(
            _new_entry(
                actor=actor,
                fund=original.fund,
                kind=EntryKind.REVERSAL,
                project=original.project,
                amount=original.amount,
                when=when,
                batch=reversal_batch,
                note=reason,
                reverses=original,
                advance=original.advance,
                payee=original.payee,
                voucher_number=original.voucher_number,
                **{name: -getattr(original, name) for name in DELTA_FIELDS},
            )
        )
    # The reversed balances must still hold: taking back an allocation already paid out is refused.
    for reversal in reversals:
        fund = reversal.fund
        if reversal.committed_delta < 0:
            balance = project_balance(fund, reversal.project)
            taken = -sum(
                (r.committed_delta for r in reversals if r.project_id == reversal.project_id), Decimal(0)
            )
            returned = -sum(
                (r.disbursed_delta for r in reversals if r.project_id == reversal.project_id), Decimal(0)
            )
            if balance["committed"] - taken < balance["disbursed"] - returned:
                raise Conflict(
                    _(
                        "Project %(code)s has already been paid %(paid)s in %(year)s: reverse the "
                        "payments first."
                    )
                    % {
                        "code": reversal.project.code,
                        "year": fund.year,
                        "paid": format_yuan(balance["disbursed"]),
                    },
                    field="entry",
                )
    for year in funds:
        added = sum((r.committed_delta for r in reversals if r.fund.year == year), Decimal(0))
        fund = next(r.fund for r in reversals if r.fund.year == year)
        remaining = fund_totals(fund)["remaining"]
        if added > remaining:
            raise _remaining_refusal(fund, added, remaining)
    _insert(reversals)
    for reversal in reversals:
        audit_record(
            actor=actor,
            verb="ledger.reverse",
            obj=reversal,
            after=_entry_state(reversal),
            reason=reason,
            subject=reversal.project,
        )
    return reversals
