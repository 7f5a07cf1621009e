"""The yearly special fund (专项经费), its immutable ledger and the optimizer's candidates.

Balances are never stored: they are sums over the ledger's delta columns. Each entry carries
the signed effect it has on each balance (committed, disbursed, advanced, reimbursed, carried),
so a reversal is simply an entry with every delta negated, and every balance is one SUM.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongchou.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from tongchou.org.models import Programme, Unit
from tongchou.projects.models import Project, ProjectStatus

# Statuses in which a project may receive money from the fund (approved by the government onwards).
FUNDABLE_STATUSES = frozenset(
    {
        ProjectStatus.APPROVED,
        ProjectStatus.IN_IMPLEMENTATION,
        ProjectStatus.ACCEPTANCE_REQUESTED,
        ProjectStatus.ACCEPTED,
    }
)


def money_field(verbose_name: Any, **kwargs: Any) -> Any:
    return models.DecimalField(
        verbose_name, max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )


class Fund(models.Model):
    """One year's special informatization fund with its hard cap."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    cap = money_field(_("cap (yuan)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("special fund")
        verbose_name_plural = _("special funds")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=models.Q(cap__gte=0), name="fund_cap_not_negative")]

    def __str__(self) -> str:
        return f"{self.year}"


class EntryKind(models.TextChoices):
    ALLOCATION = "allocation", _("Allocation")
    REALLOCATION = "reallocation", _("Reallocation")
    DISBURSEMENT = "disbursement", _("Disbursement")
    ADVANCE = "advance", _("Advance payment")
    REIMBURSEMENT = "reimbursement", _("Reimbursement of an advance payment")
    CARRY_OVER = "carry_over", _("Carry-over to next year")
    REVERSAL = "reversal", _("Reversal")


class LedgerEntry(models.Model):
    """One money movement. Never updated nor deleted (database triggers refuse both):
    a correction is a new reversing entry."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="ledger_entries"
    )
    # Denormalised from the project at the time of the entry, so analyses group without joins
    # and a later change of the project's unit does not rewrite history.
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    amount = money_field(_("amount (yuan)"))
    committed_delta = money_field(_("committed change"), default=0)
    disbursed_delta = money_field(_("disbursed change"), default=0)
    advanced_delta = money_field(_("advanced change"), default=0)
    reimbursed_delta = money_field(_("reimbursed change"), default=0)
    carried_delta = money_field(_("carried-over change"), default=0)
    date = models.DateField(_("date"))
    payee = models.CharField(_("payee / vendor"), max_length=200, blank=True)
    voucher_number = models.CharField(_("voucher number"), max_length=64, blank=True)
    agreement = models.CharField(_("agreement"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The entries written together (both legs of a reallocation) share a batch; a reversal reverses a batch.
    batch = models.UUIDField(_("batch"), default=uuid.uuid4, db_index=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    advance = models.ForeignKey(
        "self",
        verbose_name=_("advance payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reimbursements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_by_name = models.CharField(_("recorded by"), max_length=100)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="ledger_amount_positive"),
            models.CheckConstraint(
                condition=~models.Q(kind="reversal") | models.Q(reverses__isnull=False),
                name="ledger_reversal_names_its_entry",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="reimbursement") | models.Q(advance__isnull=False),
                name="ledger_reimbursement_names_its_advance",
            ),
        ]
        indexes = [
            models.Index(fields=["fund", "project"], name="ledger_fund_project"),
            models.Index(fields=["fund", "date"], name="ledger_fund_date"),
            models.Index(fields=["unit", "kind"], name="ledger_unit_kind"),
            models.Index(fields=["project", "date"], name="ledger_project_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.project.code if self.project_id else ''})"


class Candidate(models.Model):
    """A project proposed for a year's plan, with the figures the optimizer weighs.

    ``priority`` defaults to the score of the project's latest favourable committee review
    (``planning.review_scores``) and follows it, unless the office set it by hand
    (``priority_manual``)."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="candidates"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="fund_candidacies"
    )
    amount = money_field(_("amount requested from this year's fund (yuan)"))
    priority = models.DecimalField(_("priority"), max_digits=7, decimal_places=2, default=0)
    priority_manual = models.BooleanField(_("priority set by hand"), default=False)
    must_fund = models.BooleanField(_("must be funded (leaders' decision)"), default=False)
    reserve_rank = models.PositiveIntegerField(_("reserve rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["fund", "-priority", "amount", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "project"], name="candidate_once_per_fund"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="candidate_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(priority__gte=0), name="candidate_priority_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund.year} {self.project}"


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Superseded")


class PlanProposal(models.Model):
    """The optimizer's answer, kept until the office accepts it (possibly adjusted by hand)."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="proposals")
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.PROPOSED
    )
    inputs = models.JSONField(_("inputs"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    created_by_name = models.CharField(_("proposed by"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan proposal")
        verbose_name_plural = _("plan proposals")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.fund.year} #{self.pk}"
