from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongchou.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from tongchou.org.models import Programme, Unit


class Tier(models.TextChoices):
    GUARANTEED = "guaranteed", _("Guaranteed")
    RESERVE = "reserve", _("Reserve")


class ProjectStatus(models.TextChoices):
    """Every state of the lifecycle. The transitions between them live in ``lifecycle``."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under committee review")
    REJECTED = "rejected", _("Rejected")
    REVIEWED = "reviewed", _("Reviewed favourably")
    SUBMITTED_TO_GOVERNMENT = "submitted_to_government", _("Submitted to the city government")
    APPROVED = "approved", _("Approved by the government")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    ACCEPTANCE_REQUESTED = "acceptance_requested", _("Acceptance requested")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    """One government-invested IT project (信息化项目)."""

    code = models.CharField(_("project code"), max_length=40)
    name = models.CharField(_("project name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="projects")
    unit = models.ForeignKey(Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT,
                             related_name="projects")
    owner_name = models.CharField(_("project owner"), max_length=50)
    owner_phone = models.CharField(_("owner's phone"), max_length=32, blank=True)
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    requested_budget = models.DecimalField(_("requested budget (yuan)"), max_digits=MONEY_MAX_DIGITS,
                                           decimal_places=MONEY_DECIMAL_PLACES)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.RESERVE)
    status = models.CharField(_("status"), max_length=32, choices=ProjectStatus.choices,
                              default=ProjectStatus.DRAFT)
    # Where a suspended project goes back to on ``resume``.
    suspended_from = models.CharField(_("status before suspension"), max_length=32, blank=True,
                                      choices=ProjectStatus.choices)
    # Every change of the proposal's content bumps the version; a review is of one version.
    version = models.PositiveIntegerField(_("version"), default=1)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    # Lower-cased, width-normalised name + code + description + module names, for substring search.
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="project_code_unique_in_year"),
            models.CheckConstraint(condition=models.Q(requested_budget__gte=0), name="project_budget_not_negative"),
        ]
        # Every filter and sort the list offers is backed by an index (issue 3's plan test reads them).
        indexes = [
            models.Index(fields=["year", "programme", "planned_end"], name="project_year_prog_end"),
            models.Index(fields=["programme", "planned_end"], name="project_prog_end"),
            models.Index(fields=["unit", "year"], name="project_unit_year"),
            models.Index(fields=["status", "year"], name="project_status_year"),
            models.Index(fields=["tier", "year"], name="project_tier_year"),
            models.Index(fields=["planned_end"], name="project_planned_end"),
            models.Index(fields=["-year", "code"], name="project_default_order"),
            models.Index(fields=["code"], name="project_code"),
            models.Index(fields=["requested_budget"], name="project_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Module(models.Model):
    """A functional part of a project (功能模块): the unit of overlap between projects."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="modules")
    name = models.CharField(_("module name"), max_length=200)
    description = models.TextField(_("module description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["project", "position", "id"]

    def __str__(self) -> str:
        return self.name
